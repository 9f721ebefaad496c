// Photos made smaller before upload (`max-image-size`, `image-quality`), in real Chromium against
// the real local backend: the stored photo is the asked size, upright (a sideways phone photo
// with EXIF Orientation 6 comes out portrait with its marked corner top-left), in its colours
// (a Display P3 photo keeps its P3 profile, so its red stays P3 red: JPEG, PNG and WebP), named as the original;
// quality changes the bytes; a photo already small enough goes as it was.
import { expect } from '@open-wc/testing';
import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { colorProfileOf } from '../src/lib/color-profile.js';
import { backendConfig, dropFiles, mount, record, signUpAndIn, userS3, waitFor, type BackendConfig } from './helpers.js';
import { elementFixture } from './setup-errors.js';

const P3_RED = 'color(display-p3 1 0 0)';

/**
 * A Display P3 photo of `width` x `height` stored pixels (Chromium writes the P3 profile into
 * it): grey with a band of noise, and a P3-red block in its visual top-left corner. `sideways`: stored turned, with
 * EXIF Orientation 6, as a phone held upright stores it (the block then sits stored bottom-left).
 */
async function photo(name: string, type: 'image/jpeg' | 'image/png' | 'image/webp', width: number, height: number, sideways = false): Promise<File> {
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { colorSpace: 'display-p3' })!;
  context.fillStyle = 'rgb(128 128 128)';
  context.fillRect(0, 0, width, height);
  // Detail for the encoder's quality to matter: a band of noise down the middle.
  const band = context.createImageData(Math.floor(width * 0.3), height);
  for (let i = 0; i < band.data.length; i++) band.data[i] = i % 4 === 3 ? 255 : (i * 2654435761) >>> 24;
  context.putImageData(band, Math.floor(width * 0.4), 0);
  context.fillStyle = P3_RED;
  context.fillRect(0, sideways ? (height * 3) / 4 : 0, width / 4, height / 4);
  const encoded = new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.95 })).arrayBuffer());
  if (!sideways) return new File([encoded], name, { type });
  // APP1 Exif: TIFF little-endian, IFD0 with one entry, 0x0112 Orientation = 6.
  const tiff = [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
  const exif = [...new TextEncoder().encode('Exif\0\0'), ...tiff];
  const app1 = new Uint8Array([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff, ...exif]);
  return new File([encoded.subarray(0, 2), app1, encoded.subarray(2)], name, { type });
}

/** The stored object's bytes. */
async function stored(config: BackendConfig, key: string): Promise<Uint8Array<ArrayBuffer>> {
  const { s3 } = await userS3(config);
  return (await (await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }))).Body!.transformToByteArray()) as Uint8Array<ArrayBuffer>;
}

/** How an image shows: its size upright, and the colour (in Display P3) at fractions of it. */
async function looks(bytes: Uint8Array<ArrayBuffer>, type: string) {
  const bitmap = await createImageBitmap(new Blob([bytes], { type }), { imageOrientation: 'from-image' });
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d', { colorSpace: 'display-p3' })!;
  context.drawImage(bitmap, 0, 0);
  const at = (fx: number, fy: number) => [...context.getImageData(Math.floor(bitmap.width * fx), Math.floor(bitmap.height * fy), 1, 1, { colorSpace: 'display-p3' }).data.slice(0, 3)];
  return { width: bitmap.width, height: bitmap.height, topLeft: at(0.1, 0.1), bottomRight: at(0.9, 0.9) };
}

/** Within a few steps of JPEG's rounding. */
const near = (actual: number[], expected: number[], tolerance = 12) => actual.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);

