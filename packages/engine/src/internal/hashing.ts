// Flagsmith's bucketing: md5 over the comma-joined ids, as an integer modulo 9999, scaled to
// [0, 100). The UTF-8 bytes go into one reusable buffer, so hashing allocates nothing.
import { md5, md5PaddedLength } from './md5';

let buffer = new Uint8Array(512);
const digest = new Uint8Array(16);

function reserve(bytes: number): void {
  const needed = md5PaddedLength(bytes);
  if (buffer.length < needed) {
    let size = buffer.length;
    while (size < needed) size *= 2;
    buffer = new Uint8Array(size);
  }
}

/** Writes `text` as UTF-8 at `offset` (lone surrogates become U+FFFD) and returns the new end. */
function writeUtf8(text: string, offset: number): number {
  const out = buffer;
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      out[at++] = code;
      continue;
    }
    if (code < 0x800) {
      out[at++] = 0xc0 | (code >>> 6);
      out[at++] = 0x80 | (code & 0x3f);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[at++] = 0xf0 | (code >>> 18);
        out[at++] = 0x80 | ((code >>> 12) & 0x3f);
        out[at++] = 0x80 | ((code >>> 6) & 0x3f);
        out[at++] = 0x80 | (code & 0x3f);
        continue;
      }
      code = 0xfffd;
    }
    out[at++] = 0xe0 | (code >>> 12);
    out[at++] = 0x80 | ((code >>> 6) & 0x3f);
    out[at++] = 0x80 | (code & 0x3f);
  }
  return at;
}

/**
 * The percentage (0 inclusive, 100 exclusive) Flagsmith derives from a list of ids: md5 of the ids
 * joined with commas, as a big-endian integer modulo 9999, divided by 9998. Landing on exactly
 * 100 repeats the ids once more, as Flagsmith's engines do.
 */
export function hashedPercentage(ids: readonly string[]): number {
  let bytes = ids.length;
  for (const id of ids) bytes += id.length * 3;
  for (let iterations = 1; ; iterations++) {
    reserve(bytes * iterations);
    let length = 0;
    let separate = false;
    for (let round = 0; round < iterations; round++) {
      for (const id of ids) {
        if (separate) buffer[length++] = 0x2c;
        separate = true;
        length = writeUtf8(id, length);
      }
    }
    md5(buffer, length, digest);
    let remainder = 0;
    for (let i = 0; i < 16; i++) remainder = (remainder * 256 + (digest[i] as number)) % 9999;
    const percentage = (remainder / 9998) * 100;
    if (percentage !== 100) return percentage;
  }
}

/** `hashedPercentage([first, second])` without allocating the list: the hot path. */
export function hashedPercentageOfPair(first: string, second: string): number {
  reserve(first.length * 3 + second.length * 3 + 1);
  let length = writeUtf8(first, 0);
  buffer[length++] = 0x2c;
  length = writeUtf8(second, length);
  md5(buffer, length, digest);
  let remainder = 0;
  for (let i = 0; i < 16; i++) remainder = (remainder * 256 + (digest[i] as number)) % 9999;
  const percentage = (remainder / 9998) * 100;
  return percentage !== 100 ? percentage : hashedPercentage([first, second]);
}

/** The lowercase hex MD5 digest of a string's UTF-8 bytes (for tests and diagnostics). */
export function md5Hex(text: string): string {
  reserve(text.length * 3);
  const length = writeUtf8(text, 0);
  md5(buffer, length, digest);
  let hex = '';
  for (let i = 0; i < 16; i++) hex += (digest[i] as number).toString(16).padStart(2, '0');
  return hex;
}
