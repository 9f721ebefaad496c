/**
 * S3 with the identity pool's temporary credentials: uploads (one PUT for small files,
 * multipart.ts for large ones), listing a folder a page at a time, ranged reads, signed
 * download URLs, deleting in batches, empty folders.
 */
import { AbortMultipartUploadCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition } from '../lib/files.js';
import type { UploaderConfig } from '../lib/config.js';
import { awsErrorName, isAbort, isNetworkError, UploaderError, type ServiceErrorCode } from './errors.js';
import type { AwsCredentials } from './identity-pool.js';
import { crcToBase64 } from '../lib/crc32.js';
import { uploadMultipart, type UploadResult } from './multipart.js';
import { isExpired, type ResumeStore } from './resume-store.js';
import { withRetries, type RetryReason } from './retries.js';
import { onUploadProgress, XhrHttpHandler } from './xhr-handler.js';

export type StorageSettings = Pick<UploaderConfig, 'region' | 'bucket' | 'endpoint'>;

export interface StoredFile {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

/** One page of a folder: its files, its sub-folders (full prefixes ending in `/`), and where the next page starts. */
export interface ListPage {
  files: StoredFile[];
  folders: string[];
  next?: string;
}

export interface ListOptions {
  /** Group keys below the folder into sub-folders (delimiter `/`); otherwise list the whole tree. */
  folders: boolean;
  /** The `next` of the page before. */
  after?: string;
  /** At most this many keys and folders (S3's most is 1,000). */
  maxKeys?: number;
  signal?: AbortSignal;
}

export interface UploadOptions {
  contentType: string;
  originalName: string;
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
  /** A body failed and is sent again after `waitMs` (retry `attempt` of `of`), for `reason`. */
  onRetry?: (waitMs: number, attempt: number, of: number, reason: RetryReason) => void;
  /**
   * The CRC-32C of a body (the file, or each part of a large one), computed off the main thread:
   * sent with it for S3 to verify. Without it nothing is checksummed.
   */
  checksum?: (body: Blob, signal?: AbortSignal) => Promise<number>;
}

export type { UploadResult };

export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
/** DeleteObjects takes at most this many keys per request. */
export const DELETE_BATCH = 1000;

/** Metadata is ASCII only: the original name is kept percent-encoded (for other tools; the key holds it too). */
export const ORIGINAL_NAME_METADATA = 'original-name';

export function toStorageError(error: unknown, fallback: ServiceErrorCode): UploaderError {
  if (error instanceof UploaderError) return error;
  if (isAbort(error)) return new UploaderError('upload-cancelled', 'cancelled', { cause: error });
  const name = awsErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AccessDenied') return new UploaderError('access-denied', message, { cause: error });
  if (name === 'ExpiredToken' || name === 'InvalidToken') return new UploaderError('session-expired', message, { cause: error });
  if (isNetworkError(error)) return new UploaderError('network', message, { cause: error });
  return new UploaderError(fallback, message, { cause: error });
}

/** A failed body worth sending again: the network, or S3's 5xx and BadDigest (damaged in flight). */
const retryableBody = (error: unknown) => ['network', 'upload-failed'].includes(toStorageError(error, 'upload-failed').code);

/** What the controllers use of S3; a type of its own so controller tests can hand in a fake. */
export type FileStorage = Pick<StorageClient, 'upload' | 'pendingKey' | 'abortExpired' | 'abandon' | 'listPage' | 'read' | 'signedUrl' | 'deleteMany' | 'createFolder'>;

export class StorageClient {
  private readonly s3: S3Client;
  /** Sends upload bodies (PutObject, UploadPart): one attempt per send. */
  private readonly bodies: S3Client;

  constructor(
    private readonly settings: StorageSettings,
    credentials: () => Promise<AwsCredentials>,
    private readonly resume?: ResumeStore,
  ) {
    const common = {
      region: settings.region,
      credentials,
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      // The default checksum path reads whole files into memory (aws-sdk-js-v3#6834).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: new XhrHttpHandler(),
    } as const;
    this.s3 = new S3Client(common);
    // File bodies go once per send: their retries are withRetries' own, which wait with jitter
    // and say so. With the SDK's quick retries inside each try, the first two failures of a part
    // passed in silence and a lost connection cost up to three times the tries it says.
    this.bodies = new S3Client({ ...common, maxAttempts: 1 });
  }

  private get bucket() {
    return this.settings.bucket;
  }

