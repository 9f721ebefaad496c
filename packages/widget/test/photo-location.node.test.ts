// Runs in Node: the GPS position removed from JPEG, PNG and WebP without re-encoding, checked
// with an independent EXIF/XMP reader (exifr) and Node's own CRC-32.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { crc32 as zlibCrc32, deflateSync } from 'node:zlib';
import exifr from 'exifr';
import { crc32 } from '../src/lib/crc32.js';
import { withoutLocation } from '../src/lib/photo-location.js';
import { concat, exifBlock, jpegWithMetadata, pngChunk, pngWithMetadata, POSITION, webpWithMetadata, xmpPacket } from './fixtures/photo-metadata.js';

const crc = (bytes: Uint8Array) => zlibCrc32(bytes);
/** A JPEG's skeleton: start, a table, the scan (its "image data") and the end. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 0x00, 0x04, 0x00, 0x00, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00, 1, 2, 3, 4, 5, 0xff, 0xd9]);
const PNG = concat([
  new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  pngChunk('IHDR', new Uint8Array([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]), crc),
  pngChunk('IDAT', deflateSync(new Uint8Array([0, 255, 0, 0])), crc),
  pngChunk('IEND', new Uint8Array(0), crc),
]);
const WEBP = (() => {
  const vp8l = new Uint8Array([0x56, 0x50, 0x38, 0x4c, 5, 0, 0, 0, 0x2f, 0, 0, 0, 0, 0]); // 'VP8L', 5 bytes, padded
  const riff = new Uint8Array(12);
  riff.set([0x52, 0x49, 0x46, 0x46]);
  new DataView(riff.buffer).setUint32(4, 4 + vp8l.length, true);
  riff.set([0x57, 0x45, 0x42, 0x50], 8);
  return concat([riff, vp8l]);
})();

async function strip(bytes: Uint8Array<ArrayBuffer>) {
  const { body, removed } = await withoutLocation(new Blob([bytes]));
  return { out: new Uint8Array(await body.arrayBuffer()), removed };
}

/** The PNG's chunks, each with whether its CRC is right. */
function pngChunks(png: Uint8Array) {
  const chunks: { type: string; crcOk: boolean }[] = [];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 12 <= png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    chunks.push({ type, crcOk: zlibCrc32(png.subarray(at + 4, at + 8 + length)) === view.getUint32(at + 8 + length) });
    at += 12 + length;
  }
  return chunks;
}

