import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { checkFile, contentTypeOf, RESIZABLE_TYPES, SNIFF_BYTES, sniffType } from '../lib/files.js';
import { isRasterImage } from '../lib/file-rows.js';
import { normalizeFolder, objectKey, previewKey, readKey, uploadId, type AccessLevel } from '../lib/keys.js';
import { withoutLocation } from '../lib/photo-location.js';
import { errorMessage, refusalMessage, type Message } from '../messages.js';
import type { FileStorage } from '../transport/s3.js';
import { CANCELLED_BY_USER, errorCode, type ErrorCode } from '../transport/errors.js';
import type { ThumbnailMaker } from '../thumbnails.js';
import { ChecksumMaker } from '../checksums.js';
import { OncePerFrame } from './once-per-frame.js';

export type UploadStatus = 'refused' | 'ready' | 'uploading' | 'paused' | 'done' | 'failed' | 'cancelled';

/** Why an upload was stopped without being given up: the visitor paused it, or the network went away. */
const PAUSED = 'paused';
const OFFLINE = 'offline';

/** A file the visitor picked or dropped, and the folder it came in (`Trip/Day 1`, '' for none). */
export interface PickedFile {
  file: File;
  folder: string;
}

export interface UploadItem {
  id: number;
  file: File;
  /** The folder it goes to under the level prefix (`docs/Trip/Day%201/` for a file of a dropped folder). */
  folder: string;
  status: UploadStatus;
  /** Bytes sent so far. */
  loaded: number;
  /** What is sent, once known: the file, without its location unless kept, or its smaller re-encoding (`max-image-size`). */
  body?: Blob;
  /** Content type as stored. */
  contentType: string;
  /** Why the file was refused or the upload failed, in words. */
  message?: Message;
  key?: string;
  etag?: string;
  /** The CRC-32C of the stored bytes (base64) that S3 verified, when checksums are on. */
  crc32c?: string;
  /** Object URL of a thumbnail (revoked when the item goes). */
  thumbnail?: string;
  /** The thumbnail being made: stored beside the file as its preview. */
  preview?: Promise<Blob>;
  /** A raster image or a video: it gets a thumbnail (a frame, for a video), stored beside it as its preview. */
  previewable: 'image' | 'video' | undefined;
  abort?: AbortController;
  /** Paused because the network went away: it continues when the network is back. */
  waitingForNetwork?: boolean;
}

export interface QueueOptions {
  accept?: string;
  maxFileSize?: number;
  maxFiles?: number;
  autoUpload: boolean;
  level: AccessLevel;
  folder: string;
  /** Upload photos with their GPS position; by default it is removed first (lib/photo-location.ts). */
  keepLocation?: boolean;
  /** Send a CRC-32C with every file and part for S3 to verify (the `checksum` attribute; on unless `off`). */
  checksums?: boolean;
  /** Photos (JPEG, PNG, WebP) larger than this many pixels on their longest side are made this size before upload. */
  maxImageSize?: number;
  /** The encoder's quality (0 to 1) for photos made smaller. */
  imageQuality?: number;
}

export interface QueueEvents {
  start(item: UploadItem): void;
  progress(item: UploadItem): void;
  success(item: UploadItem): void;
  failure(item: UploadItem, code: ErrorCode): void;
}

/** Where the queue uploads: the S3 client, and the user's own folder at each level. */
export interface QueueStorage {
  client: FileStorage;
  ownFolder(level: AccessLevel): string;
}

/** The least time between two renders of upload progress. */
const PROGRESS_RENDER_MS = 100;

/**
 * The files the user picked: each checked against the limits (its first bytes too), shown
 * with a thumbnail made off the main thread, uploaded with progress, cancellable, retryable.
 */
