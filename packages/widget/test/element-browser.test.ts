import { expect } from '@open-wc/testing';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { EXIF_HEAD_BYTES } from '../src/lib/exif.js';
import { objectKey, previewKey, uploadId } from '../src/lib/keys.js';
import { withExifThumbnail } from './fixtures/exif-jpeg.js';
import { $, $$, backendConfig, bytesOf, clickButton, dropFiles, imageFile, mount, pdfFile, record, recordRequests, signUpAndIn, submitForm, text, userS3, waitFor, type BackendConfig } from './helpers.js';
import { elementFixture } from './setup-errors.js';

// "My files" at real scale, in Chromium against the local backend: stored previews, EXIF
// thumbnails, folders, dropped folder trees, paging with a bounded DOM, bulk delete, the viewer.

const rowNamed = (el: SecureUploaderElement, name: string) => $$(el, '[part~="file"], [part~="folder"]').find((r) => r.querySelector('[part~="open"]')?.textContent?.trim() === name);
const listRequests = (seen: { method: string; url: URL }[]) => seen.filter((r) => r.method === 'GET' && r.url.searchParams.get('list-type') === '2');
/** Listings of the folder itself: not the look at the server's removal records (lib/rejections.ts), which comes when the files open, whenever that lands. */
const folderListings = (seen: { method: string; url: URL }[]) => listRequests(seen).filter((r) => !r.url.searchParams.get('prefix')!.endsWith('/.rejected/'));
const keysUnder = async (s3: S3Client, config: BackendConfig, prefix: string) => {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: prefix, ContinuationToken }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    ContinuationToken = page.NextContinuationToken;
  } while (ContinuationToken);
  return keys;
};
const imageSize = async (url: string) => {
  const bitmap = await createImageBitmap(await (await fetch(url)).blob());
  return [bitmap.width, bitmap.height];
};

/** A short real video (WebM), recorded by the browser from a canvas. */
async function videoFile(name: string): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 320;
  canvas.height = 240;
  const context = canvas.getContext('2d')!;
  const recorder = new MediaRecorder(canvas.captureStream(30), { mimeType: 'video/webm' });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start();
  for (let frame = 0; frame < 20; frame++) {
    context.fillStyle = `hsl(${frame * 18} 70% 50%)`;
    context.fillRect(0, 0, 320, 240);
    await new Promise((resolve) => setTimeout(resolve, 30));
  }
  recorder.stop();
  await stopped;
  return new File(chunks, name, { type: 'video/webm' });
}

/** Captures the element's downloads (anchor clicks) instead of letting the browser save them. */
function captureDownloads() {
  const clicked: { href: string; download: string }[] = [];
  const originalClick = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
    clicked.push({ href: this.href, download: this.download });
  };
  return { clicked, stop: () => (HTMLAnchorElement.prototype.click = originalClick) };
}

