/**
 * The Cognito identity pool (X-Amz-Target: AWSCognitoIdentityService.*): GetId and
 * GetCredentialsForIdentity. An id token from the user pool (signature, issuer, audience,
 * expiry, token_use checked) maps to one stable `region:uuid` identity; guests get identities
 * only when the stack allows them. Credentials are short-lived and recorded so S3 can check them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AwsJsonError } from '../errors.js';
import type { Logger } from '../log.js';
import type { BackendState, CredentialRecord, IdentityRecord } from '../model.js';
import type { JsonFile } from '../state.js';
import { randomText, UPPER_BASE32 } from '../random.js';
import type { StackRules } from '../template.js';
import { isRevoked, type TokenIssuer } from './tokens.js';

type Json = Record<string, unknown>;

export interface IdentityPoolOptions {
  /** Lifetime of issued credentials. AWS: one hour. */
  credentialTtlMs: number;
}


export class IdentityPool {
  constructor(
    private readonly state: JsonFile<BackendState>,
    private readonly rules: StackRules,
    private readonly tokens: TokenIssuer,
    private readonly options: IdentityPoolOptions,
    private readonly log: Logger,
  ) {}

  private get ids() {
    return this.state.value.ids;
  }

  /** The Logins key of the user pool, as the SDKs write it. */
  get providerName(): string {
    return `cognito-idp.${this.ids.region}.amazonaws.com/${this.ids.userPoolId}`;
  }

  async handle(operation: string, body: Json): Promise<Json> {
    switch (operation) {
      case 'GetId':
        return this.getId(body);
      case 'GetCredentialsForIdentity':
        return this.getCredentialsForIdentity(body);
      default:
        throw new AwsJsonError('UnsupportedOperationException', `the local backend does not implement ${operation}`);
    }
  }

  private async getId(body: Json): Promise<Json> {
    if (body.IdentityPoolId !== this.ids.identityPoolId) {
      throw new AwsJsonError('ResourceNotFoundException', `IdentityPool '${String(body.IdentityPoolId)}' not found.`);
    }
    const sub = await this.subFromLogins(body.Logins);
    const identities = this.state.value.identities;
    if (sub) {
      const existing = Object.values(identities).find((i) => i.sub === sub);
      if (existing) return { IdentityId: existing.identityId };
      const identity = this.newIdentity(sub);
      this.log.info(`identity pool: new identity ${identity.identityId} for user ${sub}`);
      return { IdentityId: identity.identityId };
    }
    this.checkGuestsAllowed();
    const identity = this.newIdentity(undefined);
    this.log.info(`identity pool: new guest identity ${identity.identityId}`);
    return { IdentityId: identity.identityId };
  }

  private async getCredentialsForIdentity(body: Json): Promise<Json> {
    const identityId = String(body.IdentityId ?? '');
    const identity = this.state.value.identities[identityId];
    if (!identity) throw new AwsJsonError('ResourceNotFoundException', `Identity '${identityId}' not found.`);
    const sub = await this.subFromLogins(body.Logins);
    let role: CredentialRecord['role'];
    if (identity.sub) {
      if (sub !== identity.sub) {
        throw new AwsJsonError('NotAuthorizedException', 'Logins don\'t match. Please include at least one valid login for this identity or identity pool.');
      }
      role = 'authenticated';
    } else {
      if (sub) throw new AwsJsonError('NotAuthorizedException', 'Logins don\'t match. Please include at least one valid login for this identity or identity pool.');
      this.checkGuestsAllowed();
      role = 'unauthenticated';
    }
    const credentials: CredentialRecord = {
      accessKeyId: `ASIA${randomText(16, UPPER_BASE32)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      identityId,
      role,
      expiresAt: Date.now() + this.options.credentialTtlMs,
    };
    this.pruneExpired();
    this.state.value.credentials[credentials.accessKeyId] = credentials;
    this.state.save();
    return {
      IdentityId: identityId,
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: Math.floor(credentials.expiresAt / 1000),
      },
    };
  }

  /** The user pool sub behind the Logins map, or undefined when there are no logins. */
  private async subFromLogins(logins: unknown): Promise<string | undefined> {
    if (logins === undefined || logins === null) return undefined;
    if (typeof logins !== 'object') throw new AwsJsonError('InvalidParameterException', 'Logins must be a map of provider name to token');
    const entries = Object.entries(logins as Record<string, unknown>);
    if (entries.length === 0) return undefined;
    let sub: string | undefined;
    for (const [provider, token] of entries) {
      if (provider !== this.providerName) {
        throw new AwsJsonError('NotAuthorizedException', `Invalid login token. Provider ${provider} is not configured for this identity pool; expected ${this.providerName}.`);
      }
      let claims;
      try {
        claims = await this.tokens.verify(String(token), 'id', this.ids.userPoolClientId);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
        throw new AwsJsonError('NotAuthorizedException', expired ? 'Invalid login token. Token expired.' : `Invalid login token. ${reason}`);
      }
      // ServerSideTokenCheck: the pool asks the user pool, so a signed-out session's token buys nothing.
      if (this.rules.serverSideTokenCheck && isRevoked(claims, this.state.value)) throw new AwsJsonError('NotAuthorizedException', 'Invalid login token. Token is revoked.');
      sub = claims.sub;
    }
    return sub;
  }

  private checkGuestsAllowed() {
    if (!this.rules.allowGuests) throw new AwsJsonError('NotAuthorizedException', 'Unauthenticated access is not supported for this identity pool.');
  }

  private newIdentity(sub: string | undefined): IdentityRecord {
    const identity: IdentityRecord = { identityId: `${this.ids.region}:${randomUUID()}`, createdAt: Date.now(), ...(sub ? { sub } : {}) };
    this.state.value.identities[identity.identityId] = identity;
    this.state.save();
    return identity;
  }

  private pruneExpired() {
    const cutoff = Date.now() - 24 * 3600_000;
    const credentials = this.state.value.credentials;
    for (const [key, record] of Object.entries(credentials)) if (record.expiresAt < cutoff) delete credentials[key];
  }
}