export class UploadQueue implements ReactiveController {
  items: UploadItem[] = [];
  private storage?: QueueStorage;
  private nextId = 1;
  private readonly wakeLock = new UploadWakeLock();
  /**
   * Renders the bytes sent at most ten times a second, in a frame: four parts in flight report
   * progress many times a frame between them, and a render for each (about 0.5 s of main-thread
   * time per GiB uploaded, profiled) competed for the cores the upload itself needs; a render
   * every frame still cost the renderer about 0.8 s more per GiB than ten a second (measured).
   * Every report still fires its event, and a finished, failed or paused upload renders at once.
   */
  private readonly showProgress = new OncePerFrame(() => this.host.requestUpdate(), PROGRESS_RENDER_MS);
  /** The network went away: running uploads pause (resumable), and continue when it is back. */
  private readonly offline = () => {
    for (const item of this.items) if (item.status === 'uploading') this.stop(item, OFFLINE);
  };
  private readonly online = () => {
    for (const item of this.items) if (item.status === 'paused' && item.waitingForNetwork) void this.start(item);
  };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: () => QueueOptions,
    private readonly events: QueueEvents,
    private readonly thumbnails: Pick<ThumbnailMaker, 'make' | 'frame' | 'resize'>,
    private readonly checksums: Pick<ChecksumMaker, 'crc32c'> = new ChecksumMaker(),
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    globalThis.addEventListener?.('offline', this.offline);
    globalThis.addEventListener?.('online', this.online);
  }

  hostDisconnected(): void {
    globalThis.removeEventListener?.('offline', this.offline);
    globalThis.removeEventListener?.('online', this.online);
    this.wakeLock.release();
    this.showProgress.cancel();
    // Leaving the page is not cancelling: large uploads stay resumable.
    for (const item of this.items) item.abort?.abort('disconnected');
    this.clear();
  }

  setStorage(storage: QueueStorage | undefined): void {
    this.storage = storage;
    // Unfinished uploads this browser remembers past the bucket's lifetime for them are aborted.
    void storage?.client.abortExpired().catch(() => undefined);
    if (!storage) {
      // Signed out: stop, but leave large uploads resumable for the next sign-in.
      for (const item of this.items) item.abort?.abort('signed-out');
      this.clear();
    }
  }

  /** Sent and total bytes over the files that are uploading, waiting or done. */
  get totals(): { loaded: number; total: number } {
    const counted = this.items.filter((i) => i.status === 'uploading' || i.status === 'paused' || i.status === 'done' || i.status === 'ready');
    return { loaded: counted.reduce((sum, i) => sum + i.loaded, 0), total: counted.reduce((sum, i) => sum + bytesOf(i), 0) };
  }

  async add(picked: (File | PickedFile)[]): Promise<void> {
    const options = this.options();
    for (const entry of picked) {
      const { file, folder } = entry instanceof File ? { file: entry, folder: '' } : entry;
      const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
      const sniffed = sniffType(head);
      const item: UploadItem = {
        id: this.nextId++,
        file,
        // The folder shown when the file was added, whatever is shown when its upload starts.
        folder: options.folder + normalizeFolder(folder),
        status: 'ready',
        loaded: 0,
        contentType: contentTypeOf(file.name, file.type),
        previewable: previewKind(sniffed ?? contentTypeOf(file.name, file.type)),
      };
      const waiting = this.items.filter((i) => i.status === 'ready' || i.status === 'uploading' || i.status === 'paused').length;
      let refusal = checkFile(file, head, options);
      if (!refusal && options.maxFiles !== undefined && waiting >= options.maxFiles) refusal = { code: 'too-many-files', limit: options.maxFiles };
      if (refusal) {
        item.status = 'refused';
        item.message = refusalMessage(refusal);
      }
      this.items = [...this.items, item];
      this.host.requestUpdate();
      if (item.status === 'refused') {
        this.events.failure(item, refusal!.code);
        continue;
      }
      if (item.previewable) this.makeThumbnail(item);
      if (options.autoUpload) void this.start(item);
    }
  }

  private makeThumbnail(item: UploadItem) {
    item.preview = item.previewable === 'video' ? this.thumbnails.frame(item.file) : this.thumbnails.make(item.file);
    item.preview.then(
      (blob) => {
        if (!this.items.includes(item)) return;
        item.thumbnail = URL.createObjectURL(blob);
        this.host.requestUpdate();
      },
      () => undefined, // not decodable: the icon stays
    );
  }

  startAll(): void {
    for (const item of this.items) if (item.status === 'ready') void this.start(item);
  }

  async start(item: UploadItem): Promise<void> {
    if (!this.storage || (item.status !== 'ready' && item.status !== 'failed' && item.status !== 'cancelled' && item.status !== 'paused')) return;
    const { client, ownFolder } = this.storage;
    const options = this.options();
    // An unfinished upload of the same file to the same folder (an earlier page) resumes.
    const folder = item.folder;
    const folderPrefix = `${ownFolder(options.level)}${folder}`;
    item.status = 'uploading'; // before waiting for the thumbnail: a second start() does nothing
    item.loaded = 0;
    item.message = undefined;
    item.waitingForNetwork = false;
    const abort = (item.abort = new AbortController());
    this.host.requestUpdate();
    this.wakeLock.hold();
    item.key ??= client.pendingKey(item.file, folderPrefix) ?? objectKey(folderPrefix, item.file.name, uploadId(), await previewMade(item));
    this.events.start(item);
    try {
      const body = (item.body ??= await this.bodyOf(item, options, abort.signal));
      this.host.requestUpdate();
      let retryAt = 0;
      const checksum = this.checksum(options);
      const { etag, crc32c } = await client.upload(item.key, body, {
        contentType: item.contentType,
        originalName: item.file.name,
        signal: item.abort.signal,
        checksum,
        onProgress: (loaded) => {
          item.loaded = loaded;
          if (Date.now() > retryAt) item.message = undefined;
          this.showProgress.ask();
          this.events.progress(item);
        },
        // Said in the item while it waits: what for, and for how long (until bytes flow again).
        onRetry: (waitMs, attempt, of, reason) => {
          retryAt = Date.now() + waitMs;
          const seconds = Math.ceil(waitMs / 1000);
          item.message = (t) => ({ network: t.upload.retrying, server: t.upload.retryingServer, damaged: t.upload.resendingDamaged })[reason](seconds, attempt, of);
          this.host.requestUpdate();
        },
      });
      await this.storePreview(client, item);
      item.status = 'done';
      item.loaded = body.size;
      item.etag = etag;
      item.crc32c = crc32c;
      this.host.requestUpdate();
      this.events.success(item);
    } catch (error) {
      const code = errorCode(error, 'upload-failed');
      const reason: unknown = abort.signal.aborted ? abort.signal.reason : undefined;
      if (reason === PAUSED || reason === OFFLINE || (code === 'network' && globalThis.navigator?.onLine === false)) {
        // Not given up: a large upload resumes from its stored parts when started again.
        item.status = 'paused';
        item.waitingForNetwork = reason !== PAUSED;
        item.message = item.waitingForNetwork ? (t) => t.upload.waitingForNetwork : undefined;
        this.host.requestUpdate();
        return;
      }
      item.status = code === 'upload-cancelled' ? 'cancelled' : 'failed';
      item.message = errorMessage(code);
      this.host.requestUpdate();
      this.events.failure(item, code);
    } finally {
      if (item.abort === abort) item.abort = undefined;
      if (!this.items.some((i) => i.status === 'uploading')) this.wakeLock.release();
    }
  }

  /**
   * What to send for an item. A photo larger than `maxImageSize` is re-encoded smaller in the
   * worker (no metadata survives that, its position included; upright and in its colours). Else
   * the stored photo does not say where it was taken, unless the page keeps it: the bytes sent
   * are the original's around a few patched ones, nothing decoded or re-encoded.
   */
  private async bodyOf(item: UploadItem, options: QueueOptions, signal: AbortSignal): Promise<Blob> {
    const { maxImageSize: maxSize = 0, imageQuality: given } = options;
    if (maxSize >= 1 && RESIZABLE_TYPES.includes(item.contentType)) {
      const quality = given !== undefined && given > 0 && given <= 1 ? given : DEFAULT_IMAGE_QUALITY;
      // A photo the worker cannot decode (or no worker) goes as it is.
      const smaller = await this.thumbnails.resize(item.file, { maxSize: Math.round(maxSize), quality, type: item.contentType }, signal).catch(() => undefined);
      signal.throwIfAborted();
      if (smaller) return smaller;
    }
    return options.keepLocation ? item.file : (await withoutLocation(item.file)).body;
  }

  /** How bodies are checksummed (off the main thread), or undefined when checksums are off. */
  private checksum(options: QueueOptions) {
    return options.checksums ? (body: Blob, signal?: AbortSignal) => this.checksums.crc32c(body, signal) : undefined;
  }

  /** Pauses a running upload; `resume` (or the network coming back, for `offline`) continues it. */
  pause(item: UploadItem): void {
    if (item.status === 'uploading') this.stop(item, PAUSED);
  }

  resume(item: UploadItem): void {
    if (item.status === 'paused') void this.start(item);
  }

  private stop(item: UploadItem, reason: typeof PAUSED | typeof OFFLINE) {
    item.abort?.abort(reason);
  }

  /**
   * Stores the thumbnail beside the uploaded file as its preview, so lists show a few KB
   * instead of the photo. Best effort: without it, lists fall back to other sources.
   */
  private async storePreview(client: FileStorage, item: UploadItem) {
    const key = item.key && item.preview && readKey(item.key).hasPreview ? previewKey(item.key) : undefined;
    if (!key) return;
    try {
      const blob = await item.preview!;
      await client.upload(key, blob, { contentType: blob.type || 'image/webp', originalName: `${item.file.name}.webp`, signal: item.abort?.signal, checksum: this.checksum(this.options()) });
    } catch {
      // the list falls back to the EXIF thumbnail, a small original, or the icon
    }
  }

  cancel(item: UploadItem): void {
    if (item.status === 'uploading') item.abort?.abort(CANCELLED_BY_USER);
    else if (item.status === 'ready' || item.status === 'paused') {
      // A paused large upload is given up for good: its stored parts are removed.
      if (item.status === 'paused' && item.key) void this.storage?.client.abandon(item.file, item.key);
      item.status = 'cancelled';
      item.message = errorMessage('upload-cancelled');
      this.host.requestUpdate();
    }
  }

  retry(item: UploadItem): void {
    void this.start(item);
  }

  remove(item: UploadItem): void {
    item.abort?.abort(CANCELLED_BY_USER);
    if (item.thumbnail) URL.revokeObjectURL(item.thumbnail);
    this.items = this.items.filter((i) => i !== item);
    this.host.requestUpdate();
  }

  /** Removes finished, refused and cancelled items. */
  clearFinished(): void {
    for (const item of this.items.filter((i) => i.status === 'done' || i.status === 'refused' || i.status === 'cancelled')) this.remove(item);
  }

  private clear() {
    for (const item of this.items) if (item.thumbnail) URL.revokeObjectURL(item.thumbnail);
    this.items = [];
    this.host.requestUpdate();
  }
}

