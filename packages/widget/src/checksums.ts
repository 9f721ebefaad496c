/**
 * The main thread's side of upload checksums: CRC-32C of each part (or a whole small file),
 * computed in one module worker while other parts upload. Where no worker can run (blocked by a
 * Content-Security-Policy, or no Worker at all) the same code runs here, reading the file as a
 * stream a chunk per task, so the bytes are still verified and the page stays responsive. Sits
 * at the root of src/ beside its worker, like thumbnails.ts, so the worker's URL is the same
 * relative path in the sources and in dist/.
 */
import { crc32cOfBlob } from './lib/crc32.js';

type Job = { resolve: (crc: number) => void; reject: (error: Error) => void };

export class ChecksumMaker {
  private worker?: Worker;
  private broken = typeof Worker === 'undefined';
  private nextId = 1;
  private readonly running = new Map<number, Job>();

  /** The CRC-32C of `blob`. */
  crc32c(blob: Blob, signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
    if (this.broken) return crc32cOfBlob(blob);
    return new Promise<number>((resolve, reject) => {
      const id = this.nextId++;
      // The worker finishes the slice (milliseconds); an aborted job's answer is then dropped.
      const onAbort = () => this.running.delete(id) && reject(new DOMException('aborted', 'AbortError'));
      // One listener per part on the upload's signal, removed when the part's CRC is in (a 5 TiB file has 5,120 parts).
      const settle = () => signal?.removeEventListener('abort', onAbort);
      this.running.set(id, { resolve: (crc) => (settle(), resolve(crc)), reject: (error) => (settle(), reject(error)) });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.worker ??= this.start();
      this.worker.postMessage({ id, blob });
    }).catch((error: unknown) => {
      // The worker could not load: this job and the rest are computed on the main thread.
      if (error instanceof WorkerUnavailable) return crc32cOfBlob(blob);
      throw error;
    });
  }

  private start(): Worker {
    const worker = new Worker(new URL('./checksum-worker.js', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<{ id: number; crc?: number; error?: string }>) => {
      const job = this.running.get(event.data.id);
      if (!job) return;
      this.running.delete(event.data.id);
      if (event.data.crc !== undefined) job.resolve(event.data.crc);
      else job.reject(new Error(event.data.error ?? 'checksum failed'));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      this.broken = true;
      for (const job of this.running.values()) job.reject(new WorkerUnavailable());
      this.running.clear();
    };
    return worker;
  }
}

class WorkerUnavailable extends Error {
  constructor() {
    super('the checksum worker failed to load');
  }
}
