import { expect } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { CreateMultipartUploadCommand, ListPartsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { $, $$, backendConfig, clickButton, dropFiles, mount, record, signUpAndIn, userS3, waitFor, type BackendConfig } from './helpers.js';
import { elementFixture } from './setup-errors.js';

const MiB = 1024 * 1024;

async function injectFault({ endpoint, adminToken }: BackendConfig, rule: object) {
  const response = await fetch(`${endpoint}/_local/faults?token=${adminToken}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
  expect(response.status).to.equal(201);
}

describe('<secure-uploader> on a bad network', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('a large upload whose part keeps failing stops with a clear message; after a reload, dropping the same file resumes it without resending finished parts', async () => {
    const config = await backendConfig();
    let el: SecureUploaderElement;
    el = fixture.el = await mount({ 'auto-upload': '' });
    const events = record(el, ['su-upload-progress', 'su-upload-success', 'su-upload-error']);
    await signUpAndIn(el);
    // 20 MiB in 1 MiB items (slices of in-memory Blobs are then not copied): parts of 8, 8 and 4 MiB.
    const chunk = new Uint8Array(MiB).map((_, i) => i % 251);
    const file = new File(Array.from({ length: 20 }, () => chunk), 'big-video.mp4', { type: 'video/mp4' });
    // The connection drops on every attempt at part 2, until the network "comes back".
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, dropAfterBytes: 65536, times: 1000 });
    try {
      dropFiles(el, [file]);
      const failure = await waitFor(() => events.find((e) => e.type === 'su-upload-error'), 'the upload to fail', 60_000);
      expect(failure.detail.code).to.equal('network');
      expect($(el, '[data-status="failed"]')!.textContent).to.contain('Cannot reach the server');
    } finally {
      await fetch(`${config.endpoint}/_local/faults?token=${config.adminToken}`, { method: 'DELETE' });
    }
    const failedKey = events.find((e) => e.type === 'su-upload-error')!.detail.key;

    // A reload: a new element (the session resumes from storage), the same file dropped again.
    el.remove();
    el = fixture.el = await mount({ 'auto-upload': '' });
    const resumed = record(el, ['su-upload-progress', 'su-upload-success', 'su-upload-error']);
    await waitFor(() => $(el, '[part~="dropzone"]'), 'the kept session');
    dropFiles(el, [file]);
    await waitFor(() => resumed.some((e) => e.type === 'su-upload-success'), 'the resumed upload', 60_000);
    const resumedProgress = resumed.filter((e) => e.type === 'su-upload-progress');
    expect(resumedProgress[0]!.detail.loaded).to.equal(12 * MiB, 'parts 1 and 3 were not sent again');
    const success = resumed.find((e) => e.type === 'su-upload-success')!.detail;
    expect(success.key).to.equal(failedKey, 'the same object');
    expect(success.size).to.equal(20 * MiB);
    expect(String(success.etag)).to.match(/-3"$/);
  });

  it('leaving the page mid-upload keeps a large upload resumable; Cancel removes it', async () => {
    const config = await backendConfig();
    let el: SecureUploaderElement;
    el = fixture.el = await mount({ 'auto-upload': '' });
    await signUpAndIn(el);
    const chunk = new Uint8Array(MiB).map((_, i) => (i * 7) % 251);
    const file = new File(Array.from({ length: 20 }, () => chunk), 'long-recording.wav', { type: 'audio/wav' });
    // Part 2 is slow, so the element leaves while it is still being sent.
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, delayMs: 6000, times: 1000 });
    try {
      const first = record(el, ['su-upload-progress']);
      dropFiles(el, [file]);
      // Progress counts bytes sent, not parts stored: give finished parts time to be answered.
      await waitFor(() => first.some((e) => Number(e.detail.loaded) >= 12 * MiB), 'parts 1 and 3 sent');
      await new Promise((r) => setTimeout(r, 1500));
      el.remove();
    } finally {
      await fetch(`${config.endpoint}/_local/faults?token=${config.adminToken}`, { method: 'DELETE' });
    }

    el = fixture.el = await mount({ 'auto-upload': '' });
    await waitFor(() => $(el, '[part~="dropzone"]'), 'the kept session');
    let events = record(el, ['su-upload-progress', 'su-upload-success', 'su-upload-error']);
    dropFiles(el, [file]);
    await waitFor(() => events.some((e) => e.type === 'su-upload-success'), 'the resumed upload', 60_000);
    // Whatever parts were stored before the element left are not sent again.
    expect(Number(events.find((e) => e.type === 'su-upload-progress')!.detail.loaded)).to.be.greaterThan(0, 'resumed, not restarted');

    // Cancel during a large upload removes it: the same file then starts from nothing.
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, delayMs: 3000, times: 1000 });
    try {
      events = record(el, ['su-upload-progress', 'su-upload-error']);
      const copy = new File([file], 'cancel-me.wav', { type: 'audio/wav', lastModified: 1 });
      dropFiles(el, [copy]);
      await waitFor(() => events.some((e) => Number(e.detail.loaded) >= 12 * MiB), 'parts 1 and 3');
      const item = $$(el, '[part~="queue-item"]').find((i) => i.textContent!.includes('cancel-me.wav'))!;
      clickButton(el, 'Cancel', item);
      await waitFor(() => events.some((e) => e.type === 'su-upload-error' && e.detail.code === 'upload-cancelled'), 'the cancellation');
      await fetch(`${config.endpoint}/_local/faults?token=${config.adminToken}`, { method: 'DELETE' });
      const again = record(el, ['su-upload-progress']);
      clickButton(el, 'Retry', item);
      await waitFor(() => again.length > 0, 'progress');
      expect(again[0]!.detail.loaded).to.be.below(12 * MiB, 'started over');
    } finally {
      await fetch(`${config.endpoint}/_local/faults?token=${config.adminToken}`, { method: 'DELETE' });
    }
  });

  it('forgets and aborts a remembered upload once the bucket\'s lifetime for unfinished uploads has passed; a fresh one stays', async () => {
    const config = await backendConfig();
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    await signUpAndIn(el);
    const { s3, identityId } = await userS3(config);
    // Two unfinished uploads with a part each, as an earlier page would leave them.
    const started = async (name: string) => {
      const Key = `private/${identityId}/000000000000-${name}`;
      const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: config.bucket, Key }));
      await s3.send(new UploadPartCommand({ Bucket: config.bucket, Key, UploadId, PartNumber: 1, Body: new Uint8Array(1024) }));
      return { Key, UploadId: UploadId! };
    };
    const old = await started('old.bin');
    const fresh = await started('fresh.bin');
    const remember = (name: string, upload: { Key: string; UploadId: string }, startedAt: number) =>
      localStorage.setItem(`secure-uploader:resume:${config.bucket}|private/${identityId}/|${name}|${32 * MiB}|1`, JSON.stringify({ key: upload.Key, uploadId: upload.UploadId, partSize: 8 * MiB, startedAt }));
    remember('old.bin', old, Date.now() - 25 * 60 * 60 * 1000);
    remember('fresh.bin', fresh, Date.now() - 60 * 1000);

    // The next page: the element opens the visitor's storage and looks at what it remembers.
    el.remove();
    el = fixture.el = await mount();
    await waitFor(() => $(el, '[part~="dropzone"]'), 'the kept session');
    const remembered = () => Object.keys(localStorage).filter((key) => key.startsWith('secure-uploader:resume:'));
    await waitFor(() => remembered().length === 1, 'the expired upload forgotten');
    expect(remembered()[0]).to.contain('fresh.bin');
    let gone = '';
    await s3.send(new ListPartsCommand({ Bucket: config.bucket, ...old })).catch((error: Error) => (gone = error.name));
    expect(gone).to.equal('NoSuchUpload', 'the expired upload is aborted');
    expect((await s3.send(new ListPartsCommand({ Bucket: config.bucket, ...fresh }))).Parts).to.have.length(1, 'the fresh one is kept');
  });
});
