/**
 * What a signed-in (or guest) visitor needs for their files: credentials from the identity
 * pool and an S3 client using them. Loaded with import() after sign-in, so the S3 and
 * identity-pool SDKs are not part of what a page loads before anyone signs in.
 */
import { CredentialsSource } from './identity-pool.js';
import { StorageClient, type ResumeStore } from './s3.js';

export interface StorageSessionSettings {
  region: string;
  userPoolId: string;
  identityPoolId: string;
  bucket: string;
  endpoint?: string;
}

export interface StorageSession {
  identityId: string;
  storage: StorageClient;
  credentials: CredentialsSource;
}

export async function createStorageSession(settings: StorageSessionSettings, idToken: () => Promise<string | undefined>, resume?: ResumeStore): Promise<StorageSession> {
  const credentials = new CredentialsSource(settings, idToken);
  const identityId = await credentials.getIdentityId();
  return { identityId, credentials, storage: new StorageClient(settings, credentials.get, resume) };
}
