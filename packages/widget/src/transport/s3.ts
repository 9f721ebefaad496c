/**
 * S3 with the identity pool's temporary credentials: single PUT for small files, parallel
 * multipart for large ones (resumable: the upload id is kept until completion), listing,
 * signed download URLs, delete. Bodies are Blob slices, so file bytes never enter JS memory.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition, planParts } from '../lib/files.js';
import type { UploaderConfig } from '../lib/config.js';
import { awsErrorName, CANCELLED_BY_USER, isAbort, isNetworkError, UploaderError, type ServiceErrorCode } from './errors.js';
import type { AwsCredentials } from './identity-pool.js';
import type { ResumeStore } from './resume-store.js';
import { onUploadProgress, XhrHttpHandler } from './xhr-handler.js';

export type StorageSettings = Pick<UploaderConfig, 'region' | 'bucket' | 'endpoint'>;

export interface StoredFile {
  key: string;
  size: number;
  lastModified: Date;
  etag: string;
}

export interface FileDetails {
  contentType: string;
  /** The name the user uploaded, from metadata; undefined for objects uploaded elsewhere. */
  originalName?: string;
}

export interface UploadOptions {
  contentType: string;
  originalName: string;
  signal?: AbortSignal;
  onProgress?: (loaded: number, total: number) => void;
}

export const MULTIPART_THRESHOLD = 16 * 1024 * 1024;
export const PART_SIZE = 8 * 1024 * 1024;
const CONCURRENCY = 4;
const PART_ATTEMPTS = 4;

/** Metadata is ASCII only: the original name is kept percent-encoded. */
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

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new DOMException('aborted', 'AbortError'));
    });
  });

/** What the controllers use of S3; a type of its own so controller tests can hand in a fake. */
export type FileStorage = Pick<StorageClient, 'upload' | 'pendingKey' | 'list' | 'details' | 'signedUrl' | 'delete'>;

export class StorageClient {
  private readonly s3: S3Client;

  constructor(
    private readonly settings: StorageSettings,
    credentials: () => Promise<AwsCredentials>,
    private readonly resume?: ResumeStore,
  ) {
    this.s3 = new S3Client({
      region: settings.region,
      credentials,
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      // The default checksum path reads whole files into memory (aws-sdk-js-v3#6834).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: new XhrHttpHandler(),
    });
  }

  private get bucket() {
    return this.settings.bucket;
  }

  /** Uploads a file under `key`; picks single PUT or multipart by size. Returns the ETag. */
  async upload(key: string, file: Blob, options: UploadOptions): Promise<{ etag: string }> {
    try {
      if (file.size > MULTIPART_THRESHOLD) return await this.multipart(key, file, options);
      onUploadProgress(file, (loaded) => options.onProgress?.(Math.min(loaded, file.size), file.size));
      const result = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: file,
          ContentType: options.contentType,
          Metadata: { [ORIGINAL_NAME_METADATA]: encodeURIComponent(options.originalName) },
        }),
        { abortSignal: options.signal },
      );
      options.onProgress?.(file.size, file.size);
      return { etag: result.ETag ?? '' };
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
    return fingerprint ? this.resume?.get(fingerprint)?.key : undefined;
  }

  private async multipart(key: string, file: Blob, options: UploadOptions): Promise<{ etag: string }> {
    const fingerprint = this.fingerprint(file, key.slice(0, key.lastIndexOf('/') + 1));
    const stored = fingerprint ? this.resume?.get(fingerprint) : undefined;
    const remembered = stored?.key === key ? stored : undefined;
    let uploadId: string | undefined;
    let partSize = PART_SIZE;
    const done = new Map<number, string>();
    if (remembered) {
      try {
        // Parts already on S3 from an earlier page are not sent again.
        const listed = await this.s3.send(new ListPartsCommand({ Bucket: this.bucket, Key: remembered.key, UploadId: remembered.uploadId }), { abortSignal: options.signal });
        for (const part of listed.Parts ?? []) if (part.PartNumber && part.ETag) done.set(part.PartNumber, part.ETag);
        uploadId = remembered.uploadId;
        partSize = remembered.partSize;
      } catch {
        fingerprint && this.resume?.delete(fingerprint);
        done.clear();
      }
    }
    if (!uploadId) {
      const created = await this.s3.send(
        new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key, ContentType: options.contentType, Metadata: { [ORIGINAL_NAME_METADATA]: encodeURIComponent(options.originalName) } }),
        { abortSignal: options.signal },
      );
      uploadId = created.UploadId!;
      if (fingerprint) this.resume?.set(fingerprint, { key, uploadId, partSize });
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
            const result = await this.s3.send(new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, PartNumber: number, Body: body }), { abortSignal: options.signal });
            done.set(number, result.ETag!);
            loaded.set(number, part.end - part.start);
            report();
            break;
          } catch (error) {
            const failure = toStorageError(error, 'upload-failed');
            const retryable = failure.code === 'network' || failure.code === 'upload-failed';
            if (!retryable || attempt >= PART_ATTEMPTS || options.signal?.aborted) throw failure;
            loaded.set(number, 0);
            report();
            await sleep(250 * 2 ** attempt, options.signal);
          }
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
      const completed = await this.s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: { Parts: [...done.entries()].sort(([a], [b]) => a - b).map(([PartNumber, ETag]) => ({ PartNumber, ETag })) },
        }),
        { abortSignal: options.signal },
      );
      if (fingerprint) this.resume?.delete(fingerprint);
      return { etag: completed.ETag ?? '' };
    } catch (error) {
      if (options.signal?.aborted && options.signal.reason === CANCELLED_BY_USER) {
        // Cancelled on purpose: remove the parts, and forget the upload.
        if (fingerprint) this.resume?.delete(fingerprint);
        await this.s3.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Every object under a prefix (all pages). */
  async list(prefix: string, signal?: AbortSignal): Promise<StoredFile[]> {
    const files: StoredFile[] = [];
    let ContinuationToken: string | undefined;
    try {
      do {
        const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }), { abortSignal: signal });
        for (const o of page.Contents ?? []) files.push({ key: o.Key!, size: o.Size ?? 0, lastModified: o.LastModified ?? new Date(0), etag: o.ETag ?? '' });
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    } catch (error) {
      throw toStorageError(error, 'list-failed');
    }
    return files;
  }

  async details(key: string, signal?: AbortSignal): Promise<FileDetails> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }), { abortSignal: signal });
      const encoded = head.Metadata?.[ORIGINAL_NAME_METADATA];
      let originalName: string | undefined;
      try {
        originalName = encoded ? decodeURIComponent(encoded) : undefined;
      } catch {
        originalName = encoded;
      }
      return { contentType: head.ContentType ?? 'application/octet-stream', originalName };
    } catch (error) {
      throw toStorageError(error, 'list-failed');
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

  async delete(key: string): Promise<void> {
    try {
      await this.s3.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      throw toStorageError(error, 'delete-failed');
    }
  }
}
