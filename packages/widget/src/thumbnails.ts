/**
 * The main thread's side of thumbnails: one module worker, at most two images in flight (the
 * fastest first thumbnail and least memory, measured), each cancellable with an AbortSignal.
 * A thumbnail is a small WebP Blob: shown through an object URL (the caller revokes it) and
 * stored beside an uploaded image as its preview. This file sits at the root of src/ (beside
 * the worker) so that the worker's URL is the same relative path in the sources and in dist/.
 */

/** Thumbnail width: about 256 px, sharp at the list's and the viewer's first paint. */
export const THUMBNAIL_WIDTH = 256;
const IN_FLIGHT = 2;

type Job = { id: number; source: Blob | string; resolve: (blob: Blob) => void; reject: (error: Error) => void; signal?: AbortSignal };

export class ThumbnailMaker {
  private worker?: Worker;
  private nextId = 1;
  private readonly waiting: Job[] = [];
  private readonly running = new Map<number, Job>();
  private broken = false;

  /** Whether this browser can make thumbnails without touching the main thread. */
  static get supported(): boolean {
    return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap !== 'undefined';
  }

  /** The thumbnail of an image (a Blob, or a URL the worker fetches); rejects when it cannot be decoded or `signal` aborts. */
  make(source: Blob | string, signal?: AbortSignal): Promise<Blob> {
    if (!ThumbnailMaker.supported || this.broken) return Promise.reject(new Error('thumbnails are not supported here'));
    if (signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
    return new Promise((resolve, reject) => {
      const job: Job = { id: this.nextId++, source, resolve, reject, signal };
      signal?.addEventListener('abort', () => this.cancel(job), { once: true });
      this.waiting.push(job);
      this.pump();
    });
  }

  private cancel(job: Job) {
    const index = this.waiting.indexOf(job);
    if (index >= 0) this.waiting.splice(index, 1);
    else if (this.running.delete(job.id)) this.worker?.postMessage({ cancel: job.id });
    else return;
    job.reject(new DOMException('aborted', 'AbortError'));
    this.pump();
  }

  private start(): Worker {
    const worker = new Worker(new URL('./thumbnail-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; blob?: Blob; error?: string }>) => {
      const job = this.running.get(event.data.id);
      if (!job) return;
      this.running.delete(job.id);
      if (event.data.blob) job.resolve(event.data.blob);
      else job.reject(new Error(event.data.error ?? 'thumbnail failed'));
      this.pump();
    };
    worker.onerror = (event) => {
      // The worker could not load (blocked by CSP, missing file): fall back to icons.
      event.preventDefault();
      this.broken = true;
      for (const job of [...this.running.values(), ...this.waiting.splice(0)]) job.reject(new Error('the thumbnail worker failed to load'));
      this.running.clear();
    };
    return worker;
  }

  private pump() {
    while (this.running.size < IN_FLIGHT && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.running.set(job.id, job);
      this.worker ??= this.start();
      this.worker.postMessage({ id: job.id, source: job.source, width: THUMBNAIL_WIDTH });
    }
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const job of [...this.running.values(), ...this.waiting.splice(0)]) job.reject(new Error('disposed'));
    this.running.clear();
  }
}