describe('<secure-uploader> makes photos smaller before upload', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('stores a sideways 3000x2000 P3 JPEG as 667x1000, upright, with its P3 profile, under its own name; lower quality, fewer bytes; a small photo untouched', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '', 'max-image-size': '1000' }));
    const events = record(el, ['su-upload-success', 'su-upload-error']);
    await signUpAndIn(el);
    const big = await photo('Gipfel im Morgenlicht.jpg', 'image/jpeg', 3000, 2000, true);
    const small = await photo('icon.jpg', 'image/jpeg', 600, 400);
    const originalProfile = colorProfileOf(new Uint8Array(await big.arrayBuffer()));
    expect(originalProfile, 'Chromium wrote a Display P3 profile into the photo').to.not.equal(undefined);

    dropFiles(el, [big, small]);
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 2 || events.find((e) => e.type === 'su-upload-error'), 'both uploads', 30_000);
    expect(events.filter((e) => e.type === 'su-upload-error')).to.deep.equal([]);
    const success = (name: string) => events.find((e) => e.type === 'su-upload-success' && e.detail.name === name)!.detail;

    const bigKey = String(success(big.name).key);
    const bytes = await stored(config, bigKey);
    expect(bigKey.endsWith(encodeURIComponent(big.name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))).to.equal(true, `named as the original: ${bigKey}`);
    expect(success(big.name).size).to.equal(bytes.length, 'the event gives the stored size');
    expect(bytes.length).to.be.below(big.size / 4);
    const shown = await looks(bytes, 'image/jpeg');
    expect([shown.width, shown.height]).to.deep.equal([667, 1000], 'portrait, longest side 1000');
    // The profile is the original's, byte for byte (without it the red would read about 233, 51, 35 in P3).
    expect(colorProfileOf(bytes)).to.deep.equal(originalProfile);
    expect(near(shown.topLeft, [255, 0, 0]), `P3 red top-left, as the original shows: ${shown.topLeft}`).to.equal(true);
    expect(near(shown.bottomRight, [128, 128, 128], 20), `grey bottom-right: ${shown.bottomRight}`).to.equal(true);
    // Upright by its pixels: no orientation left to apply.
    const raw = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }), { imageOrientation: 'none' });
    expect([raw.width, raw.height]).to.deep.equal([667, 1000]);
    const { s3 } = await userS3(config);
    const head = await s3.send(new HeadObjectCommand({ Bucket: config.bucket, Key: bigKey }));
    expect(head.ContentType).to.equal('image/jpeg');
    expect(decodeURIComponent(head.Metadata?.['original-name'] ?? '')).to.equal(big.name);

    const smallBytes = await stored(config, String(success(small.name).key));
    expect(smallBytes).to.deep.equal(new Uint8Array(await small.arrayBuffer()), 'a photo within the size goes as it was');

    // The same photo at a lower quality: fewer bytes, same size.
    el.setAttribute('image-quality', '0.4');
    dropFiles(el, [new File([big], 'lower.jpg', { type: 'image/jpeg' })]);
    await waitFor(() => events.some((e) => e.type === 'su-upload-success' && e.detail.name === 'lower.jpg'), 'the lower-quality upload', 30_000);
    const lower = await stored(config, String(success('lower.jpg').key));
    expect(lower.length).to.be.below(bytes.length * 0.8);
    expect((await looks(lower, 'image/jpeg')).width).to.equal(667);
  });

  /** A 1600x1200 P3 photo of `type` dropped on an element with max-image-size 800: the original, its profile, the stored bytes and how they show. */
  async function downscaled(name: string, type: 'image/png' | 'image/webp') {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '', 'max-image-size': '800' }));
    const events = record(el, ['su-upload-success', 'su-upload-error']);
    await signUpAndIn(el);
    const original = await photo(name, type, 1600, 1200);
    const originalProfile = colorProfileOf(new Uint8Array(await original.arrayBuffer()));
    expect(originalProfile?.format, 'Chromium wrote a profile into the photo').to.equal(type.slice('image/'.length));
    dropFiles(el, [original]);
    await waitFor(() => events.some((e) => e.type === 'su-upload-success') || events.find((e) => e.type === 'su-upload-error'), 'the upload', 30_000);
    const bytes = await stored(config, String(events.find((e) => e.type === 'su-upload-success')!.detail.key));
    expect(colorProfileOf(bytes)).to.deep.equal(originalProfile, "the original's profile, byte for byte");
    const shown = await looks(bytes, type);
    expect([shown.width, shown.height]).to.deep.equal([800, 600]);
    return { original, bytes, shown };
  }

  it('keeps a PNG a PNG, with its iCCP profile', async () => {
    const { bytes, shown } = await downscaled('diagram.png', 'image/png');
    expect([...bytes.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).to.equal('PNG');
    expect(near(shown.topLeft, [255, 0, 0], 3), `P3 red: ${shown.topLeft}`).to.equal(true);
  });

  it('keeps a WebP a WebP, with its ICCP profile (a VP8X header flagging it)', async () => {
    const { original, bytes, shown } = await downscaled('sunset.webp', 'image/webp');
    const fourCc = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
    expect([fourCc(0), fourCc(8), fourCc(12)]).to.deep.equal(['RIFF', 'WEBP', 'VP8X'], 'an extended WebP');
    expect(bytes[20]! & 0x20, 'the VP8X ICC flag').to.equal(0x20);
    expect(bytes.length).to.be.below(original.size, 'smaller than the original');
    // Without the profile the red would read as sRGB red shown in P3 (about 234, 51, 35).
    expect(near(shown.topLeft, [255, 0, 0]), `P3 red: ${shown.topLeft}`).to.equal(true);
  });
});
