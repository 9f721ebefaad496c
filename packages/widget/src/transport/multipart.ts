/**
 * Large files: parallel multipart upload, each part retried on network failures, resumable
 * across page loads (the upload id and part size are kept in the resume store until the upload
 * completes, and parts already on S3 are not sent again). Bodies are Blob slices, so file
 * bytes never enter JS memory.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { backoffMs, planParts } from '../lib/files.js';
import { CANCELLED_BY_USER } from './errors.js';
import { isExpired, type ResumeStore } from './resume-store.js';
import { onUploadProgress } from './xhr-handler.js';

export const PART_SIZE = 8 * 1024 * 1024;
const CONCURRENCY = 4;
const PART_ATTEMPTS = 4;

export interface MultipartTarget {
  s3: S3Client;
  bucket: string;
  key: string;
  /** Identifies this file to this folder across page loads; undefined: not resumable. */
  fingerprint?: string;
  resume?: ResumeStore;
}

export interface MultipartOptions {
  contentType: string;
  metadata: Record<string, string>;
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
  /** Turns any failure into the caller's error type, to decide whether a part is retried. */
  retryable: (error: unknown) => boolean;
  /** A part failed and is tried again after `waitMs`: retry `attempt` of `of`. */
  onRetry?: (waitMs: number, attempt: number, of: number) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/** Uploads `file` in parts; returns the completed object's ETag. */
export async function uploadMultipart({ s3, bucket, key, fingerprint, resume }: MultipartTarget, file: Blob, options: MultipartOptions): Promise<{ etag: string }> {
  const stored = fingerprint ? resume?.get(fingerprint) : undefined;
  // Past the bucket's lifetime for unfinished uploads it is gone, or about to be: start anew.
  const remembered = stored?.key === key && !isExpired(stored) ? stored : undefined;
  let uploadId: string | undefined;
  let partSize = PART_SIZE;
  const done = new Map<number, string>();
  if (remembered) {
    try {
      // Parts already on S3 from an earlier page are not sent again.
      const listed = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: remembered.key, UploadId: remembered.uploadId }), { abortSignal: options.signal });
      for (const part of listed.Parts ?? []) if (part.PartNumber && part.ETag) done.set(part.PartNumber, part.ETag);
      uploadId = remembered.uploadId;
      partSize = remembered.partSize;
    } catch {
      if (fingerprint) resume?.delete(fingerprint);
      done.clear();
    }
  }
  if (!uploadId) {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ContentType: options.contentType, Metadata: options.metadata }), { abortSignal: options.signal });
    uploadId = created.UploadId!;
    if (fingerprint) resume?.set(fingerprint, { key, uploadId, partSize, startedAt: Date.now() });
  }
  const parts = planParts(file.size, partSize);
  const loaded = new Map<number, number>(parts.filter((p) => done.has(p.partNumber)).map((p) => [p.partNumber, p.end - p.start]));
  const report = () => options.onProgress?.([...loaded.values()].reduce((a, b) => a + b, 0), file.size);
  report();
  const queue = parts.filter((p) => !done.has(p.partNumber));
  const worker = async () => {
    for (let part = queue.shift(); part; part = queue.shift()) {
      const body = file.slice(part.start, part.end);
      const number = part.partNumber;
      onUploadProgress(body, (sent) => {
        loaded.set(number, sent);
        report();
      });
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await s3.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body }), { abortSignal: options.signal });
          done.set(number, result.ETag!);
          loaded.set(number, part.end - part.start);
          report();
          break;
        } catch (error) {
          if (!options.retryable(error) || attempt >= PART_ATTEMPTS || options.signal?.aborted) throw error;
          loaded.set(number, 0);
          report();
          const wait = backoffMs(attempt);
          options.onRetry?.(wait, attempt, PART_ATTEMPTS - 1);
          await sleep(wait, options.signal);
        }
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: [...done.entries()].sort(([a], [b]) => a - b).map(([PartNumber, ETag]) => ({ PartNumber, ETag })) },
      }),
      { abortSignal: options.signal },
    );
    if (fingerprint) resume?.delete(fingerprint);
    return { etag: completed.ETag ?? '' };
  } catch (error) {
    if (options.signal?.aborted && options.signal.reason === CANCELLED_BY_USER) {
      // Cancelled on purpose: remove the parts, and forget the upload.
      if (fingerprint) resume?.delete(fingerprint);
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    }
    throw error;
  }
}
