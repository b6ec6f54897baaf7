/**
 * The UTF-8 size of a string in bytes, as it goes over the wire (a lone surrogate counts 3, the
 * size of the U+FFFD it is sent as). For the rare large events and page-hide batches only: it
 * encodes the string to measure it.
 */
export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}
