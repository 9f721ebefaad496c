// Tests of lib/exif.ts: the embedded thumbnail is found where cameras put it, and nothing
// malformed makes the reader throw or read out of bounds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exifThumbnail } from '../src/lib/exif.js';
import { withExifThumbnail } from './fixtures/exif-jpeg.js';

// Not decodable images, only the markers the reader looks at: SOI … SOS … EOI.
const photo = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xda, 0, 2, 1, 2, 3, 0xff, 0xd9]);
const thumb = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0, 3, 9, 0xff, 0xd9]);

describe('EXIF thumbnails', () => {
  for (const littleEndian of [true, false]) {
    it(`finds the thumbnail and orientation (${littleEndian ? 'Intel' : 'Motorola'} byte order)`, () => {
      const found = exifThumbnail(withExifThumbnail(photo, thumb, { orientation: 6, littleEndian }));
      assert.deepEqual(found && [...found.jpeg], [...thumb]);
      assert.equal(found?.orientation, 6);
    });
  }

  it('finds it after a JFIF segment and fill bytes', () => {
    const exif = withExifThumbnail(photo, thumb);
    const jfif = [0xff, 0xe0, 0, 4, 0, 0, 0xff];
    const shifted = new Uint8Array([0xff, 0xd8, ...jfif, ...exif.subarray(2)]);
    assert.deepEqual([...exifThumbnail(shifted)!.jpeg], [...thumb]);
  });

  it('finds nothing in a JPEG without EXIF, a PNG, or an empty file', () => {
    assert.equal(exifThumbnail(photo), undefined);
    assert.equal(exifThumbnail(new Uint8Array([0x89, 0x50, 0x4e, 0x47])), undefined);
    assert.equal(exifThumbnail(new Uint8Array()), undefined);
  });

  it('finds nothing when the head was cut before the thumbnail ends', () => {
    const full = withExifThumbnail(photo, thumb);
    assert.equal(exifThumbnail(full.subarray(0, 40 + thumb.length)), undefined);
  });

  it('survives every truncation and random corruption without throwing', () => {
    const full = withExifThumbnail(photo, thumb, { orientation: 3 });
    for (let n = 0; n <= full.length; n++) exifThumbnail(full.subarray(0, n));
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 2000; round++) {
      const copy = full.slice();
      for (let i = 0; i < 3; i++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      const found = exifThumbnail(copy);
      if (found) assert.ok(found.jpeg.byteOffset + found.jpeg.length <= copy.byteOffset + copy.length);
    }
  });
});
