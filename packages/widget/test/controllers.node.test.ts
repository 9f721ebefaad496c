// The controllers with a fake host and a fake storage client: their state and events, apart
// from lit, the DOM and S3 (the element tests run them for real in Chromium).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { Previews } from '../src/controllers/previews.js';
import { FileDeletion } from '../src/controllers/file-deletion.js';
import { StoredFiles } from '../src/controllers/stored-files.js';
import { EXIF_HEAD_BYTES } from '../src/lib/exif.js';
import { fileRow, type FileRow } from '../src/lib/file-rows.js';
import { UploadQueue, type QueueOptions } from '../src/controllers/upload-queue.js';
import { UploaderError, type ErrorCode } from '../src/transport/errors.js';
import type { FileStorage, ListOptions, ListPage, StoredFile, UploadOptions } from '../src/transport/s3.js';
import { withExifThumbnail } from './fixtures/exif-jpeg.js';
import { wholeCatalog } from '../src/i18n/catalog.js';
import { en } from '../src/i18n/en.js';
import { Format } from '../src/lib/format.js';

/** The English words, for what the controllers keep as messages. */
const T = await wholeCatalog(en, new Format('en'));

class FakeHost implements ReactiveControllerHost {
  readonly controllers: ReactiveController[] = [];
  updates = 0;
  addController(controller: ReactiveController) {
    this.controllers.push(controller);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  disconnect() {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}

/** A storage client in memory, as S3 pages and groups keys; each call can be held back to test what arrives late. */
class FakeStorage implements FileStorage {
  readonly objects = new Map<string, StoredFile & { contentType: string; body: Blob }>();
  readonly calls: string[] = [];
  uploadFailure?: unknown;
  gate?: Promise<void>;

  put(key: string, contentType = 'text/plain', lastModified = Date.now(), body: Blob = new Blob(['0123456789'])) {
    this.objects.set(key, { key, size: body.size, lastModified: new Date(lastModified), etag: `"${key}"`, contentType, body });
  }
  async upload(key: string, file: Blob, options: UploadOptions) {
    this.calls.push(`upload ${key}`);
    options.onProgress?.(file.size / 2, file.size);
    await this.gate;
    if (options.signal?.aborted) throw new UploaderError('upload-cancelled', 'cancelled');
    if (this.uploadFailure) throw this.uploadFailure;
    this.put(key, options.contentType, Date.now(), file);
    return { etag: '"etag"' };
  }
  async abortExpired() {
    return 0;
  }
  async abandon() {}
  pendingKey() {
    return undefined;
  }
  async listPage(prefix: string, options: ListOptions): Promise<ListPage> {
    this.calls.push(`list ${prefix}${options.folders ? ' /' : ''} ${options.maxKeys ?? 1000}${options.after ? ` after ${options.after}` : ''}`);
    await this.gate;
    if (options.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const entries: { key: string; folder: boolean }[] = [];
    for (const key of [...this.objects.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      const slash = options.folders ? key.indexOf('/', prefix.length) : -1;
      const entry = slash >= 0 ? { key: key.slice(0, slash + 1), folder: true } : { key, folder: false };
      if (!entries.some((e) => e.key === entry.key)) entries.push(entry);
    }
    const from = options.after ? entries.findIndex((e) => e.key === options.after) + 1 : 0;
    const page = entries.slice(from, from + (options.maxKeys ?? 1000));
    const last = page.at(-1);
    return {
      files: page.filter((e) => !e.folder).map((e) => { const { key, size, lastModified, etag } = this.objects.get(e.key)!; return { key, size, lastModified, etag }; }),
      folders: page.filter((e) => e.folder).map((e) => e.key),
      next: from + page.length < entries.length ? last?.key : undefined,
    };
  }
  async read(key: string, options: { range?: [number, number]; signal?: AbortSignal } = {}) {
    this.calls.push(`read ${key}${options.range ? ` ${options.range.join('-')}` : ''}`);
    await this.gate;
    if (options.signal?.aborted) throw new DOMException('aborted', 'AbortError');
    const object = this.objects.get(key);
    if (!object) throw new UploaderError('access-denied', 'AccessDenied');
    return options.range ? object.body.slice(options.range[0], options.range[1] + 1) : object.body;
  }
  async signedUrl(key: string) {
    return `https://signed.example/${key}`;
  }
  async deleteMany(keys: readonly string[], options: { onProgress?: (done: number, total: number) => void } = {}) {
    const refused: string[] = [];
    for (let start = 0; start < keys.length; start += 1000) {
      const batch = keys.slice(start, start + 1000);
      this.calls.push(`deleteMany ${batch.length}`);
      for (const key of batch) {
        if (key.includes('forbidden')) refused.push(key);
        else this.objects.delete(key);
      }
      options.onProgress?.(start + batch.length, keys.length);
    }
    return refused;
  }
  async createFolder(prefix: string) {
    this.calls.push(`createFolder ${prefix}`);
    this.put(prefix, 'application/x-directory', Date.now(), new Blob([]));
  }
}

const thumbnails = (made: string[]) => ({
  make: async (source: Blob | string) => {
    made.push(typeof source === 'string' ? source : 'blob');
    return new Blob(['thumbnail'], { type: 'image/webp' });
  },
  frame: async () => {
    made.push('frame');
    return new Blob(['frame'], { type: 'image/webp' });
  },
  // Node has no image decoder: nothing is made smaller here (element-downscale tests it in Chromium).
  resize: async () => undefined,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
const ME = 'private/me/';

describe('StoredFiles and FileDeletion', () => {
  const setup = () => {
    const host = new FakeHost();
    const storage = new FakeStorage();
    const events: { deleted: string[]; bulk: string[][]; failed: ErrorCode[]; folders: string[] } = { deleted: [], bulk: [], failed: [], folders: [] };
    const files = new StoredFiles(host, {
      folderChanged: (folder) => events.folders.push(folder),
      failed: (code) => events.failed.push(code),
    });
    const deletion = new FileDeletion(host, files, {
      deleted: (f) => events.deleted.push(f.key),
      bulkDeleted: (keys) => events.bulk.push(keys),
      announce: () => undefined,
      focus: () => undefined,
    });
    return { host, storage, events, files, deletion };
  };
  const key = (name: string, n: number, preview = false) => `${ME}${String(n).padStart(12, '0')}${preview ? '_' : '-'}${encodeURIComponent(name)}`;

  it('shows the first page with names from the keys alone, folders first, and asks nothing per file', async () => {
    const { storage, files } = setup();
    storage.put(key('Report (final).pdf', 2), 'application/pdf', 2000);
    storage.put(key('Old photo.png', 1, true), 'image/png', 1000);
    storage.put(`${ME}Trip/${key('x.jpg', 3).slice(ME.length)}`, 'image/jpeg');
    storage.put(`${ME}.previews/${key('Old photo.png', 1, true).slice(ME.length)}.webp`, 'image/webp');
    storage.put('private/other/c.png', 'image/png', 3000);
    files.setStorage({ client: storage, base: ME });
    await settle();
    assert.equal(files.status, 'ready');
    assert.deepEqual(files.rows.map((r) => r.name), ['Trip', 'Report (final).pdf', 'Old photo.png']);
    assert.deepEqual(storage.calls, [`list ${ME} / 100`], 'one listing, no HEAD or GET per file');
    assert.equal((files.rows[2] as FileRow).hasPreview, true);
  });

  it('loads more pages on demand, and every page when a sort or filter needs the whole folder', async () => {
    const { storage, files } = setup();
    for (let n = 0; n < 1250; n++) storage.put(key(`file ${n}.txt`, n), 'text/plain', 10_000 + n);
    files.setStorage({ client: storage, base: ME });
    await settle();
    assert.equal(files.rows.length, 100);
    assert.equal(files.complete, false);
    files.loadMore();
    files.loadMore(); // a second call while one is loading adds nothing
    await settle();
    assert.equal(files.rows.length, 1100);
    files.setFilter('file 124');
    await settle();
    assert.equal(files.complete, true);
    assert.deepEqual(files.rows.map((r) => r.name).sort(), ['file 124.txt', ...Array.from({ length: 10 }, (_, i) => `file 124${i}.txt`)].sort());
    files.setFilter('');
    files.sortBy('size');
    assert.equal(files.order.descending, true);
    files.sortBy('name');
    assert.deepEqual(files.rows.slice(0, 3).map((r) => r.name), ['file 0.txt', 'file 1.txt', 'file 2.txt'], 'numbers in names sort as numbers');
  });

  it('opens a sub-folder and goes back up, announcing each folder', async () => {
    const { storage, files, events } = setup();
    storage.put(`${ME}Trip%202026/Day%201/${key('a.png', 1).slice(ME.length)}`, 'image/png');
    files.setStorage({ client: storage, base: ME });
    await settle();
    files.open('Trip%202026/');
    await settle();
    assert.deepEqual(files.rows.map((r) => r.name), ['Day 1']);
    files.open('Trip%202026/Day%201/');
    await settle();
    assert.deepEqual(files.rows.map((r) => r.name), ['a.png']);
    files.open('');
    await settle();
    assert.deepEqual(events.folders, ['', 'Trip%202026/', 'Trip%202026/Day%201/', '']);
  });

  it('shows a finished upload at once, without listing the folder again, and a new folder', async () => {
    const { storage, files } = setup();
    files.setStorage({ client: storage, base: ME });
    await settle();
    assert.equal(files.rows.length, 0);
    const calls = storage.calls.length;
    files.added({ key: key('new.png', 5, true), size: 10, lastModified: new Date(), etag: '"e"' }, new Blob(['p']));
    files.added({ key: `${ME}Dropped/${key('in-folder.txt', 6).slice(ME.length)}`, size: 1, lastModified: new Date(), etag: '"f"' });
    files.added({ key: 'private/other/elsewhere.txt', size: 1, lastModified: new Date(), etag: '"g"' });
    assert.deepEqual(files.rows.map((r) => r.name), ['Dropped', 'new.png']);
    assert.ok((files.rows[1] as FileRow).thumbnail?.startsWith('blob:'));
    assert.equal(await files.createFolder('Receipts / 2026'), true);
    assert.deepEqual(files.rows.map((r) => r.name), ['Dropped', 'Receipts 2026', 'new.png']);
    assert.deepEqual(storage.calls.slice(calls), [`createFolder ${ME}Receipts%202026/`]);
  });

  it('drops the late answer for a folder the list has already left (latest call wins)', async () => {
    const { storage, files } = setup();
    storage.put(`${ME}a/x.png`, 'image/png');
    storage.put(`${ME}b/y.png`, 'image/png');
    let release!: () => void;
    storage.gate = new Promise((resolve) => (release = resolve));
    files.setStorage({ client: storage, base: ME });
    files.open('a/');
    files.open('b/');
    release();
    await settle();
    assert.deepEqual(files.files.map((f) => f.key), [`${ME}b/y.png`]);
  });

  it('deletes a file and its preview after the question, and reports a refusal with its code', async () => {
    const { storage, files, events, deletion } = setup();
    storage.put(`${ME}keep-forbidden.txt`);
    storage.put(key('go.png', 1, true), 'image/png');
    storage.put(`${ME}.previews/${key('go.png', 1, true).slice(ME.length)}.webp`, 'image/webp');
    files.setStorage({ client: storage, base: ME });
    await settle();
    const gone = files.files.find((f) => f.name === 'go.png')!;
    const kept = files.files.find((f) => f.name === 'keep-forbidden.txt')!;
    deletion.ask({ kind: 'file', row: gone });
    assert.equal(deletion.confirming?.kind, 'file');
    await deletion.confirm();
    assert.deepEqual(events.deleted, [gone.key]);
    assert.deepEqual([...storage.objects.keys()], [kept.key], 'the preview went with its file');
    deletion.ask({ kind: 'file', row: kept });
    await deletion.confirm();
    assert.deepEqual(events.failed, ['access-denied']);
    assert.deepEqual(files.files.map((f) => f.key), [kept.key], 'a refused delete loses nothing');
  });

  it('deletes 1,500 selected files in two requests, with progress', async () => {
    const { storage, files, events, host, deletion } = setup();
    for (let n = 0; n < 1500; n++) storage.put(key(`f${n}.txt`, n));
    files.setStorage({ client: storage, base: ME });
    await settle();
    files.setFilter('f'); // loads every page
    await settle();
    files.selectAll(true);
    assert.equal(files.selected.size, 1500);
    deletion.ask({ kind: 'selected' });
    const before = host.updates;
    await deletion.confirm();
    assert.deepEqual(storage.calls.filter((c) => c.startsWith('deleteMany')), ['deleteMany 1000', 'deleteMany 500']);
    assert.ok(host.updates - before >= 3, 'progress was drawn');
    assert.equal(events.bulk[0]!.length, 1500);
    assert.equal(files.rows.length, 0);
    assert.equal(files.selected.size, 0);
  });

  it('deletes a folder with everything in it and the previews stored for it', async () => {
    const { storage, files, events, deletion } = setup();
    storage.put(`${ME}Trip/a/${key('x.png', 1, true).slice(ME.length)}`, 'image/png');
    storage.put(`${ME}Trip/b.txt`);
    storage.put(`${ME}.previews/Trip/a/${key('x.png', 1, true).slice(ME.length)}.webp`, 'image/webp');
    storage.put(`${ME}Tripod.txt`);
    files.setStorage({ client: storage, base: ME });
    await settle();
    const folder = files.folders[0]!;
    deletion.ask({ kind: 'folder', row: folder });
    await deletion.confirm();
    assert.deepEqual([...storage.objects.keys()], [`${ME}Tripod.txt`]);
    assert.equal(events.bulk[0]!.length, 3);
    assert.deepEqual(files.rows.map((r) => r.name), ['Tripod.txt']);
  });

  it('reports a failed listing in words, with the fallback code for unknown errors', async () => {
    const { storage, files, events } = setup();
    storage.listPage = async () => {
      throw new Error('boom');
    };
    files.setStorage({ client: storage, base: ME });
    await settle();
    assert.equal(files.status, 'failed');
    assert.equal(files.error?.(T), 'Could not load your files.');
    assert.deepEqual(events.failed, ['list-failed']);
  });
});

describe('Previews', () => {
  const setup = (rows: FileRow[]) => {
    const host = new FakeHost();
    const storage = new FakeStorage();
    const made: string[] = [];
    let onScreen = rows;
    const previews = new Previews(host, thumbnails(made), () => onScreen);
    previews.setStorage(storage);
    return { host, storage, made, previews, show: (next: FileRow[]) => ((onScreen = next), host.controllers.forEach((c) => c.hostUpdated?.())) };
  };
  const row = (key: string, size = 10): FileRow => ({ ...fileRow({ key, size, lastModified: new Date(), etag: '' }) });

  it('takes the cheapest source: stored preview, EXIF thumbnail, small original, else the icon', async () => {
    const stored = row(`${ME}000000000001_a.png`);
    const camera = row(`${ME}IMG_1.jpg`, 9 * 1024 * 1024);
    const small = row(`${ME}small.png`, 500 * 1024);
    const huge = row(`${ME}huge.png`, 9 * 1024 * 1024);
    const pdf = row(`${ME}doc.pdf`);
    const { storage, made, show } = setup([]);
    storage.put(`${ME}.previews/000000000001_a.png.webp`, 'image/webp');
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xda]);
    storage.put(camera.key, 'image/jpeg', 0, new Blob([withExifThumbnail(jpeg, new Uint8Array([0xff, 0xd8, 1, 2, 0xff, 0xd9]), { orientation: 6 }), new Uint8Array(100_000)]));
    show([stored, camera, small, huge, pdf]);
    await settle();
    assert.deepEqual(storage.calls.sort(), [`read ${ME}.previews/000000000001_a.png.webp`, `read ${camera.key} 0-${EXIF_HEAD_BYTES - 1}`].sort());
    assert.deepEqual(made, [`https://signed.example/${small.key}`], 'only the small original is fetched, by the worker');
    assert.ok(stored.thumbnail && camera.thumbnail && small.thumbnail);
    assert.equal(camera.orientation, 6);
    assert.equal(huge.thumbnail, undefined);
    assert.equal(pdf.thumbnail, undefined);
  });

  it('asks only for rows on screen, a few at a time, and cancels those that scroll away', async () => {
    const rows = Array.from({ length: 20 }, (_, n) => row(`${ME}${String(n).padStart(12, '0')}_p${n}.png`));
    const { storage, show } = setup([]);
    for (const r of rows) storage.put(`${ME}.previews/${r.key.slice(ME.length)}.webp`, 'image/webp');
    let release!: () => void;
    storage.gate = new Promise((resolve) => (release = resolve));
    show(rows.slice(0, 10));
    assert.equal(storage.calls.length, 4, 'four in flight');
    show(rows.slice(15, 20));
    release();
    await settle();
    assert.ok(rows.slice(0, 10).every((r) => !r.thumbnail), 'rows scrolled away got nothing');
    assert.ok(rows.slice(15, 20).every((r) => r.thumbnail));
    assert.equal(storage.calls.length, 9);
  });
});

describe('UploadQueue', () => {
  const setup = (options: Partial<QueueOptions> = {}) => {
    const host = new FakeHost();
    const storage = new FakeStorage();
    const events: string[] = [];
    const queue = new UploadQueue(
      host,
      () => ({ autoUpload: false, level: 'private', folder: 'docs/', ...options }),
      {
        start: (item) => events.push(`start ${item.file.name}`),
        progress: (item) => events.push(`progress ${item.file.name} ${item.loaded}`),
        success: (item) => events.push(`success ${item.file.name}`),
        failure: (item, code) => events.push(`failure ${item.file.name} ${code}`),
      },
      thumbnails([]),
    );
    queue.setStorage({ client: storage, ownFolder: (level) => `${level}/us-east-1:me/` });
    return { host, storage, events, queue };
  };
  const textFile = (name: string, body = 'hello world') => new File([body], name, { type: 'text/plain' });

  it('refuses what breaks the limits, with the reason, and uploads the rest under the identity and folder', async () => {
    const { queue, storage, events } = setup({ maxFileSize: 5 });
    await queue.add([textFile('big.txt'), textFile('ok.txt', 'tiny')]);
    assert.deepEqual(queue.items.map((i) => i.status), ['refused', 'ready']);
    assert.equal(queue.items[0]!.message?.(T), 'Too large: files may be at most 5 B.');
    queue.startAll();
    await settle();
    assert.deepEqual(events, ['failure big.txt too-large', 'start ok.txt', 'progress ok.txt 2', 'success ok.txt']);
    assert.match(storage.calls[0]!, /^upload private\/us-east-1:me\/docs\/[0-9a-z]{12}-ok\.txt$/);
    assert.deepEqual(queue.totals, { loaded: 4, total: 4 });
  });

  it('stores the thumbnail of an image beside it, and puts a dropped folder\'s files under their folders', async () => {
    const { queue, storage, events } = setup({ autoUpload: true });
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0])], 'Sun set.png', { type: 'image/png' });
    await queue.add([png, { file: textFile('notes.txt'), folder: 'Trip 2026/Day 1' }]);
    await settle();
    assert.deepEqual(events.filter((e) => e.startsWith('success')).sort(), ['success Sun set.png', 'success notes.txt']);
    const keys = [...storage.objects.keys()].sort();
    assert.equal(keys.length, 3);
    const image = keys.find((k) => k.endsWith('Sun%20set.png'))!;
    assert.match(image, /^private\/us-east-1:me\/docs\/[0-9a-z]{12}_Sun%20set\.png$/);
    assert.ok(keys.includes(`private/us-east-1:me/.previews/docs/${image.slice(image.lastIndexOf('/') + 1)}.webp`));
    assert.match(keys.find((k) => k.includes('notes'))!, /^private\/us-east-1:me\/docs\/Trip%202026\/Day%201\/[0-9a-z]{12}-notes\.txt$/);
  });

  it('marks a key as having a preview only when the thumbnail was made', async () => {
    const { queue, storage } = setup({ autoUpload: true });
    (queue as unknown as { thumbnails: { make: () => Promise<Blob> } }).thumbnails.make = () => Promise.reject(new Error('cannot decode'));
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4, 5, 6, 7, 8])], 'broken.png', { type: 'image/png' });
    await queue.add([png]);
    await settle();
    assert.deepEqual([...storage.objects.keys()].map((k) => k.replace(/[0-9a-z]{12}/, 'ID')), ['private/us-east-1:me/docs/ID-broken.png'], 'no marker, no preview object');
  });

  it('shows progress at most once per frame and ten times a second, while every report still fires its event', async () => {
    const frames: FrameRequestCallback[] = [];
    const globals = globalThis as { requestAnimationFrame?: (callback: FrameRequestCallback) => number; cancelAnimationFrame?: (id: number) => void };
    globals.requestAnimationFrame = (callback) => frames.push(callback);
    globals.cancelAnimationFrame = () => undefined;
    try {
      const { queue, storage, host, events } = setup();
      let reportProgress!: () => void;
      let finish!: () => void;
      storage.upload = (_key, file, options) =>
        new Promise((resolve) => {
          // Four parts in flight report many times between two frames.
          reportProgress = () => {
            for (let sent = 1; sent <= 100; sent++) options.onProgress?.(sent, file.size);
          };
          finish = () => resolve({ etag: '"e"' });
        });
      await queue.add([textFile('a.txt')]);
      const started = queue.start(queue.items[0]!);
      await settle();
      const before = host.updates;
      reportProgress();
      assert.equal(events.filter((e) => e.startsWith('progress')).length, 100, 'every report is an event');
      assert.equal(host.updates, before, 'no render until the frame');
      assert.equal(frames.length, 1, 'one frame asked for');
      frames.shift()!(0);
      assert.equal(host.updates, before + 1);
      assert.equal(queue.items[0]!.loaded, 100);
      // Reports soon after a render wait for the next tenth of a second before asking for a frame.
      reportProgress();
      assert.equal(frames.length, 0, 'no frame asked for within 100 ms of the last render');
      await new Promise((resolve) => setTimeout(resolve, 120));
      assert.equal(frames.length, 1, 'one frame asked for once 100 ms have passed');
      frames.shift()!(0);
      assert.equal(host.updates, before + 2);
      finish();
      await started;
      assert.equal(queue.items[0]!.status, 'done');
    } finally {
      delete globals.requestAnimationFrame;
      delete globals.cancelAnimationFrame;
    }
  });

  it('counts files waiting or uploading against max-files', async () => {
    const { queue } = setup({ maxFiles: 1 });
    await queue.add([textFile('a.txt'), textFile('b.txt')]);
    assert.deepEqual(queue.items.map((i) => i.message?.(T) ?? i.status), ['ready', 'Too many files: at most 1 at a time.']);
  });

  it('turns a failure into words and a code, and a retry into a success on the same key', async () => {
    const { queue, storage, events } = setup();
    storage.uploadFailure = new UploaderError('network', 'offline');
    await queue.add([textFile('a.txt')]);
    await queue.start(queue.items[0]!);
    const item = queue.items[0]!;
    assert.equal(item.status, 'failed');
    assert.equal(item.message?.(T), 'Cannot reach the server. Check your connection and try again.');
    assert.ok(events.includes('failure a.txt network'));
    storage.uploadFailure = undefined;
    const key = item.key;
    queue.retry(item);
    await settle();
    assert.equal(item.status, 'done');
    assert.equal(item.key, key);
  });

  it('cancels a waiting file, and forgets everything when storage closes', async () => {
    const { queue } = setup();
    await queue.add([textFile('a.txt'), textFile('b.txt')]);
    queue.cancel(queue.items[0]!);
    assert.equal(queue.items[0]!.status, 'cancelled');
    queue.clearFinished();
    assert.deepEqual(queue.items.map((i) => i.file.name), ['b.txt']);
    queue.setStorage(undefined);
    assert.deepEqual(queue.items, []);
  });
});
