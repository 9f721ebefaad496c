// CRC-32C straight from its definition, one bit at a time with no tables: the reference the
// element's sliced implementation (src/lib/crc32.ts) and the local backend are both held to.
// Free of DOM and Node APIs, so the Node and the Chromium tests share it.

/** The CRC-32C of `bytes`: reflected polynomial 0x82F63B78, all ones in and out. */
export function referenceCrc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
