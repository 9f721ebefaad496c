import { expect } from '@open-wc/testing';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, $$, backendConfig, bytesOf, clickButton, dropFiles, imageFile, mount, pdfFile, record, signUpAndIn, text, userS3, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

describe('<secure-uploader> upload, my files, download, delete', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('uploads a dropped PNG, JPEG and PDF with previews and progress, lists, downloads under the original name, deletes', async () => {
    let el: SecureUploaderElement;
    const config = await backendConfig();
    el = fixture.el = await mount({ 'auto-upload': '' });
    const events = record(el, ['su-upload-start', 'su-upload-progress', 'su-upload-success', 'su-upload-error', 'su-file-deleted']);
    await signUpAndIn(el);
    const files = [await imageFile('Sunset at the beach.png', 'image/png', 400, 300), await imageFile('Été 2026 – photo.jpg', 'image/jpeg', 320, 240), pdfFile('Invoice #42 (final).pdf')];
    dropFiles(el, files);

    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 3, 'three uploads');
    await waitFor(() => $$(el, '[part~="queue"] img[part~="thumbnail"]').length === 2, 'two thumbnails');
    expect($$(el, '[part~="queue"] [part~="file-icon"]').map((i) => i.textContent)).to.deep.equal(['PDF']);
    for (const bar of $$<HTMLProgressElement>(el, '[part~="item-progress"]')) expect(bar.value).to.equal(bar.max);
    const total = $<HTMLProgressElement>(el, '[part~="total-progress"]')!;
    expect(total.value).to.equal(total.max);
    const successes = events.filter((e) => e.type === 'su-upload-success').map((e) => e.detail);
    expect(successes.map((s) => s.name)).to.have.members(files.map((f) => f.name));
    expect(new Set(successes.map((s) => s.key)).size).to.equal(3, 'once per file');
    expect(events.some((e) => e.type === 'su-upload-progress')).to.equal(true);

    // The bucket holds the same bytes and types under private/{identityId}/.
    const { s3, identityId } = await userS3(config);
    for (const file of files) {
      const success = successes.find((s) => s.name === file.name)!;
      expect(String(success.key).startsWith(`private/${identityId}/`)).to.equal(true);
      expect(success.size).to.equal(file.size);
      expect(String(success.etag)).to.match(/^"[0-9a-f]{32}"$/);
      const object = await s3.send(new GetObjectCommand({ Bucket: config.bucket, Key: String(success.key) }));
      expect(object.ContentType).to.equal(file.type);
      expect([...(await object.Body!.transformToByteArray())]).to.deep.equal([...(await bytesOf(file))]);
    }
    // Keys are S3-safe and keep the original name reversibly (percent-encoded).
    expect(successes.every((s) => !/[^A-Za-z0-9._/:%-]/.test(String(s.key)))).to.equal(true, 'keys are safe');
    expect(successes.map((s) => decodeURIComponent(String(s.key).split('/').at(-1)!.slice(13))).sort()).to.deep.equal(files.map((f) => f.name).sort());

    // My files: names from the keys, image thumbnails.
    await waitFor(() => $$(el, '[part~="file"]').length === 3 && files.every((f) => text(el).includes(f.name)), 'my files');
    await waitFor(() => $$(el, '[part~="files"] img[part~="thumbnail"]').length === 2, 'thumbnails in my files');

    // Download: a signed URL that serves the same bytes under the original name.
    const clicked: { href: string; download: string }[] = [];
    const originalClick = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      clicked.push({ href: this.href, download: this.download });
    };
    try {
      const row = $$(el, '[part~="file"]').find((r) => r.textContent!.includes('Été 2026'))!;
      clickButton(el, 'Download', row);
      await waitFor(() => clicked.length === 1, 'the download');
    } finally {
      HTMLAnchorElement.prototype.click = originalClick;
    }
    const response = await fetch(clicked[0]!.href);
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-disposition')).to.contain(`filename*=UTF-8''${encodeURIComponent('Été 2026 – photo.jpg')}`);
    expect([...new Uint8Array(await response.arrayBuffer())]).to.deep.equal([...(await bytesOf(files[1]!))]);
    expect(clicked[0]!.download).to.equal('Été 2026 – photo.jpg');

    // Delete, after a confirmation.
    const pdfRow = () => $$(el, '[part~="file"]').find((r) => r.textContent!.includes('Invoice #42'));
    clickButton(el, 'Delete', pdfRow()!);
    await waitFor(() => /Delete this file\?/.test(pdfRow()!.textContent!), 'the confirmation');
    clickButton(el, 'Delete', pdfRow()!);
    await waitFor(() => !pdfRow(), 'the row to go');
    const deleted = await waitFor(() => events.find((e) => e.type === 'su-file-deleted'), 'su-file-deleted');
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: `private/${identityId}/` }));
    expect(listed.Contents?.map((o) => o.Key)).to.not.include(deleted.detail.key);
    // The two images and the small preview stored beside each.
    expect(listed.Contents?.filter((o) => !o.Key!.includes('/.previews/')).length).to.equal(2);
    expect(listed.Contents?.filter((o) => o.Key!.includes('/.previews/')).length).to.equal(2);
  });

  it('a second user sees none of the first user\'s files', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount({ 'auto-upload': '' });
    const events = record(el, ['su-upload-success']);
    await signUpAndIn(el);
    dropFiles(el, [pdfFile('first-user.pdf')]);
    await waitFor(() => events.length === 1, 'the upload');
    clickButton(el, 'Sign out');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'signed out');
    el.remove();
    el = fixture.el = await mount();
    await signUpAndIn(el);
    await waitFor(() => /No files yet/.test(text(el)), 'an empty list');
    expect(text(el)).to.not.contain('first-user.pdf');
  });

  it('refuses files over the size limit, of a refused type, or whose content lies about their type, and says why', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount({ 'auto-upload': '', accept: 'image/*', 'max-file-size': '20KB', 'max-files': '3' });
    const events = record(el, ['su-upload-start', 'su-upload-error']);
    await signUpAndIn(el);
    const big = await imageFile('huge.png', 'image/png', 2000, 2000);
    const pdfInDisguise = new File([await bytesOf(pdfFile('x.pdf'))], 'holiday.png', { type: 'image/png' });
    dropFiles(el, [big, pdfFile('report.pdf'), pdfInDisguise]);
    await waitFor(() => events.filter((e) => e.type === 'su-upload-error').length === 3, 'three refusals');
    expect(events.some((e) => e.type === 'su-upload-start')).to.equal(false, 'nothing started');
    expect(events.map((e) => e.detail.code)).to.deep.equal(['too-large', 'type-not-accepted', 'content-mismatch']);
    const messages = $$(el, '[part~="queue-item"]').map((i) => i.querySelector('[part~="item-status"]')!.textContent);
    expect(messages[0]).to.contain('Too large: files may be at most 20 KB');
    expect(messages[1]).to.contain('Not an accepted type (accepted: image/*)');
    expect(messages[2]).to.contain('Its content is application/pdf, not image/png');
    await waitFor(() => /No files yet/.test(text(el)), 'no files');
  });

  it('keeps to the server\'s limits: refuses a file over its size at once, and shows a file the server removed for the quota', async () => {
    // The test backend allows 32 MiB objects and 48 MiB per identity (web-test-runner.config.mjs).
    const MiB = 1024 * 1024;
    const config = await backendConfig();
    expect(config.limits).to.deep.equal({ maxObjectBytes: 32 * MiB, quotaBytes: 48 * MiB });
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    const events = record(el, ['su-upload-success', 'su-upload-error']);
    await signUpAndIn(el);
    const file = (name: string, size: number) => new File([new Uint8Array(size).fill(1)], name, { type: 'application/octet-stream' });

    dropFiles(el, [file('huge.bin', 32 * MiB + 1)]);
    await waitFor(() => events.some((e) => e.type === 'su-upload-error'), 'the refusal');
    expect(text(el)).to.contain('Too large: files may be at most 32 MB.');

    dropFiles(el, [file('first.bin', 30 * MiB)]);
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 1, 'the first upload');
    dropFiles(el, [file('second.bin', 20 * MiB)]);
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 2, 'the second upload, accepted by S3');
    const notice = await waitFor(() => $(el, '[part~="removed"]'), 'the server\'s removal, shown');
    expect(notice.getAttribute('role')).to.equal('alert');
    expect(notice.textContent!.replace(/\s+/g, ' ')).to.contain('second.bin was removed by the server: it would take you over your storage quota of 48 MB. Delete files to make room.');
    await waitFor(() => !$$(el, '[part~="file"]').some((r) => r.textContent!.includes('second.bin')), 'its row to go');
    expect($$(el, '[part~="file"]').some((r) => r.textContent!.includes('first.bin'))).to.equal(true);

    // Dismissing deletes the record: a reload shows nothing more.
    clickButton(el, 'Dismiss', notice);
    await waitFor(() => !$(el, '[part~="removed"]'), 'the notice to go');
    const { s3, identityId } = await userS3(config);
    const records = async () => (await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: `private/${identityId}/.rejected/` }))).KeyCount ?? 0;
    for (let tries = 0; tries < 40 && (await records()) > 0; tries++) await new Promise((r) => setTimeout(r, 50));
    expect(await records()).to.equal(0, 'the record is deleted');
  });

  it('without auto-upload, waits for the Upload button; a cancelled file can be retried; pasted files join the queue', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    const events = record(el, ['su-upload-start', 'su-upload-success', 'su-upload-error']);
    await signUpAndIn(el);
    dropFiles(el, [pdfFile('later.pdf'), pdfFile('never.pdf')]);
    await waitFor(() => $$(el, '[data-status="ready"]').length === 2, 'two waiting files');
    expect(events.length).to.equal(0, 'nothing starts on its own');
    clickButton(el, 'Cancel', $$(el, '[part~="queue-item"]').find((i) => i.textContent!.includes('never.pdf'))!);
    await waitFor(() => $(el, '[data-status="cancelled"]'), 'cancelled');
    clickButton(el, 'Upload 1 file');
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 1, 'the upload');
    expect(events.find((e) => e.type === 'su-upload-success')!.detail.name).to.equal('later.pdf');
    clickButton(el, 'Retry');
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 2, 'the retried upload');

    const clipboard = new DataTransfer();
    clipboard.items.add(pdfFile('pasted.pdf'));
    $(el, '[part~="dropzone"]')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, composed: true, cancelable: true }));
    await waitFor(() => $$(el, '[part~="queue-item"]').some((i) => i.textContent!.includes('pasted.pdf')), 'the pasted file');
  });
});
