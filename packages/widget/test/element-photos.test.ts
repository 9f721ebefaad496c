// Photos in real Chromium against the real local backend: the stored photo does not say where
// it was taken (EXIF GPS and XMP position removed, nothing re-encoded, the orientation kept),
// unless the page sets `keep-location`. Read back with an independent reader (exifr).
import { expect } from '@open-wc/testing';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import exifr from 'exifr';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { exifBlock, jpegWithMetadata, xmpPacket } from './fixtures/photo-metadata.js';
import { backendConfig, bytesOf, clickButton, dropFiles, imageFile, mount, record, signUpAndIn, text, userS3, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

/** A phone photo: a real JPEG drawn by the browser, with the camera's EXIF (turned, with a position) and XMP. */
async function phonePhoto(name: string): Promise<File> {
  const jpeg = await bytesOf(await imageFile(name, 'image/jpeg', 96, 64));
  return new File([jpegWithMetadata(jpeg, exifBlock({ orientation: 6 }), xmpPacket())], name, { type: 'image/jpeg', lastModified: 1_700_000_000_000 });
}

describe('<secure-uploader> photos', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('removes a photo\'s GPS position before upload, keeping its orientation and image; keep-location keeps it', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    const uploaded = record(el, ['su-upload-success']);
    await signUpAndIn(el);
    const { s3 } = await userS3(config);
    const stored = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: key }))).Body!.transformToByteArray();

    const photo = await phonePhoto('Beach at noon.jpg');
    const original = await bytesOf(photo);
    expect((await exifr.gps(original))?.latitude).to.be.closeTo(48.858, 0.001, 'the photo says where it was taken');
    dropFiles(el, [photo]);
    await waitFor(() => text(el).includes('Upload 1 file'), 'the photo in the queue');
    clickButton(el, 'Upload 1 file');
    await waitFor(() => uploaded.length === 1, 'the upload');
    const bytes = await stored(String(uploaded[0]!.detail.key));
    expect(bytes.length).to.equal(original.length, 'the same size: nothing re-encoded');
    expect(await exifr.gps(bytes)).to.equal(undefined, 'no GPS position in the stored photo');
    const metadata = await exifr.parse(bytes, { xmp: true, gps: true });
    expect(metadata.GPSLatitude).to.equal(undefined, 'nor in its XMP');
    expect(metadata.Orientation).to.equal('Rotate 90 CW', 'the orientation stays');
    expect(metadata.Make).to.equal('PhoneMaker');
    const scan = original.findIndex((byte, i) => byte === 0xff && original[i + 1] === 0xda);
    expect(bytes.subarray(scan)).to.deep.equal(original.subarray(scan), 'the image data is the original\'s');
    expect(uploaded[0]!.detail.name).to.equal('Beach at noon.jpg', 'the original name');

    el.keepLocation = true;
    dropFiles(el, [await phonePhoto('Summit.jpg')]);
    await waitFor(() => text(el).includes('Upload 1 file'), 'the second photo in the queue');
    clickButton(el, 'Upload 1 file');
    await waitFor(() => uploaded.length === 2, 'the second upload');
    expect((await exifr.gps(await stored(String(uploaded[1]!.detail.key))))?.latitude).to.be.closeTo(48.858, 0.001, 'keep-location keeps it');
  });
});
