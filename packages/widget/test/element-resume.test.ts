import { expect } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { CreateMultipartUploadCommand, ListPartsCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { $, $$, backendConfig, clearFaults, clickButton, dropFiles, injectFault, mount, record, signUpAndIn, userS3, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';

const MiB = 1024 * 1024;

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
      await clearFaults(config);
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
      await clearFaults(config);
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
      await clearFaults(config);
      const again = record(el, ['su-upload-progress']);
      clickButton(el, 'Retry', item);
      await waitFor(() => again.length > 0, 'progress');
      expect(again[0]!.detail.loaded).to.be.below(12 * MiB, 'started over');
    } finally {
      await clearFaults(config);
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

  it('pauses and resumes a large upload without resending stored parts; offline pauses it, back online it goes on', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    await signUpAndIn(el);
    const chunk = new Uint8Array(MiB).map((_, i) => (i * 13) % 251);
    const itemOf = (name: string) => $$(el, '[part~="queue-item"]').find((i) => i.textContent!.includes(name))!;

    // Pause and Resume.
    const file = new File(Array.from({ length: 20 }, () => chunk), 'paused-film.mp4', { type: 'video/mp4' });
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, delayMs: 4000, times: 1000 });
    let events = record(el, ['su-upload-progress', 'su-upload-success', 'su-upload-error']);
    try {
      dropFiles(el, [file]);
      await waitFor(() => events.some((e) => Number(e.detail.loaded) >= 12 * MiB), 'parts 1 and 3 sent');
      await new Promise((r) => setTimeout(r, 1500));
      clickButton(el, 'Pause', itemOf('paused-film.mp4'));
      await waitFor(() => itemOf('paused-film.mp4').dataset.status === 'paused', 'paused');
      expect(itemOf('paused-film.mp4').textContent).to.contain('Paused');
      expect(events.filter((e) => e.type !== 'su-upload-progress')).to.deep.equal([], 'a pause is neither a failure nor a success');
    } finally {
      await clearFaults(config);
    }
    events = record(el, ['su-upload-progress', 'su-upload-success', 'su-upload-error']);
    clickButton(el, 'Resume', itemOf('paused-film.mp4'));
    await waitFor(() => events.some((e) => e.type === 'su-upload-success'), 'the resumed upload', 60_000);
    expect(Number(events.find((e) => e.type === 'su-upload-progress')!.detail.loaded)).to.be.at.least(8 * MiB, 'the stored parts are not sent again');

    // The network goes away mid-upload, then comes back.
    const second = new File(Array.from({ length: 20 }, () => chunk), 'train-ride.mp4', { type: 'video/mp4' });
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, delayMs: 3000, times: 1 });
    events = record(el, ['su-upload-progress', 'su-upload-success', 'su-upload-error']);
    dropFiles(el, [second]);
    await waitFor(() => events.some((e) => Number(e.detail.loaded) >= 12 * MiB), 'parts 1 and 3 sent');
    await new Promise((r) => setTimeout(r, 1000));
    // The browser says the network went away (DevTools' offline emulation would also cut the
    // test runner's own connection to the page, so the events are sent as the browser sends them).
    window.dispatchEvent(new Event('offline'));
    await waitFor(() => itemOf('train-ride.mp4').dataset.status === 'paused', 'paused by the network going away');
    expect(itemOf('train-ride.mp4').textContent).to.contain('Waiting for the network');
    await new Promise((r) => setTimeout(r, 1000));
    expect(itemOf('train-ride.mp4').dataset.status).to.equal('paused', 'it waits, it does not fail');
    window.dispatchEvent(new Event('online'));
    await waitFor(() => events.some((e) => e.type === 'su-upload-success' && e.detail.name === 'train-ride.mp4'), 'the upload going on once online', 60_000);
    expect(events.some((e) => e.type === 'su-upload-error')).to.equal(false);
  });

  /**
   * Uploads a 20 MiB file with `fault` on part 2, the fault cleared once the item says it is
   * trying again (the network "comes back"); returns each "trying again" the item said.
   */
  async function retriesSaid(fault: Record<string, unknown>, name: string): Promise<string[]> {
    const config = await backendConfig();
    const el = (fixture.el = await mount({ 'auto-upload': '' }));
    await signUpAndIn(el);
    const chunk = new Uint8Array(MiB).map((_, i) => (i * 17) % 251);
    const file = new File(Array.from({ length: 20 }, () => chunk), name, { type: 'video/mp4' });
    await injectFault(config, { match: { method: 'PUT', path: 'partNumber=2' }, ...fault });
    const events = record(el, ['su-upload-success', 'su-upload-error']);
    const said: string[] = [];
    let cleared: Promise<void> | undefined;
    const watch = setInterval(() => {
      const status = $(el, '[part~="item-status"]')?.textContent?.trim() ?? '';
      if (/trying again/.test(status) && !said.includes(status)) said.push(status);
      if (said.length > 0) cleared ??= clearFaults(config);
    }, 20);
    try {
      dropFiles(el, [file]);
      await waitFor(() => events.length > 0, 'the upload', 60_000);
    } finally {
      clearInterval(watch);
      await cleared;
      await clearFaults(config);
    }
    expect(events.map((e) => e.type)).to.deep.equal(['su-upload-success']);
    return said;
  }

  it('says what a failing part waits for, then succeeds', async () => {
    // Every try drops until the item says so: Chromium itself sends a request again, unsaid, when
    // a kept-alive connection drops before any answer (8 drops over 5 tries in one run; in a CI
    // run 3 drops all passed unsaid), so a fixed number of drops proves nothing: the test waits
    // for the element's own retry.
    const said = await retriesSaid({ dropAfterBytes: 65536, times: 1000 }, 'bumpy.mp4');
    expect(said.some((s) => /Connection lost; trying again in \d+ s \(1 of 4\)/.test(s))).to.equal(true, said.join(' | '));
  });

  it('one server error is one retry the item states: no silent retries before it', async () => {
    // Parts once went through the SDK's own quick retries (3 tries each) inside each of the
    // element's: a 500 was retried unsaid. Now every failed try is the element's, and said.
    const said = await retriesSaid({ status: 500, times: 1 }, 'server-hiccup.mp4');
    expect(said.some((s) => /The server had a problem; trying again in \d+ s \(1 of 4\)/.test(s))).to.equal(true, said.join(' | '));
    expect(said.some((s) => /\(2 of 4\)/.test(s))).to.equal(false, `one error, one retry: ${said.join(' | ')}`);
  });
});
