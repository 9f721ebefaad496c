// lib/color-profile.ts on files built byte by byte: the profile found in each format, carried
// into another file of the format where the format wants it, and nothing done to files without
// one or to bytes that are not what they say. The Chromium test (element-downscale) then shows
// real encoders' output decoding with the profile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { colorProfileOf, withColorProfile } from '../src/lib/color-profile.js';

const bytes = (...parts: (number[] | string | Uint8Array)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : [...p])));
const be16 = (n: number) => [n >> 8, n & 0xff];
const be32 = (n: number) => [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const le32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
const profile = bytes('fake ICC profile: lcms ', [1, 2, 3, 250]);

const segment = (marker: number, payload: Uint8Array) => bytes([0xff, marker], be16(payload.length + 2), payload);
const jpeg = (...segments: Uint8Array[]) => bytes([0xff, 0xd8], ...segments, [0xff, 0xda, 0, 2, 9, 9, 0xff, 0xd9]);
const APP0 = segment(0xe0, bytes('JFIF\0', [1, 1, 0, 0, 1, 0, 1, 0, 0]));
const iccSegment = (n: number, of: number, data: Uint8Array) => segment(0xe2, bytes('ICC_PROFILE\0', [n, of], data));

const chunk = (type: string, data: Uint8Array) => bytes(be32(data.length), type, data, [0, 0, 0, 0]);
const png = (...chunks: Uint8Array[]) => bytes('\x89PNG\r\n\x1a\n', ...chunks);
const IHDR = chunk('IHDR', bytes(be32(640), be32(480), [8, 2, 0, 0, 0]));

const riffChunk = (type: string, data: Uint8Array) => bytes(type, le32(data.length), data, data.length % 2 ? [0] : []);
const webp = (...chunks: Uint8Array[]) => {
  const body = bytes(...chunks);
  return bytes('RIFF', le32(4 + body.length), 'WEBP', body);
};

describe('colour profiles', () => {
  it('finds and carries a JPEG profile in every APP2 segment, after APP0, instead of the encoder\'s own', () => {
    const original = jpeg(APP0, segment(0xe1, bytes('Exif\0\0')), iccSegment(1, 2, profile.subarray(0, 10)), iccSegment(2, 2, profile.subarray(10)));
    const found = colorProfileOf(original)!;
    assert.equal(found.format, 'jpeg');
    assert.deepEqual(found.carriers, [iccSegment(1, 2, profile.subarray(0, 10)), iccSegment(2, 2, profile.subarray(10))]);
    const encoded = jpeg(APP0, iccSegment(1, 1, bytes('the encoder\'s sRGB')), segment(0xdb, bytes([0, 1, 2])));
    const carried = withColorProfile(encoded, found, { width: 10, height: 10 });
    assert.deepEqual(carried, jpeg(APP0, ...found.carriers, segment(0xdb, bytes([0, 1, 2]))));
    assert.deepEqual(colorProfileOf(carried), found);
  });

  it('finds and carries a PNG iCCP after IHDR, removing the sRGB chunk the encoder wrote', () => {
    const iccp = chunk('iCCP', bytes('Display P3\0', [0], profile));
    const original = png(IHDR, chunk('tEXt', bytes('a\0b')), iccp, chunk('IDAT', bytes([1, 2, 3])), chunk('IEND', bytes()));
    const found = colorProfileOf(original)!;
    assert.deepEqual(found, { format: 'png', carriers: [iccp] });
    const encoded = png(IHDR, chunk('sRGB', bytes([0])), chunk('IDAT', bytes([4, 5])), chunk('IEND', bytes()));
    assert.deepEqual(withColorProfile(encoded, found, { width: 640, height: 480 }), png(IHDR, iccp, chunk('IDAT', bytes([4, 5])), chunk('IEND', bytes())));
  });

  it('gives a simple WebP a VP8X header with the ICC flag and the canvas size, then the ICCP chunk', () => {
    const iccp = riffChunk('ICCP', profile);
    const original = webp(riffChunk('VP8X', bytes([0x20, 0, 0, 0, 1, 0, 0, 1, 0, 0])), iccp, riffChunk('VP8 ', bytes([9, 9, 9])));
    const found = colorProfileOf(original)!;
    assert.deepEqual(found, { format: 'webp', carriers: [iccp] });
    const carried = withColorProfile(webp(riffChunk('VP8 ', bytes([7, 7, 7]))), found, { width: 1000, height: 667 });
    const vp8x = riffChunk('VP8X', bytes([0x20, 0, 0, 0], [999 & 0xff, 999 >> 8, 0], [666 & 0xff, 666 >> 8, 0]));
    assert.deepEqual(carried, webp(vp8x, iccp, riffChunk('VP8 ', bytes([7, 7, 7]))));
    assert.deepEqual(colorProfileOf(carried), found);
  });

  it('sets the ICC flag of an extended WebP (alpha kept) and puts the profile right after its header', () => {
    const iccp = riffChunk('ICCP', profile);
    const header = (flags: number) => riffChunk('VP8X', bytes([flags, 0, 0, 0, 9, 0, 0, 9, 0, 0]));
    const encoded = webp(header(0x10), riffChunk('ALPH', bytes([1])), riffChunk('VP8 ', bytes([2, 2])));
    const carried = withColorProfile(encoded, { format: 'webp', carriers: [iccp] }, { width: 10, height: 10 });
    assert.deepEqual(carried, webp(header(0x30), iccp, riffChunk('ALPH', bytes([1])), riffChunk('VP8 ', bytes([2, 2]))));
  });

  it('finds nothing in files without a profile or in broken ones, and leaves other formats alone', () => {
    assert.equal(colorProfileOf(jpeg(APP0)), undefined);
    assert.equal(colorProfileOf(png(IHDR, chunk('IEND', bytes()))), undefined);
    assert.equal(colorProfileOf(bytes('GIF89a')), undefined);
    const truncated = jpeg(APP0, iccSegment(1, 1, profile)).subarray(0, 30);
    assert.equal(colorProfileOf(truncated), undefined);
    const found = { format: 'jpeg' as const, carriers: [iccSegment(1, 1, profile)] };
    const notJpeg = png(IHDR);
    assert.equal(withColorProfile(notJpeg, found, { width: 1, height: 1 }), notJpeg);
  });
});
