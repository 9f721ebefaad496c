/**
 * Checksums S3 verifies: Content-MD5 and the x-amz-checksum-* family. Each is computed while
 * the body streams, so big uploads are never held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
// The element's CRC code (its pure lib): CRC32C sixteen bytes per step, and CRCs combined without their bytes.
import { crc32c, crc32cCombine, crc32Combine } from '../../../widget/src/lib/crc32.js';

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
      return { update: (data) => void (value = crc32c(data, value)), digest: () => uint32Base64(value) };
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
  const combine = algorithm === 'CRC32' ? crc32Combine : crc32cCombine;
  let crc = 0;
  for (const part of parts) crc = combine(crc, uint32OfBase64(part.value), part.size);
  return uint32Base64(crc);
}

/** A multipart object's composite checksum: the checksum of the parts' binary checksums, then `-{count}`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partValues: string[]): string {
  const running = createChecksum(algorithm);
  for (const value of partValues) running.update(Buffer.from(value, 'base64'));
  return `${running.digest()}-${partValues.length}`;
}