describe('photo location', () => {
  it('CRC-32 agrees with zlib\'s', () => {
    for (const text of ['', 'a', 'IEND', 'The quick brown fox jumps over the lazy dog']) {
      const bytes = new TextEncoder().encode(text);
      assert.equal(crc32(bytes), zlibCrc32(bytes), text);
    }
  });

  for (const littleEndian of [true, false]) {
    it(`removes the position from a JPEG's EXIF (${littleEndian ? 'little' : 'big'}-endian) and XMP, keeping the orientation, the camera and the image`, async () => {
      const original = jpegWithMetadata(JPEG, exifBlock({ orientation: 6, littleEndian }), xmpPacket());
      const before = await exifr.parse(original, { gps: true, xmp: true });
      assert.ok(Math.abs(before.latitude - (48 + 51 / 60 + 29.6 / 3600)) < 1e-6, 'the fixture has the position (read by exifr)');
      assert.equal(before.GPSAltitude, POSITION.altitude);

      const { out, removed } = await strip(original);
      assert.equal(removed, true);
      assert.equal(out.length, original.length, 'the same size: nothing re-encoded');
      const after = await exifr.parse(out, { gps: true, xmp: true, tiff: true });
      assert.equal(after.latitude, undefined);
      assert.equal(after.longitude, undefined);
      assert.equal(after.GPSLatitude, undefined, 'XMP GPSLatitude gone');
      assert.equal(after.GPSLongitude, undefined, 'XMP GPSLongitude gone');
      assert.equal(after.GPSAltitude, undefined, 'XMP GPSAltitude gone');
      assert.equal(await exifr.gps(out), undefined);
      assert.equal(after.Orientation, 'Rotate 90 CW', 'the orientation stays');
      assert.equal(after.Make, 'PhoneMaker', 'the camera stays');
      assert.equal(after.CreatorTool, 'Phone Camera', 'the rest of the XMP stays');
      const scan = original.length - JPEG.length + 8;
      assert.deepEqual(out.subarray(scan), original.subarray(scan), 'the image data is untouched');
    });
  }

  it('removes the position from a PNG\'s eXIf and iTXt XMP, with right CRCs', async () => {
    const original = pngWithMetadata(PNG, exifBlock({ orientation: 3 }), xmpPacket(), crc);
    assert.ok((await exifr.gps(original))?.latitude, 'the fixture has the position');
    const { out, removed } = await strip(original);
    assert.equal(removed, true);
    assert.equal(out.length, original.length);
    assert.deepEqual(pngChunks(out), [
      { type: 'IHDR', crcOk: true },
      { type: 'eXIf', crcOk: true },
      { type: 'iTXt', crcOk: true },
      { type: 'IDAT', crcOk: true },
      { type: 'IEND', crcOk: true },
    ]);
    const after = await exifr.parse(out, { gps: true, xmp: true, tiff: true });
    assert.equal(await exifr.gps(out), undefined);
    assert.equal(after?.GPSLatitude, undefined);
    assert.equal(after?.Orientation, 'Rotate 180');
  });

  it('removes the position from a WebP\'s EXIF and XMP chunks', async () => {
    const tiff = exifBlock({ orientation: 8 });
    const original = webpWithMetadata(WEBP, tiff, xmpPacket());
    const { out, removed } = await strip(original);
    assert.equal(removed, true);
    assert.equal(out.length, original.length);
    // The EXIF chunk's TIFF, read by exifr as a TIFF file.
    const exifAt = WEBP.length + 8;
    const strippedTiff = out.slice(exifAt, exifAt + tiff.length);
    assert.ok((await exifr.gps(tiff))?.latitude, 'the fixture\'s TIFF has the position');
    assert.equal(await exifr.gps(strippedTiff), undefined);
    assert.equal((await exifr.parse(strippedTiff))?.Orientation, 'Rotate 270 CW');
    const text = new TextDecoder().decode(out.subarray(exifAt + tiff.length + (tiff.length % 2) + 8));
    assert.doesNotMatch(text, /GPS/);
    assert.match(text, /xmp:CreatorTool="Phone Camera"/);
    assert.deepEqual(out.subarray(12, WEBP.length), WEBP.subarray(12), 'the image chunk is untouched');
  });

  it('leaves a photo without a position, and other files, as they are', async () => {
    const noGps = new Blob([jpegWithMetadata(JPEG, exifBlock({ gps: false, orientation: 6 }))]);
    const kept = await withoutLocation(noGps);
    assert.equal(kept.removed, false);
    assert.equal(kept.body, noGps, 'the very same Blob: nothing copied');
    for (const other of [new TextEncoder().encode('%PDF-1.4 hello'), PNG, WEBP, JPEG, new Uint8Array(0)]) {
      assert.equal((await withoutLocation(new Blob([other as Uint8Array<ArrayBuffer>]))).removed, false);
    }
  });

  it('never throws on a truncated or corrupted photo', async () => {
    const original = jpegWithMetadata(JPEG, exifBlock({ orientation: 6 }), xmpPacket());
    for (let length = 0; length <= original.length; length += 7) await withoutLocation(new Blob([original.slice(0, length)]));
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 300; round++) {
      const corrupted = original.slice();
      for (let flips = 0; flips < 8; flips++) corrupted[Math.floor(random() * corrupted.length)] = Math.floor(random() * 256);
      const { body } = await withoutLocation(new Blob([corrupted]));
      assert.equal(body.size, corrupted.length, 'the size never changes');
    }
  });
});