describe('<secure-uploader> my files at scale', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('stores a small preview beside an uploaded image, shows the upload at once without listing again, and deletes the preview with it', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-upload-success', 'su-file-deleted']);
    await signUpAndIn(el);
    await waitFor(() => /No files yet/.test(text(el)), 'the empty list');
    const requests = recordRequests();
    try {
      dropFiles(el, [await imageFile('Big photo.png', 'image/png', 1600, 1200)]);
      await waitFor(() => events.length === 1, 'the upload');
      const row = await waitFor(() => rowNamed(el, 'Big photo.png'), 'the row, at once');
      expect(text(el)).to.not.contain('No files yet');
      await waitFor(() => row.querySelector('img[part~="thumbnail"]'), 'its thumbnail');
      expect(folderListings(requests.seen)).to.deep.equal([], 'the folder is not listed again after an upload');
    } finally {
      requests.stop();
    }
    const key = String(events[0]!.detail.key);
    const { s3, identityId } = await userS3(config);
    const stored = await keysUnder(s3, config, `private/${identityId}/`);
    expect(stored).to.have.members([key, previewKey(key)!]);
    expect(previewKey(key)).to.equal(`private/${identityId}/.previews/${key.slice(`private/${identityId}/`.length)}.webp`);
    const preview = await s3.send(new (await import('@aws-sdk/client-s3')).GetObjectCommand({ Bucket: config.bucket, Key: previewKey(key) }));
    expect(preview.ContentType).to.equal('image/webp');
    const previewBytes = await preview.Body!.transformToByteArray();
    expect(previewBytes.length).to.be.below(20 * 1024, 'a few KB');
    const bitmap = await createImageBitmap(new Blob([previewBytes as Uint8Array<ArrayBuffer>], { type: 'image/webp' }));
    expect([bitmap.width, bitmap.height]).to.deep.equal([256, 192]);
    expect($$(el, '[part~="folder"]')).to.deep.equal([], 'the previews folder is never listed as a folder');

    clickButton(el, 'Delete', rowNamed(el, 'Big photo.png'));
    await waitFor(() => /Delete this file\?/.test(rowNamed(el, 'Big photo.png')!.textContent!), 'the question');
    clickButton(el, 'Delete', rowNamed(el, 'Big photo.png'));
    await waitFor(() => events.length === 2, 'su-file-deleted');
    expect(await keysUnder(s3, config, `private/${identityId}/`)).to.deep.equal([], 'the preview went with its image');
  });

  it('stores a frame of an uploaded video as its preview, and lists the video with it', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-upload-success']);
    await signUpAndIn(el);
    dropFiles(el, [await videoFile('Clip.webm')]);
    await waitFor(() => events.length === 1, 'the upload');
    const key = String(events[0]!.detail.key);
    expect(key).to.match(/[0-9a-z]{12}_Clip\.webm$/);
    const { s3, identityId } = await userS3(config);
    expect(await keysUnder(s3, config, `private/${identityId}/`)).to.have.members([key, previewKey(key)!]);
    el.remove();
    const again = (fixture.el = await mount());
    await waitFor(() => rowNamed(again, 'Clip.webm'), 'the video, listed after a reload');
    const img = await waitFor(() => rowNamed(again, 'Clip.webm')!.querySelector<HTMLImageElement>('img[part~="thumbnail"]'), 'its frame');
    expect(await imageSize(img.src)).to.deep.equal([256, 192]);
  });

  it('shows the thumbnail a camera embedded in a JPEG put by another tool, with one ranged GET and never the photo', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    await signUpAndIn(el);
    const { s3, identityId } = await userS3(config);
    const photo = await bytesOf(await imageFile('x.jpg', 'image/jpeg', 1200, 900));
    const embedded = await bytesOf(await imageFile('t.jpg', 'image/jpeg', 160, 120));
    const padding = new Uint8Array(3 * 1024 * 1024).fill(7); // after the end marker: a 3 MB photo
    const body = new Blob([withExifThumbnail(photo, embedded, { orientation: 1 }), padding], { type: 'image/jpeg' });
    const key = `private/${identityId}/IMG_0001.JPG`;
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: await bytesOf(body), ContentType: 'image/jpeg' }));
    const requests = recordRequests();
    try {
      clickButton(el, 'Refresh');
      const row = await waitFor(() => rowNamed(el, 'IMG_0001.JPG'), 'the photo');
      const img = await waitFor(() => row.querySelector<HTMLImageElement>('img[part~="thumbnail"]'), 'its thumbnail');
      expect(await imageSize(img.src)).to.deep.equal([160, 120], 'the embedded thumbnail');
      const reads = requests.seen.filter((r) => r.method === 'GET' && decodeURIComponent(r.url.pathname).endsWith('/IMG_0001.JPG'));
      expect(reads.map((r) => r.range)).to.deep.equal([`bytes=0-${EXIF_HEAD_BYTES - 1}`], 'one ranged GET, the photo never');
      expect(requests.seen.filter((r) => r.method === 'HEAD')).to.deep.equal([], 'no HEAD per file');
    } finally {
      requests.stop();
    }
  });

  it('creates a folder, opens it with breadcrumbs, uploads into it, and goes back up', async () => {
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-folder-change', 'su-upload-success']);
    await signUpAndIn(el);
    clickButton(el, 'New folder');
    await submitForm(el, 'new-folder-form', { name: 'Trip 2026' });
    const folder = await waitFor(() => rowNamed(el, 'Trip 2026'), 'the new folder');
    folder.querySelector<HTMLButtonElement>('[part~="open"]')!.click();
    const crumbs = await waitFor(() => $(el, '[part~="breadcrumbs"]'), 'the breadcrumbs');
    expect(crumbs.textContent!.replace(/\s+/g, ' ')).to.contain('My files').and.contain('Trip 2026');
    await waitFor(() => /This folder is empty/.test(text(el)), 'the empty folder');
    expect(events.filter((e) => e.type === 'su-folder-change').at(-1)!.detail.path).to.equal('Trip 2026');
    dropFiles(el, [pdfFile('Itinerary.pdf')]);
    await waitFor(() => events.some((e) => e.type === 'su-upload-success'), 'the upload');
    expect(String(events.find((e) => e.type === 'su-upload-success')!.detail.key)).to.match(/\/Trip%202026\/[0-9a-z]{12}-Itinerary\.pdf$/);
    await waitFor(() => rowNamed(el, 'Itinerary.pdf'), 'the file in the folder');
    clickButton(el, 'My files', crumbs);
    await waitFor(() => rowNamed(el, 'Trip 2026') && !$(el, '[part~="breadcrumbs"]'), 'back at the top');
    expect(rowNamed(el, 'Itinerary.pdf')).to.equal(undefined);
    rowNamed(el, 'Trip 2026')!.querySelector<HTMLButtonElement>('[part~="open"]')!.click();
    await waitFor(() => rowNamed(el, 'Itinerary.pdf'), 'the file, listed from the bucket');
    clickButton(el, 'Up');
    await waitFor(() => rowNamed(el, 'Trip 2026'), 'up again');
    expect(events.filter((e) => e.type === 'su-folder-change').map((e) => e.detail.path)).to.deep.equal(['', 'Trip 2026', '', 'Trip 2026', '']);
  });

  it('uploads a dropped folder tree with its structure, and deletes the folder after a confirmation', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-upload-success', 'su-files-deleted']);
    await signUpAndIn(el);
    const zone = $(el, '[part~="dropzone"]')!.getBoundingClientRect();
    const files = { 'Holiday/a.txt': 'a', 'Holiday/Day 1/b.txt': 'bb', 'Holiday/Day 1/Night/c.txt': 'ccc' };
    await executeServerCommand('drop-folder', { files, folder: 'Holiday', x: Math.round(zone.x + zone.width / 2), y: Math.round(zone.y + zone.height / 2) });
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 3, 'three uploads');
    const { s3, identityId } = await userS3(config);
    const mine = `private/${identityId}/`;
    const stored = (await keysUnder(s3, config, mine)).map((k) => k.slice(mine.length).replace(/[0-9a-z]{12}-/, ''));
    expect(stored.sort()).to.deep.equal(['Holiday/Day%201/Night/c.txt', 'Holiday/Day%201/b.txt', 'Holiday/a.txt']);
    const folder = await waitFor(() => rowNamed(el, 'Holiday'), 'the folder row');
    clickButton(el, 'Delete', folder);
    await waitFor(() => /Delete this folder and everything in it\?/.test(rowNamed(el, 'Holiday')!.textContent!), 'the question');
    clickButton(el, 'Delete', rowNamed(el, 'Holiday'));
    const deleted = await waitFor(() => events.find((e) => e.type === 'su-files-deleted'), 'su-files-deleted');
    expect(deleted.detail.count).to.equal(3);
    await waitFor(() => !rowNamed(el, 'Holiday'), 'the folder to go');
    expect(await keysUnder(s3, config, mine)).to.deep.equal([]);
  });

  it('pages a folder of 1,500 files as the visitor scrolls with a bounded DOM, then deletes them all in two DeleteObjects requests', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    const events = record(el, ['su-files-deleted']);
    await signUpAndIn(el);
    const { s3, identityId } = await userS3(config);
    const now = Date.now();
    const keys = Array.from({ length: 1500 }, (_, n) => objectKey(`private/${identityId}/`, `file ${n}.txt`, uploadId(now - n * 1000)));
    for (let start = 0; start < keys.length; start += 25) {
      await Promise.all(keys.slice(start, start + 25).map((Key) => s3.send(new PutObjectCommand({ Bucket: config.bucket, Key, Body: 'x', ContentType: 'text/plain' }))));
    }
    const requests = recordRequests();
    let largestDom = 0;
    try {
      clickButton(el, 'Refresh');
      await waitFor(() => $$(el, '[part~="file"]').length > 0, 'the first page');
      const scroller = $(el, '[part~="file-list"]')!;
      const last = () => $$(el, '[part~="file"]').find((r) => r.getAttribute('aria-posinset') === '1500');
      await waitFor(() => {
        largestDom = Math.max(largestDom, $$(el, '[part~="file"]').length);
        scroller.scrollTop = scroller.scrollHeight;
        return last();
      }, 'the last file', 30000);
      expect(largestDom).to.be.within(5, 40, 'rows in the DOM');
      expect(folderListings(requests.seen).map((r) => r.url.searchParams.get('max-keys'))).to.deep.equal(['100', '1000', '1000']);
      expect(requests.seen.filter((r) => r.method === 'HEAD')).to.deep.equal([]);

      const all = $<HTMLInputElement>(el, '[part~="select-all"]')!;
      all.click();
      await waitFor(() => /1,500 selected/.test(text(el)), 'all selected');
      clickButton(el, 'Delete selected');
      await waitFor(() => /Delete 1,500 files\?/.test(text(el)), 'the question');
      clickButton(el, 'Delete', $(el, '[part~="selection"]')!);
      await waitFor(() => events.length === 1, 'su-files-deleted', 30000);
      await waitFor(() => /No files yet/.test(text(el)), 'the empty list');
      const deletes = requests.seen.filter((r) => r.method === 'POST' && r.url.searchParams.has('delete'));
      expect(deletes.length).to.equal(2, 'at most 1,000 keys a request');
    } finally {
      requests.stop();
    }
    expect(events[0]!.detail.count).to.equal(1500);
    expect(await keysUnder(s3, config, `private/${identityId}/`)).to.deep.equal([]);
  });

  it('shows an image in a dialog: previous and next by keyboard, Escape closes and focus returns', async () => {
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-upload-success']);
    await signUpAndIn(el);
    dropFiles(el, [await imageFile('one.png', 'image/png', 800, 600), await imageFile('two.png', 'image/png', 600, 800), pdfFile('three.pdf')]);
    await waitFor(() => events.length === 3, 'three uploads');
    const names = () => $$(el, '[part~="file"] [part~="open"]').map((b) => b.textContent!.trim());
    await waitFor(() => names().length === 3, 'three rows');
    const images = names().filter((n) => n.endsWith('.png'));
    const opener = rowNamed(el, images[0]!)!.querySelector<HTMLButtonElement>('[part~="open"]')!;
    opener.focus();
    opener.click();
    const dialog = await waitFor(() => $<HTMLDialogElement>(el, 'dialog[part~="viewer"]'), 'the viewer');
    expect(dialog.open).to.equal(true);
    expect(dialog.getAttribute('aria-label')).to.equal(images[0]);
    const full = await waitFor(() => dialog.querySelector<HTMLImageElement>('img.full'), 'the full image');
    expect(await imageSize(full.src)).to.deep.equal(images[0] === 'one.png' ? [800, 600] : [600, 800]);
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => $(el, 'dialog[part~="viewer"]')?.getAttribute('aria-label') === images[1], 'the next image');
    await sendKeys({ press: 'ArrowRight' });
    await waitFor(() => $(el, 'dialog[part~="viewer"]')?.getAttribute('aria-label') === images[0], 'around to the first (the PDF is skipped)');
    await sendKeys({ press: 'ArrowLeft' });
    await waitFor(() => $(el, 'dialog[part~="viewer"]')?.getAttribute('aria-label') === images[1], 'back');
    await sendKeys({ press: 'Escape' });
    await waitFor(() => !$(el, 'dialog[part~="viewer"]'), 'the viewer closed');
    const focused = el.shadowRoot!.activeElement as HTMLElement | null;
    expect(focused?.closest('[part~="file"]')?.querySelector('[part~="open"]')?.textContent?.trim()).to.equal(images[1], 'focus on the row last shown');
  });

  it('never shows HTML or SVG inline: opening them downloads them as attachments', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    await signUpAndIn(el);
    const { s3, identityId } = await userS3(config);
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: `private/${identityId}/page.html`, Body: '<script>parent.pwned = true</script>', ContentType: 'text/html' }));
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: `private/${identityId}/drawing.svg`, Body: '<svg xmlns="http://www.w3.org/2000/svg" onload="parent.pwned=true"/>', ContentType: 'image/svg+xml' }));
    const requests = recordRequests();
    const downloads = captureDownloads();
    try {
      clickButton(el, 'Refresh');
      for (const name of ['page.html', 'drawing.svg']) {
        const row = await waitFor(() => rowNamed(el, name), name);
        row.querySelector<HTMLButtonElement>('[part~="open"]')!.click();
        const download = await waitFor(() => downloads.clicked.find((d) => d.download === name), `${name} downloaded`);
        expect(new URL(download.href).searchParams.get('response-content-disposition')).to.match(/^attachment; /);
        expect($(el, 'dialog')).to.equal(null);
        expect(row.querySelector('img')).to.equal(null, 'no preview made of it');
      }
      expect(requests.seen.filter((r) => r.method === 'GET' && /\.(html|svg)$/.test(r.url.pathname))).to.deep.equal([], 'their bytes are never fetched into the page');
      // Select both and download them: two attachments under their names.
      downloads.clicked.length = 0;
      $<HTMLInputElement>(el, '[part~="select-all"]')!.click();
      await waitFor(() => /2 selected/.test(text(el)), 'both selected');
      clickButton(el, 'Download selected');
      await waitFor(() => downloads.clicked.length === 2, 'two downloads');
      expect(downloads.clicked.map((d) => d.download).sort()).to.deep.equal(['drawing.svg', 'page.html']);
      expect((window as { pwned?: boolean }).pwned).to.equal(undefined);
    } finally {
      downloads.stop();
      requests.stop();
    }
  });
});
