/**
 * Large files: parallel multipart upload, each part retried on network failures and damaged
 * bytes, resumable across page loads (the upload id and part size are kept in the resume store
 * until the upload completes, and parts already on S3 are not sent again). Bodies are Blob
 * slices, so file bytes never enter the page's JS memory.
 *
 * With a `checksum` function every part carries its CRC-32C, which S3 checks on arrival (a part
 * damaged in flight is refused and sent again), and the upload is S3's FULL_OBJECT kind: the
 * completion carries the CRC-32C of the whole file, combined from the parts' (lib/crc32.ts), and
 * S3 completes only if the object it assembled has that checksum.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  ListPartsCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { crc32cCombine, crcFromBase64, crcToBase64 } from '../lib/crc32.js';
import { planParts } from '../lib/files.js';
import { CANCELLED_BY_USER } from './errors.js';
import { isExpired, type ResumeStore } from './resume-store.js';
import { withRetries, type RetryOptions } from './retries.js';
import { onUploadProgress } from './xhr-handler.js';

export const PART_SIZE = 8 * 1024 * 1024;
const CONCURRENCY = 4;

export interface MultipartTarget {
  s3: S3Client;
  /** Sends the parts: one attempt per send, so every retry is withRetries' (said, with jitter). */
  bodies: S3Client;
  bucket: string;
  key: string;
  /** Identifies this file to this folder across page loads; undefined: not resumable. */
  fingerprint?: string;
  resume?: ResumeStore;
}

export interface MultipartOptions extends RetryOptions {
  contentType: string;
  metadata: Record<string, string>;
  onProgress?: (loaded: number, total: number) => void;
  /** The CRC-32C of a part (computed off the main thread); without it, parts carry no checksum. */
  checksum?: (part: Blob, signal?: AbortSignal) => Promise<number>;
}

/** A completed object's ETag and, when parts carried checksums, the CRC-32C S3 verified for the whole file (base64). */
export interface UploadResult {
  etag: string;
  crc32c?: string;
}

/** An unfinished upload from an earlier page, and the parts S3 already has (their ETags and CRCs). */
async function storedParts(s3: S3Client, bucket: string, key: string, uploadId: string, signal?: AbortSignal) {
  const parts = new Map<number, { etag: string; crc?: number }>();
  let algorithm: string | undefined;
  let marker: string | undefined;
  do {
    const page = await s3.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumberMarker: marker }), { abortSignal: signal });
    algorithm = page.ChecksumAlgorithm;
    for (const part of page.Parts ?? []) {
      if (part.PartNumber && part.ETag) parts.set(part.PartNumber, { etag: part.ETag, crc: part.ChecksumCRC32C ? crcFromBase64(part.ChecksumCRC32C) : undefined });
    }
    marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
  } while (marker);
  return { parts, algorithm };
}

