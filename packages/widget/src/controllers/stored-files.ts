import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { nameFromKey } from '../lib/files.js';
import { LatestCall } from '../lib/latest-call.js';
import { errorMessage } from '../messages.js';
import { errorCode, type ServiceErrorCode } from '../transport/errors.js';
import type { FileStorage, StoredFile } from '../transport/s3.js';
import type { ThumbnailMaker } from '../thumbnails.js';

export type StoredFilesStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface ListedFile extends StoredFile {
  /** The original file name (from metadata), else derived from the key. */
  name: string;
  contentType?: string;
  thumbnail?: string;
  thumbnailRequested?: boolean;
  /** Waiting for the user to confirm deletion. */
  confirmingDelete?: boolean;
  deleting?: boolean;
}

export interface StoredFilesEvents {
  deleted(file: ListedFile): void;
  failed(code: ServiceErrorCode, message: string): void;
}

/** The storage client and the folder (key prefix) the list shows. */
export interface StoredFilesSource {
  client: FileStorage;
  prefix: string;
}

const DETAILS_IN_FLIGHT = 6;

/**
 * The user's files at one prefix: listed newest first, with original names and thumbnails,
 * downloadable under the original name, deletable.
 */
export class StoredFiles implements ReactiveController {
  status: StoredFilesStatus = 'idle';
  files: ListedFile[] = [];
  error?: string;
  private storage?: StoredFilesSource;
  private readonly loading = new LatestCall();
  private refreshTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly thumbnails: Pick<ThumbnailMaker, 'make'>,
    private readonly events: StoredFilesEvents,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.refreshTimer);
    this.loading.cancel();
    this.revokeAll();
  }

  setStorage(storage: StoredFilesSource | undefined): void {
    this.storage = storage;
    this.loading.cancel();
    this.revokeAll();
    this.files = [];
    this.status = 'idle';
    this.host.requestUpdate();
    if (storage) void this.refresh();
  }

  /**
   * Refreshes once things settle: a drop of many files finishing one by one lists the bucket
   * once, not once per file.
   */
  refreshSoon(delayMs = 250): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.refresh(), delayMs);
  }

  async refresh(): Promise<void> {
    clearTimeout(this.refreshTimer);
    if (!this.storage) return;
    const { client, prefix } = this.storage;
    const signal = this.loading.begin();
    this.status = 'loading';
    this.host.requestUpdate();
    try {
      const listed = await client.list(prefix, signal);
      if (signal.aborted) return;
      const previous = new Map(this.files.map((f) => [f.key, f]));
      this.files = listed
        .sort((a, b) => b.lastModified.getTime() - a.lastModified.getTime())
        .map((file) => {
          const known = previous.get(file.key);
          return known && known.etag === file.etag ? known : { ...file, name: nameFromKey(file.key) };
        });
      for (const [key, file] of previous) if (file.thumbnail && !this.files.some((f) => f.key === key)) URL.revokeObjectURL(file.thumbnail);
      this.status = 'ready';
      this.error = undefined;
      this.host.requestUpdate();
      await this.loadDetails(client, signal);
      this.loading.finish(signal);
    } catch (error) {
      if (signal.aborted) return;
      this.status = 'failed';
      const code = errorCode(error, 'list-failed');
      this.error = errorMessage(code);
      this.host.requestUpdate();
      this.events.failed(code, this.error);
    }
  }

  /** Original names and types (HeadObject), then thumbnails for images, a few at a time. */
  private async loadDetails(client: FileStorage, signal: AbortSignal) {
    const isImage = (file: ListedFile) => file.contentType?.startsWith('image/') ?? false;
    const pending = this.files.filter((f) => f.contentType === undefined || (isImage(f) && !f.thumbnailRequested));
    const worker = async () => {
      for (let file = pending.shift(); file && !signal.aborted; file = pending.shift()) {
        try {
          if (file.contentType === undefined) {
            const details = await client.details(file.key, signal);
            file.contentType = details.contentType;
            if (details.originalName) file.name = details.originalName;
            this.host.requestUpdate();
          }
          // A later refresh may abort this one before the thumbnail is asked for: it then
          // finds the file still without a requested thumbnail and asks itself.
          if (signal.aborted || !isImage(file) || file.thumbnailRequested) continue;
          file.thumbnailRequested = true;
          const target = file;
          const url = await client.signedUrl(file.key);
          this.thumbnails.make(url).then(
            (thumbnail) => {
              if (!this.files.includes(target)) return URL.revokeObjectURL(thumbnail);
              target.thumbnail = thumbnail;
              this.host.requestUpdate();
            },
            () => undefined, // not decodable: the icon stays
          );
        } catch {
          if (!signal.aborted) file.contentType ??= '';
        }
      }
    };
    await Promise.all(Array.from({ length: DETAILS_IN_FLIGHT }, worker));
  }

  /** Saves the file under its original name, through a signed URL. */
  async download(file: ListedFile): Promise<void> {
    if (!this.storage) return;
    try {
      const url = await this.storage.client.signedUrl(file.key, file.name);
      const link = document.createElement('a');
      link.href = url;
      link.download = file.name;
      link.rel = 'noopener';
      link.style.display = 'none';
      (this.host as unknown as HTMLElement).shadowRoot?.append(link);
      link.click();
      link.remove();
    } catch (error) {
      const code = errorCode(error, 'download-failed');
      this.events.failed(code, errorMessage(code));
    }
  }

  askDelete(file: ListedFile, asking: boolean): void {
    file.confirmingDelete = asking;
    this.host.requestUpdate();
  }

  async delete(file: ListedFile): Promise<void> {
    if (!this.storage) return;
    file.deleting = true;
    file.confirmingDelete = false;
    this.host.requestUpdate();
    try {
      await this.storage.client.delete(file.key);
      if (file.thumbnail) URL.revokeObjectURL(file.thumbnail);
      this.files = this.files.filter((f) => f !== file);
      this.events.deleted(file);
    } catch (error) {
      const code = errorCode(error, 'delete-failed');
      this.events.failed(code, errorMessage(code));
    } finally {
      file.deleting = false;
      this.host.requestUpdate();
    }
  }

  private revokeAll() {
    for (const file of this.files) if (file.thumbnail) URL.revokeObjectURL(file.thumbnail);
  }
}
