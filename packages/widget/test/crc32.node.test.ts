// lib/crc32.ts against the definition: CRC-32C computed one bit at a time (no tables), at every
// alignment and length; the combination of part CRCs against the CRC of all the bytes; S3's
// base64 form. The local backend verifies with this same code, so the reference is what keeps
// both honest.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32c, crc32cCombine, crc32cOfBlob, crcFromBase64, crcToBase64 } from '../src/lib/crc32.js';
import { referenceCrc32c } from './reference-crc.js';

const data = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 2654435761) >>> 24);

describe('CRC-32C', () => {
  it('gives the check value of "123456789" (0xE3069283) and the definition\'s value at every alignment and length', () => {
    assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283);
    for (let start = 0; start < 8; start++) {
      for (const length of [0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 1000, 65_537]) {
        const bytes = data.subarray(start, start + length);
        assert.equal(crc32c(bytes), referenceCrc32c(bytes), `${length} bytes from ${start}`);
      }
    }
  });

  it('continues from an earlier CRC, so a stream in chunks gives the CRC of the whole', () => {
    let crc = 0;
    for (let at = 0; at < data.length; at += 4099) crc = crc32c(data.subarray(at, at + 4099), crc);
    assert.equal(crc, referenceCrc32c(data));
  });

  it('combines part CRCs into the CRC of all the bytes, for any part sizes (empty ones too)', () => {
    const cuts = [0, 1, 1, 5000, 5003, 131_072, 299_999, 300_000];
    let combined = 0;
    for (let i = 1; i < cuts.length; i++) {
      const part = data.subarray(cuts[i - 1], cuts[i]);
      combined = crc32cCombine(combined, referenceCrc32c(part), part.length);
    }
    assert.equal(combined, referenceCrc32c(data));
  });

  it('combines across lengths past 2^32 (halving without 32-bit shifts)', () => {
    // Shifting a CRC over m + n bytes in one step equals shifting it over m, then n.
    const a = 0x12345678;
    const viaWhole = crc32cCombine(a, 0, 2 ** 33 + 5);
    const viaHalves = crc32cCombine(crc32cCombine(a, 0, 2 ** 32), 0, 2 ** 32 + 5);
    assert.equal(viaWhole, viaHalves);
    assert.notEqual(viaWhole, crc32cCombine(a, 0, (2 ** 33 + 5) % 2 ** 32), 'the high bits of the length count');
  });

  it('reads a Blob as a stream', async () => {
    assert.equal(await crc32cOfBlob(new Blob([data.subarray(0, 100_000), data.subarray(100_000)])), referenceCrc32c(data));
  });

  it('writes and reads S3\'s base64 form: four big-endian bytes', () => {
    assert.equal(crcToBase64(0xe3069283), Buffer.from([0xe3, 0x06, 0x92, 0x83]).toString('base64'));
    for (const crc of [0, 1, 0x80000000, 0xffffffff, 0xe3069283]) assert.equal(crcFromBase64(crcToBase64(crc)), crc);
    assert.throws(() => crcFromBase64('AAAA'), /not a 32-bit checksum/);
  });
});
