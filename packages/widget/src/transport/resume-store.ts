/**
 * Where unfinished multipart uploads are remembered, so a reload can resume them: the upload
 * id and part size of a file's upload, keyed by a fingerprint of the file and its folder, and
 * when it started. The bucket aborts an unfinished upload a day after it started (the stack's
 * lifecycle rule), so a remembered one expires then: it is forgotten and aborted here too.
 */
import { RESUMABLE_FOR_MS } from '../lib/files.js';

export interface PendingUpload {
  key: string;
  uploadId: string;
  partSize: number;
  /** Epoch ms when the upload was created. */
  startedAt: number;
}

/** Whether a remembered upload is past resuming (an entry from before `startedAt` was kept counts as expired). */
export const isExpired = (pending: PendingUpload, now = Date.now()): boolean => !(pending.startedAt + RESUMABLE_FOR_MS > now);

export interface ResumeStore {
  get(fingerprint: string): PendingUpload | undefined;
  set(fingerprint: string, value: PendingUpload): void;
  delete(fingerprint: string): void;
  /** Every remembered upload, by fingerprint. */
  entries(): [string, PendingUpload][];
}

const PREFIX = 'secure-uploader:resume:';

/** The browser's localStorage; a corrupt or missing entry reads as nothing to resume. */
export const localResumeStore: ResumeStore = {
  get: (fingerprint) => {
    try {
      const value = JSON.parse(localStorage.getItem(PREFIX + fingerprint) ?? 'null') as PendingUpload | null;
      return value && typeof value.uploadId === 'string' && typeof value.key === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  },
  set: (fingerprint, value) => localStorage.setItem(PREFIX + fingerprint, JSON.stringify(value)),
  delete: (fingerprint) => localStorage.removeItem(PREFIX + fingerprint),
  entries: () =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith(PREFIX))
      .flatMap((key) => {
        const fingerprint = key.slice(PREFIX.length);
        const value = localResumeStore.get(fingerprint);
        return value ? [[fingerprint, value] as [string, PendingUpload]] : [];
      }),
};
