/**
 * Short-lived AWS credentials from the Cognito identity pool: GetId + GetCredentialsForIdentity
 * with the user pool's id token. Cached, and fetched again a few minutes before they expire,
 * so a long upload never signs with expired keys.
 */
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import type { UploaderConfig } from '../lib/config.js';
import { awsErrorName, isNetworkError, UploaderError } from './errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

export type IdentityPoolSettings = Pick<UploaderConfig, 'region' | 'identityPoolId' | 'userPoolId' | 'endpoint'>;

/** Refresh this long before expiry. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class CredentialsSource {
  private readonly client: CognitoIdentityClient;
  private identityId?: string;
  private cached?: AwsCredentials;
  private pending?: Promise<AwsCredentials>;
  /** When the cached credentials were fetched (their lifetime sets the refresh margin). */
  private fetchedAt = 0;

  constructor(
    private readonly settings: IdentityPoolSettings,
    /** Returns a current id token (refreshing it if needed); undefined for a guest. */
    private readonly idToken: () => Promise<string | undefined>,
  ) {
    this.client = new CognitoIdentityClient({ region: settings.region, ...(settings.endpoint ? { endpoint: settings.endpoint } : {}) });
  }

  /** The caller's identity id (`region:uuid`), known after the first credentials. */
  async getIdentityId(): Promise<string> {
    await this.get();
    return this.identityId!;
  }

  /** Current credentials; shared by concurrent callers; fresh ones when near expiry. */
  get = (): Promise<AwsCredentials> => {
    const margin = Math.min(REFRESH_MARGIN_MS, this.lifetime() / 4);
    if (this.cached && this.cached.expiration.getTime() - Date.now() > margin) return Promise.resolve(this.cached);
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    return this.pending;
  };

  /** Forget everything (sign-out). */
  clear(): void {
    this.cached = undefined;
    this.identityId = undefined;
  }

  private lifetime(): number {
    return this.cached ? this.cached.expiration.getTime() - this.fetchedAt : REFRESH_MARGIN_MS * 4;
  }

  private async fetch(): Promise<AwsCredentials> {
    const token = await this.idToken();
    const logins = token ? { [`cognito-idp.${this.settings.region}.amazonaws.com/${this.settings.userPoolId}`]: token } : undefined;
    try {
      this.identityId ??= (await this.client.send(new GetIdCommand({ IdentityPoolId: this.settings.identityPoolId, Logins: logins }))).IdentityId;
      const { Credentials } = await this.client.send(new GetCredentialsForIdentityCommand({ IdentityId: this.identityId, Logins: logins }));
      if (!Credentials?.AccessKeyId || !Credentials.SecretKey || !Credentials.SessionToken || !Credentials.Expiration) {
        throw new UploaderError('credentials-failed', 'The identity pool returned no credentials.');
      }
      this.fetchedAt = Date.now();
      this.cached = { accessKeyId: Credentials.AccessKeyId, secretAccessKey: Credentials.SecretKey, sessionToken: Credentials.SessionToken, expiration: Credentials.Expiration };
      return this.cached;
    } catch (error) {
      if (error instanceof UploaderError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (isNetworkError(error)) throw new UploaderError('network', message, { cause: error });
      const name = awsErrorName(error);
      if (name === 'ResourceNotFoundException') this.identityId = undefined; // a stale identity id: ask again next time
      throw new UploaderError(name === 'NotAuthorizedException' ? 'session-expired' : 'credentials-failed', message, { cause: error });
    }
  }
}
