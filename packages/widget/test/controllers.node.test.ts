// The controllers with a fake host and a fake storage client: their state and events, apart
// from lit, the DOM and S3 (the element tests run them for real in Chromium).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { StoredFiles } from '../src/controllers/stored-files.js';
import { UploadQueue, type QueueOptions } from '../src/controllers/upload-queue.js';
import { UploaderError, type ErrorCode } from '../src/transport/errors.js';
import type { FileStorage, StoredFile, UploadOptions } from '../src/transport/s3.js';

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

/** A storage client in memory; each call can be held back to test what arrives late. */
class FakeStorage implements FileStorage {
  readonly objects = new Map<string, StoredFile & { contentType: string; originalName?: string }>();
  readonly calls: string[] = [];
  uploadFailure?: unknown;
  gate?: Promise<void>;

  put(key: string, contentType: string, originalName?: string, lastModified = Date.now()) {
    this.objects.set(key, { key, size: 10, lastModified: new Date(lastModified), etag: `"${key}"`, contentType, originalName });
  }
  async upload(key: string, file: Blob, options: UploadOptions) {
    this.calls.push(`upload ${key}`);
    options.onProgress?.(file.size / 2, file.size);
    await this.gate;
    if (options.signal?.aborted) throw new UploaderError('upload-cancelled', 'cancelled');
    if (this.uploadFailure) throw this.uploadFailure;
    this.put(key, options.contentType, options.originalName);
    return { etag: '"etag"' };
  }
  pendingKey() {
    return undefined;
  }
  async list(prefix: string) {
    this.calls.push(`list ${prefix}`);
    await this.gate;
    return [...this.objects.values()].filter((o) => o.key.startsWith(prefix)).map(({ key, size, lastModified, etag }) => ({ key, size, lastModified, etag }));
  }
  async details(key: string) {
    this.calls.push(`details ${key}`);
    const object = this.objects.get(key)!;
    return { contentType: object.contentType, originalName: object.originalName };
  }
  async signedUrl(key: string) {
    return `https://signed.example/${key}`;
  }
  async delete(key: string) {
    this.calls.push(`delete ${key}`);
    if (key.includes('forbidden')) throw new UploaderError('access-denied', 'AccessDenied');
    this.objects.delete(key);
  }
}

const thumbnails = (made: string[]) => ({
  make: async (source: Blob | string) => {
    made.push(typeof source === 'string' ? source : 'blob');
    return URL.createObjectURL(new Blob(['thumbnail']));
  },
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('StoredFiles', () => {
  const setup = () => {
    const host = new FakeHost();
    const storage = new FakeStorage();
    const made: string[] = [];
    const events: { deleted: string[]; failed: ErrorCode[] } = { deleted: [], failed: [] };
    const files = new StoredFiles(host, thumbnails(made), { deleted: (f) => events.deleted.push(f.key), failed: (code) => events.failed.push(code) });
    return { host, storage, made, events, files };
  };

  it('lists newest first, with original names from the details, and thumbnails for images only', async () => {
    const { storage, files, made } = setup();
    storage.put('private/me/a-old.png', 'image/png', 'Old photo.png', 1000);
    storage.put('private/me/b-new.pdf', 'application/pdf', 'Report.pdf', 2000);
    storage.put('private/other/c.png', 'image/png', 'Not mine.png', 3000);
    files.setStorage({ client: storage, prefix: 'private/me/' });
    await settle();
    assert.equal(files.status, 'ready');
    assert.deepEqual(files.files.map((f) => f.name), ['Report.pdf', 'Old photo.png']);
    assert.deepEqual(made, ['https://signed.example/private/me/a-old.png']);
    await settle();
    assert.ok(files.files[1]!.thumbnail?.startsWith('blob:'));
  });

  it('drops the late answer for a folder the list has already left (latest call wins)', async () => {
    const { storage, files } = setup();
    storage.put('private/me/a/x.png', 'image/png');
    storage.put('private/me/b/y.png', 'image/png');
    let release!: () => void;
    storage.gate = new Promise((resolve) => (release = resolve));
    files.setStorage({ client: storage, prefix: 'private/me/a/' });
    files.setStorage({ client: storage, prefix: 'private/me/b/' });
    release();
    await settle();
    assert.deepEqual(files.files.map((f) => f.key), ['private/me/b/y.png']);
  });

  it('deletes a file after the question, and reports a refusal with its code', async () => {
    const { storage, files, events } = setup();
    storage.put('private/me/keep-forbidden.txt', 'text/plain');
    storage.put('private/me/go.txt', 'text/plain');
    files.setStorage({ client: storage, prefix: 'private/me/' });
    await settle();
    const [first, second] = files.files;
    const gone = first!.key === 'private/me/go.txt' ? first! : second!;
    const kept = gone === first ? second! : first!;
    files.askDelete(gone, true);
    assert.equal(gone.confirmingDelete, true);
    await files.delete(gone);
    assert.deepEqual(events.deleted, ['private/me/go.txt']);
    assert.deepEqual(files.files.map((f) => f.key), [kept.key]);
    await files.delete(kept);
    assert.deepEqual(events.failed, ['access-denied']);
    assert.deepEqual(files.files.map((f) => f.key), [kept.key], 'a refused delete loses nothing');
  });

  it('reports a failed listing in words, with the fallback code for unknown errors', async () => {
    const { storage, files, events } = setup();
    storage.list = async () => {
      throw new Error('boom');
    };
    files.setStorage({ client: storage, prefix: 'private/me/' });
    await settle();
    assert.equal(files.status, 'failed');
    assert.equal(files.error, 'Could not load your files.');
    assert.deepEqual(events.failed, ['list-failed']);
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
    queue.setStorage({ client: storage, identityId: 'us-east-1:me' });
    return { host, storage, events, queue };
  };
  const textFile = (name: string, body = 'hello world') => new File([body], name, { type: 'text/plain' });

  it('refuses what breaks the limits, with the reason, and uploads the rest under the identity and folder', async () => {
    const { queue, storage, events } = setup({ maxFileSize: 5 });
    await queue.add([textFile('big.txt'), textFile('ok.txt', 'tiny')]);
    assert.deepEqual(queue.items.map((i) => i.status), ['refused', 'ready']);
    assert.equal(queue.items[0]!.message, 'Too large: files may be at most 5 B.');
    queue.startAll();
    await settle();
    assert.deepEqual(events, ['failure big.txt too-large', 'start ok.txt', 'progress ok.txt 2', 'success ok.txt']);
    assert.match(storage.calls[0]!, /^upload private\/us-east-1:me\/docs\/[0-9a-z]{12}-ok\.txt$/);
    assert.deepEqual(queue.totals, { loaded: 4, total: 4 });
  });

  it('counts files waiting or uploading against max-files', async () => {
    const { queue } = setup({ maxFiles: 1 });
    await queue.add([textFile('a.txt'), textFile('b.txt')]);
    assert.deepEqual(queue.items.map((i) => i.message ?? i.status), ['ready', 'Too many files: at most 1 at a time.']);
  });

  it('turns a failure into words and a code, and a retry into a success on the same key', async () => {
    const { queue, storage, events } = setup();
    storage.uploadFailure = new UploaderError('network', 'offline');
    await queue.add([textFile('a.txt')]);
    await queue.start(queue.items[0]!);
    const item = queue.items[0]!;
    assert.equal(item.status, 'failed');
    assert.equal(item.message, 'Cannot reach the server. Check your connection and try again.');
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
