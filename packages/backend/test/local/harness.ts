/**
 * Starts a real local backend for a test: the stack synthesized (cached per context), a fresh
 * data folder, a free port on loopback. Tests talk to it over HTTP with real AWS clients.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { S3Client } from '@aws-sdk/client-s3';
import { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { startLocalBackend, type LocalBackend, type LocalBackendOptions } from '../../local/server.js';
import { synthesizeTemplate } from '../../local/synth.js';
import type { LogLevel } from '../../local/log.js';
import type { PhysicalIds } from '../../local/template.js';

export interface TestBackend {
  backend: LocalBackend;
  dataDir: string;
  template: unknown;
  log: string[];
  stop(): Promise<void>;
}

/** Resource ids for deciding on a template without a running backend. */
export const TEST_IDS: PhysicalIds = {
  region: 'us-east-1',
  accountId: '000000000000',
  userPoolId: 'us-east-1_Local',
  userPoolClientId: 'client',
  identityPoolId: 'us-east-1:00000000-0000-0000-0000-000000000000',
  bucket: 'bucket',
};

export async function synthForTest(context: Record<string, string> = {}): Promise<unknown> {
  const full = { removalPolicy: 'destroy', localOnly: 'true', ...context };
  const key = createHash('sha256').update(JSON.stringify(full)).digest('hex').slice(0, 16);
  return (await synthesizeTemplate(full, join(tmpdir(), 'secure-uploader-test-synth', key))).template;
}

export async function startTestBackend(
  options: { context?: Record<string, string>; template?: unknown; dataDir?: string; port?: number } & Partial<Pick<LocalBackendOptions, 'credentialTtlSeconds' | 'codeTtlSeconds' | 'allowedHosts'>> = {},
): Promise<TestBackend> {
  const template = options.template ?? (await synthForTest(options.context));
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'su-local-')));
  const log: string[] = [];
  const backend = await startLocalBackend({
    template,
    dataDir,
    port: options.port ?? 0,
    credentialTtlSeconds: options.credentialTtlSeconds,
    allowedHosts: options.allowedHosts,
    codeTtlSeconds: options.codeTtlSeconds,
    logLevel: (process.env.LOCAL_AWS_LOG as LogLevel | undefined) ?? 'info',
    logWriter: (line) => {
      log.push(line);
      if (process.env.LOCAL_AWS_LOG === 'debug') console.log(line);
    },
  });
  return {
    backend,
    dataDir,
    template,
    log,
    async stop() {
      await backend.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// --- amazon-cognito-identity-js, promisified ----------------------------------------------

export function userPool(backend: LocalBackend): CognitoUserPool {
  return new CognitoUserPool({ UserPoolId: backend.config.userPoolId, ClientId: backend.config.userPoolClientId, endpoint: `${backend.url}/` });
}

export function signUp(pool: CognitoUserPool, email: string, password: string): Promise<string> {
  return new Promise((resolve, reject) =>
    pool.signUp(email, password, [new CognitoUserAttribute({ Name: 'email', Value: email })], [], (error, result) => (error ? reject(error) : resolve(result!.userSub))),
  );
}

export function cognitoUser(pool: CognitoUserPool, email: string): CognitoUser {
  return new CognitoUser({ Username: email, Pool: pool });
}

export function confirm(pool: CognitoUserPool, email: string, code: string): Promise<void> {
  return new Promise((resolve, reject) => cognitoUser(pool, email).confirmRegistration(code, true, (error) => (error ? reject(error) : resolve())));
}

export function signIn(pool: CognitoUserPool, email: string, password: string): Promise<{ user: CognitoUser; session: CognitoUserSession }> {
  const user = cognitoUser(pool, email);
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: (session) => resolve({ user, session }),
      onFailure: reject,
    }),
  );
}

export async function latestCode(backend: LocalBackend, email: string): Promise<string> {
  const messages = (await (await fetch(`${backend.url}/_local/outbox?to=${encodeURIComponent(email)}&token=${backend.adminToken}`)).json()) as { code: string }[];
  const last = messages.at(-1);
  if (!last) throw new Error(`no email to ${email} in the outbox`);
  return last.code;
}

