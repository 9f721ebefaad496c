/**
 * Computes CRC-32C checksums of file parts off the main thread: each job a Blob (a slice of the
 * visitor's file, passed without copying), read as a stream so memory stays flat. Jobs run as
 * they come; each is a few milliseconds per MiB. Shipped as its own file so it runs under a
 * strict CSP.
 */
import { crc32cOfBlob } from './lib/crc32.js';

type Job = { id: number; blob: Blob };

const scope = self as unknown as { onmessage: ((event: MessageEvent<Job>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = async (event) => {
  const { id, blob } = event.data;
  try {
    scope.postMessage({ id, crc: await crc32cOfBlob(blob) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