function previewKind(type: string): UploadItem['previewable'] {
  return isRasterImage(type) ? 'image' : type.startsWith('video/') ? 'video' : undefined;
}

/** The encoder's quality for photos made smaller when the page does not say (`image-quality`). */
export const DEFAULT_IMAGE_QUALITY = 0.85;

/** The bytes an item sends: its file's, or those of what replaces it (a smaller photo) once made. */
export function bytesOf(item: UploadItem): number {
  return (item.body ?? item.file).size;
}

/** How long an upload waits for its thumbnail before it starts without one. */
const PREVIEW_WAIT_MS = 1500;

/**
 * Whether the file's key may say "a preview is stored beside it": its thumbnail is ready (or
 * comes within a moment). A file whose thumbnail fails (a video the browser cannot decode) is
 * then not marked, and lists never ask for a preview that is not there.
 */
function previewMade(item: UploadItem): Promise<boolean> {
  if (!item.preview) return Promise.resolve(false);
  return Promise.race([item.preview.then(() => true, () => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), PREVIEW_WAIT_MS))]);
}

/**
 * Keeps the screen awake while uploads run, where the browser offers it (a sleeping phone drops
 * its connections); taken again when the page becomes visible, as browsers release it on hide.
 */
class UploadWakeLock {
  private lock?: Promise<WakeLockSentinel | undefined>;
  private wanted = false;
  private readonly visible = () => {
    if (this.wanted && document.visibilityState === 'visible') this.take();
  };

  hold(): void {
    if (this.wanted) return;
    this.wanted = true;
    globalThis.document?.addEventListener('visibilitychange', this.visible);
    this.take();
  }

  release(): void {
    if (!this.wanted) return;
    this.wanted = false;
    globalThis.document?.removeEventListener('visibilitychange', this.visible);
    void this.lock?.then((sentinel) => sentinel?.release()).catch(() => undefined);
    this.lock = undefined;
  }

  private take() {
    // Refused without user activation or when hidden; uploads go on regardless.
    this.lock = globalThis.navigator?.wakeLock?.request('screen').catch(() => undefined);
  }
}
