/**
 * RS256 tokens shaped like Cognito's (claims, issuer form, `kid` in the pool's JWKS), signed
 * with a key kept in the data folder so tokens stay valid across restarts.
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { BackendState } from '../model.js';

export interface SigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  return {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' },
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}

type ImportedKey = Awaited<ReturnType<typeof importJWK>>;

export interface TokenClaims extends JWTPayload {
  sub: string;
  token_use: 'id' | 'access';
  origin_jti: string;
  auth_time: number;
}

export class TokenIssuer {
  private privateKey?: ImportedKey;
  private publicKey?: ImportedKey;

  constructor(
    private readonly key: SigningKey,
    /** e.g. `http://127.0.0.1:4566/us-east-1_Local1`: the pool's JWKS is at issuer + /.well-known/jwks.json */
    readonly issuer: string,
  ) {}

  get jwks(): { keys: JWK[] } {
    return { keys: [this.key.publicJwk] };
  }

  async sign(claims: Record<string, unknown>, lifetimeSeconds: number): Promise<string> {
    this.privateKey ??= await importJWK(this.key.privateJwk, 'RS256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid })
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setExpirationTime(now + lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  /** Verifies signature, issuer, expiry and token_use; returns the claims. Throws on any failure. */
  async verify(token: string, tokenUse: 'id' | 'access', audience?: string): Promise<TokenClaims> {
    this.publicKey ??= await importJWK(this.key.publicJwk, 'RS256');
    const { payload } = await jwtVerify(token, this.publicKey, { issuer: this.issuer, algorithms: ['RS256'], ...(audience ? { audience } : {}) });
    if (payload.token_use !== tokenUse) throw new Error(`token_use is ${String(payload.token_use)}, expected ${tokenUse}`);
    return payload as TokenClaims;
  }
}

/**
 * Whether a verified token was revoked: issued before its user signed out everywhere, its
 * session's refresh token revoked, or its user gone. The user pool asks this of access tokens,
 * and the identity pool of id tokens when its provider has ServerSideTokenCheck on.
 */
export function isRevoked(claims: TokenClaims, state: Pick<BackendState, 'users' | 'refreshTokens'>): boolean {
  const user = state.users[claims.sub];
  if (!user) return true;
  const refresh = Object.values(state.refreshTokens).find((r) => r.originJti === claims.origin_jti);
  return (claims.iat ?? 0) < user.tokensValidAfter || refresh?.revoked === true;
}