  /** Uploads a file under `key`; picks single PUT or multipart by size. Returns the ETag and the CRC-32C S3 verified. */
  async upload(key: string, file: Blob, options: UploadOptions): Promise<UploadResult> {
    const metadata = { [ORIGINAL_NAME_METADATA]: encodeURIComponent(options.originalName) };
    try {
      if (file.size > MULTIPART_THRESHOLD) {
        const fingerprint = this.fingerprint(file, key.slice(0, key.lastIndexOf('/') + 1));
        return await uploadMultipart({ s3: this.s3, bodies: this.bodies, bucket: this.bucket, key, fingerprint, resume: this.resume }, file, { ...options, metadata, retryable: retryableBody });
      }
      const crc32c = options.checksum ? crcToBase64(await options.checksum(file, options.signal)) : undefined;
      onUploadProgress(file, (loaded) => options.onProgress?.(Math.min(loaded, file.size), file.size));
      const result = await withRetries(
        () =>
          this.bodies.send(
            new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: file, ContentType: options.contentType, Metadata: metadata, ...(crc32c ? { ChecksumCRC32C: crc32c } : {}) }),
            { abortSignal: options.signal },
          ),
        { retryable: retryableBody, onRetry: options.onRetry, signal: options.signal },
      );
      options.onProgress?.(file.size, file.size);
      return { etag: result.ETag ?? '', crc32c };
    } catch (error) {
      throw toStorageError(error, 'upload-failed');
    }
  }

  /** What identifies "the same file to the same folder" across page loads. */
  private fingerprint(file: Blob, folderPrefix: string): string | undefined {
    return file instanceof File ? `${this.bucket}|${folderPrefix}|${file.name}|${file.size}|${file.lastModified}` : undefined;
  }

  /**
   * The key of an unfinished upload of this file to this folder (from an earlier page), so the
   * caller uploads to it and the upload resumes; undefined when there is none.
   */
  pendingKey(file: Blob, folderPrefix: string): string | undefined {
    if (file.size <= MULTIPART_THRESHOLD) return undefined;
    const fingerprint = this.fingerprint(file, folderPrefix);
    const pending = fingerprint ? this.resume?.get(fingerprint) : undefined;
    return pending && !isExpired(pending) ? pending.key : undefined;
  }

  /** Gives up an unfinished large upload that is not running (a paused one): forgotten, and its parts removed. */
  async abandon(file: Blob, key: string): Promise<void> {
    const fingerprint = this.fingerprint(file, key.slice(0, key.lastIndexOf('/') + 1));
    const pending = fingerprint ? this.resume?.get(fingerprint) : undefined;
    if (!fingerprint || pending?.key !== key) return;
    this.resume?.delete(fingerprint);
    await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: pending.uploadId })).catch(() => undefined);
  }

  /**
   * Forgets this bucket's remembered uploads that are past resuming and aborts them (the
   * bucket's rule may have done so already: that is no failure). Returns how many it forgot.
   */
  async abortExpired(now = Date.now()): Promise<number> {
    const expired = (this.resume?.entries() ?? []).filter(([fingerprint, pending]) => fingerprint.startsWith(`${this.bucket}|`) && isExpired(pending, now));
    for (const [fingerprint, { key, uploadId }] of expired) {
      this.resume?.delete(fingerprint);
      await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
    }
    return expired.length;
  }

  /** One page of what lies under `prefix`, in key order. */
  async listPage(prefix: string, { folders, after, maxKeys, signal }: ListOptions): Promise<ListPage> {
    try {
      const page = await this.s3.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: after, MaxKeys: maxKeys, ...(folders ? { Delimiter: '/' } : {}) }),
        { abortSignal: signal },
      );
      return {
        files: (page.Contents ?? []).map((o) => ({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag ?? '' })),
        folders: (page.CommonPrefixes ?? []).map((p) => p.Prefix!).filter(Boolean),
        next: page.IsTruncated ? page.NextContinuationToken : undefined,
      };
    } catch (error) {
      throw toStorageError(error, 'list-failed');
    }
  }

  /** An object's bytes, or the first of them with `range` (`[start, end]`, inclusive). */
  async read(key: string, options: { range?: [number, number]; signal?: AbortSignal } = {}): Promise<Blob> {
    try {
      const result = await this.s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(options.range ? { Range: `bytes=${options.range[0]}-${options.range[1]}` } : {}) }),
        { abortSignal: options.signal },
      );
      // The XHR handler receives bodies as Blobs: hand that on instead of copying it into JS memory.
      const body = result.Body as unknown;
      if (body instanceof Blob) return body;
      return new Blob([(await result.Body!.transformToByteArray()) as Uint8Array<ArrayBuffer>], { type: result.ContentType ?? '' });
    } catch (error) {
      throw toStorageError(error, 'download-failed');
    }
  }

  /** A signed GET URL; with `downloadName`, the browser saves it under that name. */
  async signedUrl(key: string, downloadName?: string, expiresInSeconds = 300): Promise<string> {
    try {
      return await getSignedUrl(
        this.s3,
        new GetObjectCommand({ Bucket: this.bucket, Key: key, ...(downloadName ? { ResponseContentDisposition: attachmentDisposition(downloadName) } : {}) }),
        { expiresIn: expiresInSeconds },
      );
    } catch (error) {
      throw toStorageError(error, 'download-failed');
    }
  }

  /**
   * Deletes keys, `DELETE_BATCH` per request, reporting after each; returns the keys S3 refused
   * (the others are gone). Throws only when a whole request fails.
   */
  async deleteMany(keys: readonly string[], options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<string[]> {
    const refused: string[] = [];
    try {
      for (let start = 0; start < keys.length; start += DELETE_BATCH) {
        const batch = keys.slice(start, start + DELETE_BATCH);
        const result = await this.s3.send(
          new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
          { abortSignal: options.signal },
        );
        for (const error of result.Errors ?? []) if (error.Key) refused.push(error.Key);
        options.onProgress?.(start + batch.length, keys.length);
      }
    } catch (error) {
      throw toStorageError(error, 'delete-failed');
    }
    return refused;
  }

  /** An empty folder: S3 has none, so an empty object whose key is the folder's prefix (as the S3 console makes). */
  async createFolder(prefix: string): Promise<void> {
    try {
      await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: prefix, Body: new Uint8Array(0) }));
    } catch (error) {
      throw toStorageError(error, 'upload-failed');
    }
  }
}