let counter = 0;
export const uniqueEmail = (name = 'user') => `${name}.${Date.now()}.${++counter}@example.com`;
export const PASSWORD = 'Correct-Horse-9';

/** Signs up, confirms with the outbox code, signs in. */
export async function newSignedInUser(backend: LocalBackend, name?: string) {
  const pool = userPool(backend);
  const email = uniqueEmail(name);
  await signUp(pool, email, PASSWORD);
  await confirm(pool, email, await latestCode(backend, email));
  const { user, session } = await signIn(pool, email, PASSWORD);
  return { pool, email, user, session };
}

// --- identity pool and S3 -----------------------------------------------------------------

export function identityClient(backend: LocalBackend) {
  return new CognitoIdentityClient({ region: backend.config.region, endpoint: backend.url });
}

export interface IdentityCredentials {
  identityId: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** GetId + GetCredentialsForIdentity with the id token (or as a guest without one). */
export async function credentialsFor(backend: LocalBackend, idToken?: string): Promise<IdentityCredentials> {
  const client = identityClient(backend);
  const logins = idToken ? { [`cognito-idp.${backend.config.region}.amazonaws.com/${backend.config.userPoolId}`]: idToken } : undefined;
  const { IdentityId } = await client.send(new GetIdCommand({ IdentityPoolId: backend.config.identityPoolId, Logins: logins }));
  const { Credentials } = await client.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins }));
  return {
    identityId: IdentityId!,
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretKey!,
    sessionToken: Credentials!.SessionToken!,
    expiration: Credentials!.Expiration!,
  };
}

export function s3Client(backend: LocalBackend, credentials: IdentityCredentials, extra: Partial<ConstructorParameters<typeof S3Client>[0]> = {}) {
  return new S3Client({
    region: backend.config.region,
    endpoint: backend.url,
    forcePathStyle: true,
    credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken },
    ...extra,
  });
}

/** A signed-in user with credentials and an S3 client. */
export async function newUserWithS3(backend: LocalBackend, name?: string) {
  const user = await newSignedInUser(backend, name);
  const credentials = await credentialsFor(backend, user.session.getIdToken().getJwtToken());
  return { ...user, credentials, s3: s3Client(backend, credentials) };
}

// --- changing a request the SDK makes, for tests of what the backend refuses -------------

type Rewrite = (request: { headers: Record<string, string>; body: unknown }) => void;
const REWRITE_AT = {
  /** After serializing, before the checksum and the signature: both cover the change. */
  checksum: { step: 'build', priority: 'high' },
  /** After the checksum, before the signature: the signature covers the change. */
  signing: { step: 'build', priority: 'low' },
  /** After signing: the change is not signed. */
  sending: { step: 'finalizeRequest', priority: 'low' },
} as const;

/** Changes the HTTP request a command sends, at the chosen point of the SDK's middleware. */
export function rewriteRequest<C extends { middlewareStack: unknown }>(command: C, at: keyof typeof REWRITE_AT, change: Rewrite): C {
  (command.middlewareStack as { add(middleware: unknown, options: unknown): void }).add(
    (next: (args: unknown) => unknown) => (args: { request: { headers: Record<string, string>; body: unknown } }) => {
      change(args.request);
      return next(args);
    },
    REWRITE_AT[at],
  );
  return command;
}

/** The reflected polynomials of CRC-32 (zlib's) and CRC-32C (Castagnoli), for `referenceCrc`. */
export const CRC_POLYS = { CRC32: 0xedb88320, CRC32C: 0x82f63b78 } as const;

/** A CRC of the CRC-32 family one bit at a time, straight from its definition: the reference the fast tables and their combination are checked against. */
export function referenceCrc(poly: number, data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A 32-bit CRC as S3 writes it: four big-endian bytes in base64. */
export function base64Crc(crc: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc >>> 0);
  return out.toString('base64');
}
