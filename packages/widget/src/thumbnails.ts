/**
 * The main thread's side of thumbnails: one module worker, at most two images in flight (the
 * fastest first thumbnail and least memory, measured), results as object URLs that the caller
 * must revoke. This file sits at the root of src/ (beside the worker) so that the worker's URL
 * is the same relative path in the sources and in the built dist/.
 */

/** Thumbnail width in CSS pixels × 2 for sharp display on high-density screens. */
const WIDTH = 160;
const IN_FLIGHT = 2;

type Job = { id: number; source: Blob | string; resolve: (url: string) => void; reject: (error: Error) => void };

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

  /** An object URL of the thumbnail; rejects when the image cannot be decoded. */
  make(source: Blob | string): Promise<string> {
    if (!ThumbnailMaker.supported || this.broken) return Promise.reject(new Error('thumbnails are not supported here'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, source, resolve, reject });
      this.pump();
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL('./thumbnail-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; blob?: Blob; error?: string }>) => {
      const job = this.running.get(event.data.id);
      if (!job) return;
      this.running.delete(job.id);
      if (event.data.blob) job.resolve(URL.createObjectURL(event.data.blob));
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
      this.worker.postMessage({ id: job.id, source: job.source, width: WIDTH });
    }
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    for (const job of [...this.running.values(), ...this.waiting.splice(0)]) job.reject(new Error('disposed'));
    this.running.clear();
  }
}
