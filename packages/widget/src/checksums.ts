/**
 * The main thread's side of upload checksums: CRC-32C of each part (or a whole small file),
 * computed in one module worker while other parts upload. Where no worker can run (blocked by a
 * Content-Security-Policy, or no Worker at all) the same code runs here, reading the file as a
 * stream a chunk per task, so the bytes are still verified and the page stays responsive. Sits
 * at the root of src/ beside its worker, like thumbnails.ts, so the worker's URL is the same
 * relative path in the sources and in dist/.
 */
import { crc32cOfBlob } from './lib/crc32.js';
import { WorkerJobs, WorkerUnavailable } from './worker-jobs.js';

export class ChecksumMaker {
  // No limit in flight: the multipart upload asks for at most a few parts ahead of those it sends.
  private readonly jobs = new WorkerJobs<{ id: number; crc: number; error?: string }>(new URL('./checksum-worker.js', import.meta.url), { name: 'checksum' });

  /** The CRC-32C of `blob`. */
  async crc32c(blob: Blob, signal?: AbortSignal): Promise<number> {
    if (!this.jobs.usable) return crc32cOfBlob(blob);
    try {
      return (await this.jobs.run({ blob }, signal)).crc;
    } catch (error) {
      // The worker could not load: this job and the rest are computed on the main thread.
      if (error instanceof WorkerUnavailable) return crc32cOfBlob(blob);
      throw error;
    }
  }
}
