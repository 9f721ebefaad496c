/**
 * Checksums S3 verifies: Content-MD5 and the x-amz-checksum-* family. Each is computed while
 * the body streams, so big uploads are never held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256'];

/** A checksum as S3 keeps it with an object or a part. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  /** base64; a composite one ends in `-{parts}`. */
  value: string;
  /** How a multipart object's checksum was made; a single PUT's covers the whole object. */
  type?: ChecksumType;
}

export interface RunningChecksum {
  update(data: Buffer): void;
  /** base64, as S3 writes checksums. */
  digest(): string;
}

/**
 * The CRC-32 family S3 uses (reflected, initial value and final XOR all ones): CRC32 (zlib's,
 * native) and CRC32C (Castagnoli) here, sliced eight bytes at a time (about 1 GB/s; this is little-endian only, as
 * every machine Node runs the local backend on), and the
 * combination of two CRCs without their bytes (zlib's crc32_combine: multiply by x^(8·length)
 * modulo the polynomial), which is how S3 makes a multipart object's full-object checksum from
 * its parts' checksums.
 */
function crcTables(poly: number): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    tables[0]![n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) for (let t = 1; t < 8; t++) tables[t]![n] = (tables[t - 1]![n]! >>> 8) ^ tables[0]![tables[t - 1]![n]! & 0xff]!;
  return tables;
}

const CRC32C_POLY = 0x82f63b78;
const CRC32_POLY = 0xedb88320;
const [T0, T1, T2, T3, T4, T5, T6, T7] = crcTables(CRC32C_POLY) as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];

function crc32cUpdate(crc: number, data: Buffer): number {
  let c = ~crc >>> 0;
  let i = 0;
  // Whole 32-bit words from an aligned view (sockets hand over Buffers at any offset).
  while (i < data.length && (data.byteOffset + i) % 4 !== 0) c = T0[(c ^ data[i++]!) & 0xff]! ^ (c >>> 8);
  const words = i < data.length ? new Uint32Array(data.buffer, data.byteOffset + i, Math.floor((data.length - i) / 8) * 2) : new Uint32Array(0);
  for (let w = 0; w < words.length; w += 2) {
    const a = c ^ words[w]!;
    const b = words[w + 1]!;
    c = T7[a & 0xff]! ^ T6[(a >>> 8) & 0xff]! ^ T5[(a >>> 16) & 0xff]! ^ T4[a >>> 24]! ^ T3[b & 0xff]! ^ T2[(b >>> 8) & 0xff]! ^ T1[(b >>> 16) & 0xff]! ^ T0[b >>> 24]!;
  }
  for (i += words.length * 4; i < data.length; i++) c = T0[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** a·b modulo the polynomial, both as reflected 32-bit polynomials. */
function multiplyModulo(poly: number, a: number, b: number): number {
  let product = 0;
  for (let bit = 0x80000000; bit !== 0; bit >>>= 1) {
    if (a & bit) product ^= b;
    b = b & 1 ? (b >>> 1) ^ poly : b >>> 1;
  }
  return product >>> 0;
}

/** The CRC of A followed by B, from crc(A), crc(B) and B's length in bytes (any size S3 takes). */
function crcCombine(poly: number, crcA: number, crcB: number, lengthB: number): number {
  // x^(8·lengthB): square-and-multiply over the bits of the length, starting from x^8.
  let power = 0x80000000; // x^0
  let square = 0x40000000; // x^1, squared three times: x^8
  for (let i = 0; i < 3; i++) square = multiplyModulo(poly, square, square);
  for (let n = lengthB; n > 0; n = Math.floor(n / 2)) {
    if (n % 2) power = multiplyModulo(poly, power, square);
    square = multiplyModulo(poly, square, square);
  }
  return (multiplyModulo(poly, power, crcA) ^ crcB) >>> 0;
}

const uint32Base64 = (value: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
};

function hashChecksum(hash: Hash): RunningChecksum {
  return { update: (data) => void hash.update(data), digest: () => hash.digest('base64') };
}

export function createChecksum(algorithm: ChecksumAlgorithm | 'MD5'): RunningChecksum {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return { update: (data) => void (value = crc32(data, value)), digest: () => uint32Base64(value) };
    }
    case 'CRC32C': {
      let value = 0;
      return { update: (data) => void (value = crc32cUpdate(value, data)), digest: () => uint32Base64(value) };
    }
    case 'SHA1':
      return hashChecksum(createHash('sha1'));
    case 'SHA256':
      return hashChecksum(createHash('sha256'));
    case 'MD5':
      return hashChecksum(createHash('md5'));
  }
}

/** `x-amz-checksum-crc32` → `CRC32`; undefined for other headers. */
export function algorithmOfHeader(header: string): ChecksumAlgorithm | undefined {
  const match = /^x-amz-checksum-(crc32|crc32c|sha1|sha256)$/i.exec(header);
  return match ? (match[1]!.toUpperCase() as ChecksumAlgorithm) : undefined;
}

/** The checksum types of a multipart upload: a checksum of the part checksums, or one of all the bytes. */
export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

/** Only the CRCs can be combined into a checksum of the whole object. */
export const FULL_OBJECT_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C'];

const uint32OfBase64 = (value: string) => Buffer.from(value, 'base64').readUInt32BE(0);

/** A multipart object's full-object checksum from its parts' (in order) and their sizes, as S3 computes it. */
export function fullObjectChecksum(algorithm: ChecksumAlgorithm, parts: { value: string; size: number }[]): string {
  if (!FULL_OBJECT_ALGORITHMS.includes(algorithm)) throw new Error(`${algorithm} has no full-object checksum`);
  const poly = algorithm === 'CRC32' ? CRC32_POLY : CRC32C_POLY;
  let crc = 0;
  for (const part of parts) crc = crcCombine(poly, crc, uint32OfBase64(part.value), part.size);
  return uint32Base64(crc);
}

/** A multipart object's composite checksum: the checksum of the parts' binary checksums, then `-{count}`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: string[]): string {
  const running = createChecksum(algorithm);
  for (const value of partValues) running.update(Buffer.from(value, 'base64'));
  return `${running.digest()}-${partValues.length}`;
}
