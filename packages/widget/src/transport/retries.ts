/**
 * One request body sent again after a failure worth retrying (a dropped connection, a 5xx, bytes
 * that arrived damaged), waiting `backoffMs` between tries and saying so through `onRetry`. Bodies
 * are sent by a client without the SDK's own quick retries, so every failure is counted here.
 */
import { backoffMs } from '../lib/files.js';
import { abortError, awsErrorName, isNetworkError } from './errors.js';

/** Tries per body, the first included. */
export const SEND_ATTEMPTS = 5;

/** Why a retry waits: the network failed, the server answered with an error, or S3 found the bytes it received damaged (a checksum mismatch). */
export type RetryReason = 'network' | 'server' | 'damaged';

const reasonOf = (error: unknown): RetryReason => (awsErrorName(error) === 'BadDigest' ? 'damaged' : isNetworkError(error) ? 'network' : 'server');

export interface RetryOptions {
  /** Whether a failure is worth another try. */
  retryable: (error: unknown) => boolean;
  /** A try failed and the next starts after `waitMs`: retry `attempt` of `of`. */
  onRetry?: (waitMs: number, attempt: number, of: number, reason: RetryReason) => void;
  signal?: AbortSignal;
}

/** Waits `ms`; an abort ends the wait at once. The abort listener goes when the wait ends, so a long upload's waits leave none behind on its signal. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export async function withRetries<T>(send: () => Promise<T>, { retryable, onRetry, signal }: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!retryable(error) || attempt >= SEND_ATTEMPTS || signal?.aborted) throw error;
      const wait = backoffMs(attempt);
      onRetry?.(wait, attempt, SEND_ATTEMPTS - 1, reasonOf(error));
      await sleep(wait, signal);
    }
  }
}
