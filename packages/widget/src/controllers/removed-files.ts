import type { ReactiveControllerHost } from 'lit';
import { LatestCall } from '../lib/latest-call.js';
import { readRejection, rejectionsPrefix, type RejectionRecord } from '../lib/rejections.js';
import { errorCode, type ServiceErrorCode } from '../transport/errors.js';
import type { FileStorage } from '../transport/s3.js';
import { errorMessage, type Message } from '../messages.js';

/** A batch of uploads is checked once, this long after its last file finished. */
export const CHECK_AFTER_MS = 300;
/** How long after an upload the backend's limits have usually run on AWS (an S3 event, then a Lambda). */
export const RECHECK_AFTER_MS = 8_000;

/**
 * Files the backend removed after upload (over the stack's size limit or the owner's quota),
 * read from the records it leaves under the owner's folder (lib/rejections.ts): listed when
 * the files open and again after uploads, shown until the owner dismisses them, which deletes
 * the records.
 */
export class RemovedFiles {
  records: RejectionRecord[] = [];
  private source?: { client: FileStorage; ownerFolder: string };
  private readonly checking = new LatestCall();
  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly events: { found(records: readonly RejectionRecord[]): void; failed(code: ServiceErrorCode, message: Message): void },
  ) {}

  /** The owner's folder to watch (undefined: signed out, or a guest, who owns nothing). */
  setStorage(source: { client: FileStorage; ownerFolder: string } | undefined): void {
    this.cancelTimers();
    this.source = source;
    this.records = [];
    this.host.requestUpdate();
    if (source) void this.check();
  }

  /**
   * After an upload: look soon (the local backend has already decided) and once more later
   * (AWS decides seconds after); a batch of uploads restarts both, so it costs two listings.
   */
  uploaded(): void {
    this.cancelTimers();
    this.timers = [CHECK_AFTER_MS, RECHECK_AFTER_MS].map((ms) => setTimeout(() => void this.check(), ms));
  }

  private cancelTimers(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }

  async check(): Promise<void> {
    const source = this.source;
    if (!source) return;
    const signal = this.checking.begin();
    try {
      // One page is plenty: records are dismissed as they are read.
      const page = await source.client.listPage(rejectionsPrefix(source.ownerFolder), { folders: false, maxKeys: 1000, signal });
      if (signal.aborted) return;
      this.checking.finish(signal);
      this.records = page.files.map((f) => readRejection(f.key)).filter((r): r is RejectionRecord => r !== undefined);
      this.host.requestUpdate();
      if (this.records.length > 0) this.events.found(this.records);
    } catch {
      // Only a notice: the file list reports listing failures itself.
    }
  }

  /** The owner has read the notices: delete the records. */
  async dismiss(): Promise<void> {
    const source = this.source;
    const keys = this.records.map((r) => r.recordKey);
    if (!source || keys.length === 0) return;
    this.records = [];
    this.host.requestUpdate();
    try {
      await source.client.deleteMany(keys);
    } catch (error) {
      const code = errorCode(error, 'delete-failed');
      this.events.failed(code, errorMessage(code));
    }
  }
}
