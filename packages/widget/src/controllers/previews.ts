import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { EXIF_HEAD_BYTES, exifThumbnail } from '../lib/exif.js';
import { inlineImageType, type FileRow } from '../lib/file-rows.js';
import { previewKey } from '../lib/keys.js';
import type { FileStorage } from '../transport/s3.js';
import type { ThumbnailMaker } from '../thumbnails.js';

/**
 * Originals up to this size are fetched to make a preview when there is nothing smaller (no
 * stored preview, no EXIF thumbnail); larger ones show their type icon.
 */
export const ORIGINAL_PREVIEW_CAP = 1024 * 1024;
/** Preview requests at a time. */
const IN_FLIGHT = 4;

type Preview = { blob: Blob; orientation?: number };

/**
 * Thumbnails for the rows on screen only, a few at a time, each cancelled when its row scrolls
 * away. The cheapest source first: the small preview the element stored beside the file (a
 * few KB); for a JPEG, the thumbnail its camera embedded (one ranged GET of its first bytes);
 * an original only when it is small; else the type icon stays.
 */
export class Previews implements ReactiveController {
  private storage?: FileStorage;
  private readonly loads = new Map<FileRow, AbortController>();
  /** Rows whose preview is shown or cannot be had: not asked again. */
  private readonly settled = new WeakSet<FileRow>();
  private waiting: FileRow[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly thumbnails: Pick<ThumbnailMaker, 'make'>,
    private readonly onScreen: () => FileRow[],
  ) {
    host.addController(this);
  }

  setStorage(storage: FileStorage | undefined): void {
    this.stopAll();
    this.storage = storage;
  }

  hostUpdated(): void {
    this.want(this.onScreen());
  }

  hostDisconnected(): void {
    this.stopAll();
  }

  /** Asks for the previews of `rows` and stops those of rows no longer among them. */
  want(rows: FileRow[]): void {
    const wanted = new Set(rows.filter((row) => !row.thumbnail && !this.settled.has(row) && (row.hasPreview || inlineImageType(row.name))));
    for (const [row, abort] of this.loads) {
      if (wanted.has(row)) continue;
      abort.abort();
      this.loads.delete(row);
    }
    this.waiting = [...wanted].filter((row) => !this.loads.has(row));
    this.pump();
  }

  private pump() {
    while (this.storage && this.loads.size < IN_FLIGHT && this.waiting.length > 0) void this.start(this.storage, this.waiting.shift()!);
  }

  private async start(storage: FileStorage, row: FileRow) {
    const abort = new AbortController();
    this.loads.set(row, abort);
    try {
      const preview = await this.load(storage, row, abort.signal);
      if (abort.signal.aborted) return;
      this.settled.add(row);
      if (preview) {
        row.thumbnail = URL.createObjectURL(preview.blob);
        row.orientation = preview.orientation;
        this.host.requestUpdate();
      }
    } catch {
      if (!abort.signal.aborted) this.settled.add(row);
    } finally {
      if (this.loads.get(row) === abort) this.loads.delete(row);
      this.pump();
    }
  }

  private async load(storage: FileStorage, row: FileRow, signal: AbortSignal): Promise<Preview | undefined> {
    const stored = row.hasPreview ? previewKey(row.key) : undefined;
    if (stored) {
      try {
        return { blob: await storage.read(stored, { signal }) };
      } catch (error) {
        if (signal.aborted) throw error; // else: gone or never written; try the file itself
      }
    }
    const type = inlineImageType(row.name);
    if (!type) return undefined;
    if (type === 'image/jpeg') {
      const head = await storage.read(row.key, { range: [0, EXIF_HEAD_BYTES - 1], signal });
      const embedded = exifThumbnail(new Uint8Array(await head.arrayBuffer()));
      if (embedded) return { blob: new Blob([embedded.jpeg.slice()], { type: 'image/jpeg' }), orientation: embedded.orientation };
      if (row.size <= EXIF_HEAD_BYTES) return { blob: await this.thumbnails.make(head, signal) };
    }
    if (row.size > ORIGINAL_PREVIEW_CAP) return undefined;
    return { blob: await this.thumbnails.make(await storage.signedUrl(row.key), signal) };
  }

  private stopAll() {
    for (const abort of this.loads.values()) abort.abort();
    this.loads.clear();
    this.waiting = [];
  }
}
