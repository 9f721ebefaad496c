/** What the local backend keeps in its data folder's state.json (objects live apart). */
import type { SrpVerifier } from './cognito/srp.js';
import type { SigningKey } from './cognito/tokens.js';
import type { PhysicalIds } from './template.js';

export interface PendingCode {
  code: string;
  /** Epoch ms. */
  expiresAt: number;
  failedAttempts: number;
}

export interface UserRecord {
  /** Also the internal user name (USER_ID_FOR_SRP), as Cognito does when users sign in by email. */
  sub: string;
  email: string;
  emailVerified: boolean;
  /** FORCE_CHANGE_PASSWORD: made by an administrator (AdminCreateUser); the first sign-in sets a password. */
  status: 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD';
  verifier: SrpVerifier;
  createdAt: number;
  /** Tokens issued before this (epoch seconds) are revoked (GlobalSignOut). */
  tokensValidAfter: number;
  failedSignIns: number;
  /** Sign-in refused until then (epoch ms): Cognito's lockout after repeated wrong passwords. */
  lockedUntil?: number;
  confirmation?: PendingCode;
  reset?: PendingCode;
  /** Software token MFA: a secret being set up, the verified one, whether sign-in asks for it, the last step used (no replays). */
  totp?: { pending?: string; secret?: string; enabled: boolean; lastStep?: number };
}

export interface RefreshTokenRecord {
  sub: string;
  clientId: string;
  originJti: string;
  expiresAt: number;
  authTime: number;
  revoked: boolean;
}

export interface IdentityRecord {
  identityId: string;
  /** The user pool sub for an authenticated identity; absent for a guest. */
  sub?: string;
  createdAt: number;
}

export interface CredentialRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  identityId: string;
  role: 'authenticated' | 'unauthenticated';
  /** Epoch ms. */
  expiresAt: number;
}

export interface OutboxMessage {
  id: number;
  to: string;
  subject: string;
  body: string;
  /** The code in the message, for tests and for people reading the console. */
  code: string;
  kind: 'confirm-sign-up' | 'forgot-password' | 'invitation';
  sentAt: string;
}

export interface BackendState {
  version: 1;
  ids: PhysicalIds;
  signingKey: SigningKey;
  users: Record<string, UserRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  identities: Record<string, IdentityRecord>;
  credentials: Record<string, CredentialRecord>;
  outbox: OutboxMessage[];
  /** The token the admin routes need (guard.ts); made once per data folder, kept across restarts. */
  adminToken?: string;
}
