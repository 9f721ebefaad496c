/**
 * What a signed-in (or guest) visitor needs for their files: credentials from the identity
 * pool and an S3 client using them. Loaded with import() after sign-in, so the S3 and
 * identity-pool SDKs are not part of what a page loads before anyone signs in.
 */
import { CredentialsSource, type IdentityPoolSettings } from './identity-pool.js';
import { localResumeStore, type ResumeStore } from './resume-store.js';
import { StorageClient, type StorageSettings } from './s3.js';

export type StorageSessionSettings = IdentityPoolSettings & StorageSettings;

export interface StorageSession {
  identityId: string;
  storage: StorageClient;
  credentials: CredentialsSource;
}

export async function createStorageSession(settings: StorageSessionSettings, idToken: () => Promise<string | undefined>, resume: ResumeStore = localResumeStore): Promise<StorageSession> {
  const credentials = new CredentialsSource(settings, idToken);
  const identityId = await credentials.getIdentityId();
  return { identityId, credentials, storage: new StorageClient(settings, credentials.get, resume) };
}
