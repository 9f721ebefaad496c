/**
 * Objects and multipart uploads on disk. A body is streamed to a temporary file, flushed and
 * renamed into `blobs/`; only then is the object's small index record written (atomically), so
 * a crash at any point never leaves half an object visible. Leftovers are swept at start.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../state.js';
import type { ChecksumAlgorithm, ChecksumType, StoredChecksum } from './checksums.js';

/** What S3 keeps about an object besides its bytes. */
export interface ObjectHeaders {
  contentType?: string;
  contentDisposition?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  /** x-amz-meta-* without the prefix, lower-case names. */
  metadata: Record<string, string>;
}

/** A file in blobs/ holding part of an object's bytes. */
export interface BlobRef {
  name: string;
  size: number;
}

export interface StoredObject extends ObjectHeaders {
  key: string;
  /** The object's bytes, in order: one blob, or one per part for multipart uploads. */
  blobs: BlobRef[];
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  lastModified: number;
  checksum?: StoredChecksum;
  /** Number of parts for objects made by multipart upload. */
  parts?: number;
}

export interface UploadRecord extends ObjectHeaders {
  uploadId: string;
  key: string;
  initiated: number;
  checksumAlgorithm?: ChecksumAlgorithm;
  /** With an algorithm: COMPOSITE (the default) or FULL_OBJECT. */
  checksumType?: ChecksumType;
  /** Identity that started it (for ListMultipartUploads' Initiator). */
  initiator: string;
}

export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  lastModified: number;
  checksum?: StoredChecksum;
}

/** A body written to a temporary file and not yet visible; commit or discard it. */
export interface StagedBody {
  path: string;
  size: number;
  md5: Buffer;
}

export class ObjectStore {
  private readonly objects = new Map<string, StoredObject>();
  private readonly blobs: string;
  private readonly index: string;
  private readonly uploads: string;
  private readonly staging: string;

