/**
 * Checksums S3 verifies: Content-MD5 and the x-amz-checksum-* family. Each is computed while
 * the body streams, so big uploads are never held in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256'];

export interface RunningChecksum {
  update(data: Buffer): void;
  /** base64, as S3 writes checksums. */
  digest(): string;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32cUpdate(crc: number, data: Buffer): number {
  let c = ~crc >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
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
