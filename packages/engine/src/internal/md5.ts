// MD5 (RFC 1321) over bytes, written for speed: no allocation per call, no string building,
// 32-bit integer arithmetic only, rounds written out in full (generated) so nothing is left to
// the engine's inlining budget. Flagsmith buckets identities with md5, so this runs on every
// multivariate and percentage-split evaluation.

/** The buffer size MD5 needs for `length` bytes of input, padding and length field included. */
export function md5PaddedLength(length: number): number {
  return (((length + 8) >>> 6) + 1) << 6;
}

/**
 * Computes the MD5 digest of `buffer[0, length)` into `digest` (16 bytes).
 *
 * `buffer` is used as scratch space for the padding, so it must hold at least
 * `md5PaddedLength(length)` bytes; the bytes after `length` are overwritten.
 */
export function md5(buffer: Uint8Array, length: number, digest: Uint8Array): void {
  const padded = md5PaddedLength(length);
  buffer[length] = 0x80;
  buffer.fill(0, length + 1, padded - 8);
  const bits = length * 8;
  const low = bits >>> 0;
  const high = Math.floor(bits / 0x100000000) >>> 0;
  buffer[padded - 8] = low & 0xff;
  buffer[padded - 7] = (low >>> 8) & 0xff;
  buffer[padded - 6] = (low >>> 16) & 0xff;
  buffer[padded - 5] = low >>> 24;
  buffer[padded - 4] = high & 0xff;
  buffer[padded - 3] = (high >>> 8) & 0xff;
  buffer[padded - 2] = (high >>> 16) & 0xff;
  buffer[padded - 1] = high >>> 24;

  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  for (let offset = 0; offset < padded; offset += 64) {
    const x0 =
      (buffer[offset + 0] as number) |
      ((buffer[offset + 1] as number) << 8) |
      ((buffer[offset + 2] as number) << 16) |
      ((buffer[offset + 3] as number) << 24);
    const x1 =
      (buffer[offset + 4] as number) |
      ((buffer[offset + 5] as number) << 8) |
      ((buffer[offset + 6] as number) << 16) |
      ((buffer[offset + 7] as number) << 24);
    const x2 =
      (buffer[offset + 8] as number) |
      ((buffer[offset + 9] as number) << 8) |
      ((buffer[offset + 10] as number) << 16) |
      ((buffer[offset + 11] as number) << 24);
    const x3 =
      (buffer[offset + 12] as number) |
      ((buffer[offset + 13] as number) << 8) |
      ((buffer[offset + 14] as number) << 16) |
      ((buffer[offset + 15] as number) << 24);
    const x4 =
      (buffer[offset + 16] as number) |
      ((buffer[offset + 17] as number) << 8) |
      ((buffer[offset + 18] as number) << 16) |
      ((buffer[offset + 19] as number) << 24);
    const x5 =
      (buffer[offset + 20] as number) |
      ((buffer[offset + 21] as number) << 8) |
      ((buffer[offset + 22] as number) << 16) |
      ((buffer[offset + 23] as number) << 24);
    const x6 =
      (buffer[offset + 24] as number) |
      ((buffer[offset + 25] as number) << 8) |
      ((buffer[offset + 26] as number) << 16) |
      ((buffer[offset + 27] as number) << 24);
    const x7 =
      (buffer[offset + 28] as number) |
      ((buffer[offset + 29] as number) << 8) |
      ((buffer[offset + 30] as number) << 16) |
      ((buffer[offset + 31] as number) << 24);
    const x8 =
      (buffer[offset + 32] as number) |
      ((buffer[offset + 33] as number) << 8) |
      ((buffer[offset + 34] as number) << 16) |
      ((buffer[offset + 35] as number) << 24);
    const x9 =
      (buffer[offset + 36] as number) |
      ((buffer[offset + 37] as number) << 8) |
      ((buffer[offset + 38] as number) << 16) |
      ((buffer[offset + 39] as number) << 24);
    const x10 =
      (buffer[offset + 40] as number) |
      ((buffer[offset + 41] as number) << 8) |
      ((buffer[offset + 42] as number) << 16) |
      ((buffer[offset + 43] as number) << 24);
    const x11 =
      (buffer[offset + 44] as number) |
      ((buffer[offset + 45] as number) << 8) |
      ((buffer[offset + 46] as number) << 16) |
      ((buffer[offset + 47] as number) << 24);
    const x12 =
      (buffer[offset + 48] as number) |
      ((buffer[offset + 49] as number) << 8) |
      ((buffer[offset + 50] as number) << 16) |
      ((buffer[offset + 51] as number) << 24);
    const x13 =
      (buffer[offset + 52] as number) |
      ((buffer[offset + 53] as number) << 8) |
      ((buffer[offset + 54] as number) << 16) |
      ((buffer[offset + 55] as number) << 24);
    const x14 =
      (buffer[offset + 56] as number) |
      ((buffer[offset + 57] as number) << 8) |
      ((buffer[offset + 58] as number) << 16) |
      ((buffer[offset + 59] as number) << 24);
    const x15 =
      (buffer[offset + 60] as number) |
      ((buffer[offset + 61] as number) << 8) |
      ((buffer[offset + 62] as number) << 16) |
      ((buffer[offset + 63] as number) << 24);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    a = (a + ((b & c) | (~b & d)) + x0 + -680876936) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x1 + -389564586) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x2 + 606105819) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x3 + -1044525330) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & c) | (~b & d)) + x4 + -176418897) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x5 + 1200080426) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x6 + -1473231341) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x7 + -45705983) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & c) | (~b & d)) + x8 + 1770035416) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x9 + -1958414417) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x10 + -42063) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x11 + -1990404162) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & c) | (~b & d)) + x12 + 1804603682) | 0;
    a = (((a << 7) | (a >>> 25)) + b) | 0;
    d = (d + ((a & b) | (~a & c)) + x13 + -40341101) | 0;
    d = (((d << 12) | (d >>> 20)) + a) | 0;
    c = (c + ((d & a) | (~d & b)) + x14 + -1502002290) | 0;
    c = (((c << 17) | (c >>> 15)) + d) | 0;
    b = (b + ((c & d) | (~c & a)) + x15 + 1236535329) | 0;
    b = (((b << 22) | (b >>> 10)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x1 + -165796510) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x6 + -1069501632) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x11 + 643717713) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x0 + -373897302) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x5 + -701558691) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x10 + 38016083) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x15 + -660478335) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x4 + -405537848) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x9 + 568446438) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x14 + -1019803690) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x3 + -187363961) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x8 + 1163531501) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + ((b & d) | (c & ~d)) + x13 + -1444681467) | 0;
    a = (((a << 5) | (a >>> 27)) + b) | 0;
    d = (d + ((a & c) | (b & ~c)) + x2 + -51403784) | 0;
    d = (((d << 9) | (d >>> 23)) + a) | 0;
    c = (c + ((d & b) | (a & ~b)) + x7 + 1735328473) | 0;
    c = (((c << 14) | (c >>> 18)) + d) | 0;
    b = (b + ((c & a) | (d & ~a)) + x12 + -1926607734) | 0;
    b = (((b << 20) | (b >>> 12)) + c) | 0;
    a = (a + (b ^ c ^ d) + x5 + -378558) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x8 + -2022574463) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x11 + 1839030562) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x14 + -35309556) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (b ^ c ^ d) + x1 + -1530992060) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x4 + 1272893353) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x7 + -155497632) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x10 + -1094730640) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (b ^ c ^ d) + x13 + 681279174) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x0 + -358537222) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x3 + -722521979) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x6 + 76029189) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (b ^ c ^ d) + x9 + -640364487) | 0;
    a = (((a << 4) | (a >>> 28)) + b) | 0;
    d = (d + (a ^ b ^ c) + x12 + -421815835) | 0;
    d = (((d << 11) | (d >>> 21)) + a) | 0;
    c = (c + (d ^ a ^ b) + x15 + 530742520) | 0;
    c = (((c << 16) | (c >>> 16)) + d) | 0;
    b = (b + (c ^ d ^ a) + x2 + -995338651) | 0;
    b = (((b << 23) | (b >>> 9)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x0 + -198630844) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x7 + 1126891415) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x14 + -1416354905) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x5 + -57434055) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x12 + 1700485571) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x3 + -1894986606) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x10 + -1051523) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x1 + -2054922799) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x8 + 1873313359) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x15 + -30611744) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x6 + -1560198380) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x13 + 1309151649) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    a = (a + (c ^ (b | ~d)) + x4 + -145523070) | 0;
    a = (((a << 6) | (a >>> 26)) + b) | 0;
    d = (d + (b ^ (a | ~c)) + x11 + -1120210379) | 0;
    d = (((d << 10) | (d >>> 22)) + a) | 0;
    c = (c + (a ^ (d | ~b)) + x2 + 718787259) | 0;
    c = (((c << 15) | (c >>> 17)) + d) | 0;
    b = (b + (d ^ (c | ~a)) + x9 + -343485551) | 0;
    b = (((b << 21) | (b >>> 11)) + c) | 0;
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
  }
  writeWord(digest, 0, h0);
  writeWord(digest, 4, h1);
  writeWord(digest, 8, h2);
  writeWord(digest, 12, h3);
}

function writeWord(out: Uint8Array, i: number, value: number): void {
  out[i] = value & 0xff;
  out[i + 1] = (value >>> 8) & 0xff;
  out[i + 2] = (value >>> 16) & 0xff;
  out[i + 3] = value >>> 24;
}
