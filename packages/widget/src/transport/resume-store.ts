/**
 * Where unfinished multipart uploads are remembered, so a reload can resume them: the upload
 * id and part size of a file's upload, keyed by a fingerprint of the file and its folder.
 */

export interface PendingUpload {
  key: string;
  uploadId: string;
  partSize: number;
}

export interface ResumeStore {
  get(fingerprint: string): PendingUpload | undefined;
  set(fingerprint: string, value: PendingUpload): void;
  delete(fingerprint: string): void;
}

const PREFIX = 'secure-uploader:resume:';

/** The browser's localStorage; a corrupt or missing entry reads as nothing to resume. */
export const localResumeStore: ResumeStore = {
  get: (fingerprint) => {
    try {
      return JSON.parse(localStorage.getItem(PREFIX + fingerprint) ?? 'null') ?? undefined;
    } catch {
      return undefined;
    }
  },
  set: (fingerprint, value) => localStorage.setItem(PREFIX + fingerprint, JSON.stringify(value)),
  delete: (fingerprint) => localStorage.removeItem(PREFIX + fingerprint),
};