  constructor(root: string) {
    this.blobs = join(root, 'blobs');
    this.index = join(root, 'index');
    this.uploads = join(root, 'uploads');
    this.staging = join(root, 'staging');
    for (const dir of [this.blobs, this.index, this.uploads, this.staging]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.load();
  }

  /** Reads the index and removes what a crash may have left behind. */
  private load() {
    rmSync(this.staging, { recursive: true, force: true });
    mkdirSync(this.staging, { mode: 0o700 });
    for (const name of readdirSync(this.index)) {
      const path = join(this.index, name);
      if (!name.endsWith('.json')) {
        unlinkSync(path);
        continue;
      }
      const record = JSON.parse(readFileSync(path, 'utf8')) as StoredObject & { blob?: string };
      // Records written before objects could span several blobs.
      if (record.blob && !record.blobs) record.blobs = [{ name: record.blob, size: record.size }];
      delete record.blob;
      this.objects.set(record.key, record);
    }
    const referenced = new Set([...this.objects.values()].flatMap((o) => o.blobs.map((b) => b.name)));
    for (const name of readdirSync(this.blobs)) if (!referenced.has(name)) unlinkSync(join(this.blobs, name));
    for (const id of readdirSync(this.uploads)) {
      const dir = join(this.uploads, id);
      if (!existsSync(join(dir, 'upload.json'))) rmSync(dir, { recursive: true, force: true });
      else for (const name of readdirSync(dir)) if (name.endsWith('.tmp')) unlinkSync(join(dir, name));
    }
  }

  get(key: string): StoredObject | undefined {
    return this.objects.get(key);
  }

  /** The bytes stored under any of the prefixes: one pass, no copy or sort (the limits ask on every new object). */
  sizeUnder(prefixes: readonly string[]): number {
    let total = 0;
    for (const [key, object] of this.objects) if (prefixes.some((prefix) => key.startsWith(prefix))) total += object.size;
    return total;
  }

  /** Keys in S3's order (UTF-8 byte order, which for JS strings is code-point order here). */
  keys(prefix: string): string[] {
    return [...this.objects.keys()].filter((k) => k.startsWith(prefix)).sort(compareKeys);
  }

  /** The bytes `start`..`end` (inclusive) of an object, streamed across its blobs. */
  async *read(object: StoredObject, start = 0, end = object.size - 1): AsyncIterable<Buffer> {
    let offset = 0;
    for (const blob of object.blobs) {
      const blobStart = offset;
      const blobEnd = offset + blob.size - 1;
      offset += blob.size;
      if (blob.size === 0 || blobEnd < start || blobStart > end) continue;
      yield* createReadStream(join(this.blobs, blob.name), {
        start: Math.max(start, blobStart) - blobStart,
        end: Math.min(end, blobEnd) - blobStart,
        highWaterMark: 1 << 20,
      }) as AsyncIterable<Buffer>;
    }
  }

  /** Streams a body into a staging file, hashing it on the way. */
  async stage(body: AsyncIterable<Buffer>, observe?: (chunk: Buffer) => void): Promise<StagedBody> {
    const path = join(this.staging, `${randomUUID()}.tmp`);
    const md5 = createHash('md5');
    let size = 0;
    const file = await open(path, 'w', 0o600);
    // Chunks arrive 16–64 KiB at a time; written a MiB at a time (one writev), the disk sees a
    // sixteenth of the calls and the event loop as many fewer round trips to the thread pool.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      const buffers = pending;
      pending = [];
      pendingBytes = 0;
      while (buffers.length > 0) {
        let written = (await file.writev(buffers)).bytesWritten;
        // A short write: drop what went, and go on from the first byte that did not.
        while (buffers.length > 0 && written >= buffers[0]!.length) written -= buffers.shift()!.length;
        if (written > 0) buffers[0] = buffers[0]!.subarray(written);
      }
    };
    try {
      for await (const chunk of body) {
        md5.update(chunk);
        observe?.(chunk);
        size += chunk.length;
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= 1 << 20) await flush();
      }
      await flush();
      await file.sync();
    } catch (error) {
      await file.close();
      rmSync(path, { force: true });
      throw error;
    }
    await file.close();
    return { path, size, md5: md5.digest() };
  }

  discard(staged: StagedBody): void {
    rmSync(staged.path, { force: true });
  }

  /** Makes a staged body the object at `key`, replacing any previous one. */
  commit(key: string, staged: StagedBody, record: Omit<StoredObject, 'key' | 'blobs' | 'size' | 'lastModified'>): StoredObject {
    const name = randomUUID();
    renameSync(staged.path, join(this.blobs, name));
    const object: StoredObject = { ...record, key, blobs: [{ name, size: staged.size }], size: staged.size, lastModified: Date.now() };
    this.writeIndex(object);
    return object;
  }

  delete(key: string): boolean {
    const existing = this.objects.get(key);
    if (!existing) return false;
    rmSync(this.indexPath(key), { force: true });
    this.objects.delete(key);
    this.removeBlobs(existing.blobs);
    return true;
  }

  private writeIndex(object: StoredObject) {
    const previous = this.objects.get(object.key);
    writeFileAtomic(this.indexPath(object.key), JSON.stringify(object));
    this.objects.set(object.key, object);
    if (previous) this.removeBlobs(previous.blobs.filter((old) => !object.blobs.some((b) => b.name === old.name)));
  }

  private removeBlobs(blobs: BlobRef[]) {
    for (const blob of blobs) rmSync(join(this.blobs, blob.name), { force: true });
  }

  private indexPath(key: string) {
    return join(this.index, `${createHash('sha256').update(key).digest('hex')}.json`);
  }

  // --- multipart -----------------------------------------------------------------------

  createUpload(record: Omit<UploadRecord, 'uploadId' | 'initiated'>): UploadRecord {
    const upload: UploadRecord = { ...record, uploadId: randomUUID().replace(/-/g, ''), initiated: Date.now() };
    writeFileAtomic(join(this.uploads, upload.uploadId, 'upload.json'), JSON.stringify(upload));
    return upload;
  }

  getUpload(uploadId: string): UploadRecord | undefined {
    if (!/^[0-9a-f]{32}$/.test(uploadId)) return undefined;
    const path = join(this.uploads, uploadId, 'upload.json');
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as UploadRecord) : undefined;
  }

  listUploads(): UploadRecord[] {
    return readdirSync(this.uploads)
      .map((id) => this.getUpload(id))
      .filter((u): u is UploadRecord => u !== undefined);
  }

  commitPart(uploadId: string, partNumber: number, staged: StagedBody, part: Omit<PartRecord, 'partNumber' | 'size' | 'lastModified'>): PartRecord {
    const dir = join(this.uploads, uploadId);
    const record: PartRecord = { ...part, partNumber, size: staged.size, lastModified: Date.now() };
    renameSync(staged.path, join(dir, `part-${partNumber}`));
    writeFileAtomic(join(dir, `part-${partNumber}.json`), JSON.stringify(record));
    return record;
  }

  parts(uploadId: string): PartRecord[] {
    const dir = join(this.uploads, uploadId);
    return readdirSync(dir)
      .filter((name) => /^part-\d+\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as PartRecord)
      .filter((part) => existsSync(join(dir, `part-${part.partNumber}`)) && statSync(join(dir, `part-${part.partNumber}`)).size === part.size)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  partPath(uploadId: string, partNumber: number): string {
    return join(this.uploads, uploadId, `part-${partNumber}`);
  }

  /**
   * Makes the chosen parts one object without copying a byte: each part file is hard-linked
   * into blobs/ (so the upload stays whole until the index names the object), then the upload
   * is removed.
   */
  completeUpload(upload: UploadRecord, chosen: PartRecord[], record: Omit<StoredObject, 'key' | 'blobs' | 'size' | 'lastModified'>): StoredObject {
    const blobs = chosen.map((part) => {
      const name = randomUUID();
      linkSync(this.partPath(upload.uploadId, part.partNumber), join(this.blobs, name));
      return { name, size: part.size };
    });
    const size = blobs.reduce((sum, b) => sum + b.size, 0);
    const object: StoredObject = { ...record, key: upload.key, blobs, size, lastModified: Date.now() };
    this.writeIndex(object);
    this.abortUpload(upload.uploadId);
    return object;
  }

  abortUpload(uploadId: string): void {
    rmSync(join(this.uploads, uploadId), { recursive: true, force: true });
  }
}

export function compareKeys(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return Buffer.compare(x, y);
}