/** Uploads `file` in parts; returns the completed object's ETag (and its verified CRC-32C). */
export async function uploadMultipart({ s3, bodies, bucket, key, fingerprint, resume }: MultipartTarget, file: Blob, options: MultipartOptions): Promise<UploadResult> {
  const { signal, checksum } = options;
  const stored = fingerprint ? resume?.get(fingerprint) : undefined;
  // Past the bucket's lifetime for unfinished uploads it is gone, or about to be: start anew.
  const remembered = stored?.key === key && !isExpired(stored) ? stored : undefined;
  let uploadId: string | undefined;
  let partSize = PART_SIZE;
  const done = new Map<number, { etag: string; crc?: number }>();
  if (remembered) {
    try {
      const found = await storedParts(s3, bucket, remembered.key, remembered.uploadId, signal);
      // An upload begun without checksums (or with them, now off) cannot finish the other way: begin again.
      if ((found.algorithm === 'CRC32C') !== Boolean(checksum)) {
        await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: remembered.uploadId })).catch(() => undefined);
        throw new Error('begun with other checksums');
      }
      for (const [number, part] of found.parts) if (!checksum || part.crc !== undefined) done.set(number, part);
      uploadId = remembered.uploadId;
      partSize = remembered.partSize;
    } catch {
      if (fingerprint) resume?.delete(fingerprint);
      done.clear();
    }
  }
  if (!uploadId) {
    const created = await s3.send(
      new CreateMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        ContentType: options.contentType,
        Metadata: options.metadata,
        ...(checksum ? { ChecksumAlgorithm: 'CRC32C', ChecksumType: 'FULL_OBJECT' } : {}),
      }),
      { abortSignal: signal },
    );
    uploadId = created.UploadId!;
    if (fingerprint) resume?.set(fingerprint, { key, uploadId, partSize, startedAt: Date.now() });
  }
  const parts = planParts(file.size, partSize);
  const loaded = new Map<number, number>(parts.filter((p) => done.has(p.partNumber)).map((p) => [p.partNumber, p.end - p.start]));
  const report = () => options.onProgress?.([...loaded.values()].reduce((a, b) => a + b, 0), file.size);
  report();
  const queue = parts.filter((p) => !done.has(p.partNumber));
  // CRCs are computed ahead, in order, up to CONCURRENCY parts beyond those being sent, so a
  // sender that frees up finds its next part's CRC ready instead of waiting for it. The slice
  // hashed is the one sent: each slice of a picked file costs a call into the browser's blob store.
  const prepared = new Map<number, { body: Blob; crc?: Promise<number> }>();
  const prepare = (index: number) => {
    let slice = prepared.get(index);
    if (!slice) {
      const part = queue[index]!;
      const body = file.slice(part.start, part.end);
      const crc = checksum?.(body, signal);
      crc?.catch(() => undefined); // awaited by its sender; a failure ahead of it is its sender's to report
      prepared.set(index, (slice = { body, crc }));
    }
    return slice;
  };
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < queue.length; index = next++) {
      const part = queue[index]!;
      const number = part.partNumber;
      if (checksum) for (let ahead = index + 1; ahead <= index + CONCURRENCY && ahead < queue.length; ahead++) prepare(ahead);
      const { body, crc: pendingCrc } = prepare(index);
      prepared.delete(index);
      // Computed once, sent with every try.
      const crc = await pendingCrc;
      onUploadProgress(body, (sent) => {
        loaded.set(number, sent);
        report();
      });
      const result = await withRetries(
        () =>
          bodies.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body, ...(crc !== undefined ? { ChecksumCRC32C: crcToBase64(crc) } : {}) }), {
            abortSignal: signal,
          }),
        {
          ...options,
          onRetry: (...retry) => {
            loaded.set(number, 0);
            report();
            options.onRetry?.(...retry);
          },
        },
      );
      done.set(number, { etag: result.ETag!, crc });
      loaded.set(number, part.end - part.start);
      report();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
    const completedParts = parts.map((p) => ({ ...p, ...done.get(p.partNumber)! }));
    // The whole file's CRC-32C from the parts', in order: S3 compares it with the object it assembles.
    const whole = checksum ? crcToBase64(completedParts.reduce((crc, part) => crc32cCombine(crc, part.crc!, part.end - part.start), 0)) : undefined;
    const completed = await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: {
          Parts: completedParts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, ...(whole ? { ChecksumCRC32C: crcToBase64(part.crc!) } : {}) })),
        },
        ...(whole ? { ChecksumCRC32C: whole, ChecksumType: 'FULL_OBJECT' } : {}),
      }),
      { abortSignal: signal },
    );
    if (fingerprint) resume?.delete(fingerprint);
    return { etag: completed.ETag ?? '', crc32c: whole };
  } catch (error) {
    if (signal?.aborted && signal.reason === CANCELLED_BY_USER) {
      // Cancelled on purpose: remove the parts, and forget the upload.
      if (fingerprint) resume?.delete(fingerprint);
      await s3.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    }
    throw error;
  }
}
