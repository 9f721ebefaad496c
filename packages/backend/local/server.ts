/**
 * The local backend: one HTTP endpoint that speaks the three AWS APIs the element uses
 * (Cognito user pool, Cognito identity pool, S3), enforcing the rules of the synthesized stack.
 *
 *   X-Amz-Target: AWSCognitoIdentityProviderService.*  → the user pool
 *   X-Amz-Target: AWSCognitoIdentityService.*          → the identity pool
 *   GET /{userPoolId}/.well-known/jwks.json            → the pool's signing keys
 *   /_local/…                                          → config, outbox, objects, faults (see README)
 *   anything else                                      → S3, path-style
 *
 * guard.ts decides first: the Host must be this backend's, the admin routes need the token.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ALNUM, LOWER_ALNUM, randomText } from './random.js';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { UploaderConfig } from '../lib/element-config.js';
import { IdentityPool } from './cognito/identity-pool.js';
import { createSigningKey, TokenIssuer } from './cognito/tokens.js';
import { UserPool } from './cognito/user-pool.js';
import { AwsJsonError } from './errors.js';
import { bodyFlips, Faults, type FaultRule } from './faults.js';
import { Guard, newAdminToken, TOKEN_HEADER } from './guard.js';
import { createLogger, type Logger, type LogLevel } from './log.js';
import type { BackendState } from './model.js';
import { ObjectStore } from './s3/object-store.js';
import { S3Service } from './s3/service.js';
import { JsonFile } from './state.js';
import { readStackRules, type PhysicalIds } from './template.js';

export interface LocalBackendOptions {
  /** The synthesized CloudFormation template of the stack (parsed JSON). */
  template: unknown;
  /** Folder for users, identities, objects. Created if missing; survives restarts. */
  dataDir: string;
  /** @default 4566; 0 picks a free port */
  port?: number;
  /** @default 127.0.0.1 (loopback only) */
  host?: string;
  /** Region of the local resources. @default us-east-1 */
  region?: string;
  /** Lifetime of identity-pool credentials. @default 3600 */
  credentialTtlSeconds?: number;
  /**
   * Lifetime of id and access tokens, overriding the template's (to test silent refresh).
   * @default the app client's validities in the template
   */
  tokenTtlSeconds?: number;
  /** Lifetime of emailed codes. @default 86400 */
  codeTtlSeconds?: number;
  /** @default 'info' */
  logLevel?: LogLevel;
  /** Where log lines go. @default stdout */
  logWriter?: (line: string) => void;
  /** The token of the admin routes. @default one made for the data folder and kept in its state */
  adminToken?: string;
  /** Host names besides IP addresses and `localhost` that requests may name (`name:port`). */
  allowedHosts?: string[];
}

export interface LocalBackend {
  /** e.g. http://127.0.0.1:4566 */
  url: string;
  /** The element's config JSON for this backend. */
  config: LocalElementConfig;
  /** What `/_local/outbox`, `/_local/faults` and Cognito's Admin* operations need (`?token=` or X-Local-Token). */
  adminToken: string;
  close(): Promise<void>;
}

/** The element's config for this backend: always with the backend's own address as endpoint. */
export type LocalElementConfig = UploaderConfig & { endpoint: string };


async function initialState(region: string): Promise<BackendState> {
  const ids: PhysicalIds = {
    region,
    accountId: '000000000000',
    userPoolId: `${region}_${randomText(9, ALNUM)}`,
    userPoolClientId: randomText(26, LOWER_ALNUM),
    identityPoolId: `${region}:${randomUUID()}`,
    bucket: 'secure-uploader-local',
  };
  return { version: 1, ids, signingKey: await createSigningKey(), users: {}, refreshTokens: {}, identities: {}, credentials: {}, outbox: [] };
}

const isLoopback = (address: string | undefined) => !!address && (address.startsWith('127.') || address === '::1' || address === '::ffff:127.0.0.1');

export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const log = createLogger(options.logLevel ?? 'info', options.logWriter);
  const region = options.region ?? 'us-east-1';
  const seed = await initialState(region); // only used when the data folder is new
  const state = new JsonFile<BackendState>(join(options.dataDir, 'state.json'), () => seed);
  const rules = readStackRules(options.template, state.value.ids);
  for (const warning of rules.warnings) log.warn(`template: ${warning}`);
  if (options.tokenTtlSeconds) {
    log.info(`tokens live ${options.tokenTtlSeconds} s (the template says ${rules.client.idTokenSeconds} s): --token-ttl is for testing`);
    rules.client.idTokenSeconds = options.tokenTtlSeconds;
    rules.client.accessTokenSeconds = options.tokenTtlSeconds;
  }
  const store = new ObjectStore(join(options.dataDir, 's3'));
  const faults = new Faults();

  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4566, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${address.port}`;

  const ids = state.value.ids;
  const tokens = new TokenIssuer(state.value.signingKey, `${url}/${ids.userPoolId}`);
  const userPool = new UserPool(state, rules, tokens, { codeTtlMs: (options.codeTtlSeconds ?? 86400) * 1000, maxFailedSignIns: 5 }, log);
  const identityPool = new IdentityPool(state, rules, tokens, { credentialTtlMs: (options.credentialTtlSeconds ?? 3600) * 1000 }, log);
  const s3 = new S3Service(state, rules, store, log);
  const config: LocalElementConfig = {
    region,
    userPoolId: ids.userPoolId,
    userPoolClientId: ids.userPoolClientId,
    identityPoolId: ids.identityPoolId,
    bucket: ids.bucket,
    endpoint: url,
    passwordPolicy: rules.passwordPolicy,
    ...(rules.allowGuests ? { allowGuests: true } : {}),
    ...(rules.selfSignUp ? {} : { selfSignUp: false }),
    mfa: rules.mfa,
    storageLayout: rules.storageLayout,
    ...(rules.limits ? { limits: rules.limits } : {}),
  };

  if (!options.adminToken && !state.value.adminToken) {
    state.value.adminToken = newAdminToken();
    state.save();
  }
  const adminToken = options.adminToken ?? state.value.adminToken!;
  const guard = new Guard(address.port, adminToken, rules.cors, options.allowedHosts);
  const refusedHosts = new Set<string>();
  // A stalled client holds a connection for seconds, not minutes; at most a few hundred at once.
  server.headersTimeout = 10_000;
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 5_000;
  server.maxConnections = 256;

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    const target = req.headers['x-amz-target'];
    const [targetService, operation] = typeof target === 'string' ? target.split('.', 2) : [];
    const service: FaultRule['match']['service'] =
      targetService === 'AWSCognitoIdentityProviderService' ? 'cognito-idp' : targetService === 'AWSCognitoIdentityService' ? 'cognito-identity' : 's3';
    res.on('finish', () => {
      if (req.url?.startsWith('/_local/')) return;
      // The raw path: a log line must never throw on a malformed one.
      const what = service === 's3' ? `${req.method} ${(req.url ?? '').split('?')[0]!.slice(0, 300)}` : operation;
      log.debug(`${service} ${what} ${res.statusCode} ${Date.now() - started}ms`);
    });
    void (async () => {
      try {
        if (!guard.hostAllowed(req.headers.host)) {
          const host = String(req.headers.host ?? '').slice(0, 100);
          if (!refusedHosts.has(host) && refusedHosts.add(host)) log.warn(`refused requests for Host "${host}": not this backend's address (set LOCAL_AWS_ALLOWED_HOSTS to allow a name)`);
          return sendJson(res, 403, { message: `the Host "${host}" is not this backend's address; use ${url}` }, 'application/json', { connection: 'close' });
        }
        if (req.url?.startsWith('/_local/')) return handleLocal(req, res);
        if (service === 'cognito-idp' && operation?.startsWith('Admin') && !guard.hasToken(req)) {
          return sendJson(res, 400, { __type: 'UnrecognizedClientException', message: `${operation} needs the local admin token (the X-Local-Token header); npm start prints it` }, 'application/x-amz-json-1.1', corsFor(req));
        }
        const fault = faults.take({ method: req.method ?? 'GET', service, operation, url: req.url ?? '/' });
        if (fault && (await applyFault(fault, req, res, service, log))) return;
        if (req.method === 'OPTIONS' && !req.url?.startsWith(`/${ids.bucket}`)) return cognitoPreflight(req, res, corsFor(req));
        if (service === 'cognito-idp') return await handleJson(req, res, requestId, corsFor(req), (body) => userPool.handle(operation ?? '', body));
        if (service === 'cognito-identity') return await handleJson(req, res, requestId, corsFor(req), (body) => identityPool.handle(operation ?? '', body));
        if (req.method === 'GET' && req.url === `/${ids.userPoolId}/.well-known/jwks.json`) return sendJson(res, 200, tokens.jwks);
        return await s3.handle(req, res, requestId, isLoopback(req.socket.remoteAddress));
      } catch (error) {
        log.warn(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) sendJson(res, 500, { message: 'internal error in the local backend; see its log' });
        else res.destroy();
      }
    })();
  });

  /** CORS headers for a browser whose origin the stack allows; none for any other page. */
  function corsFor(req: IncomingMessage): Record<string, string> {
    const origin = guard.corsOrigin(req);
    return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : { vary: 'Origin' };
  }

  function handleLocal(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    for (const [name, value] of Object.entries(corsFor(req))) res.setHeader(name, value);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': `content-type, ${TOKEN_HEADER}` });
      return res.end();
    }
    // Open: what any page of the developer's may know (the element's config is public anyway).
    if (path === '/_local/config' && req.method === 'GET') return sendJson(res, 200, config);
    if (path === '/_local/health' && req.method === 'GET') return sendJson(res, 200, { ok: true });
    if (!guard.hasToken(req)) {
      return sendJson(res, 401, { message: `${path} needs the local admin token: ?token=… or the ${TOKEN_HEADER} header; npm start prints the outbox's address with it` });
    }
    if (path === '/_local/outbox' && req.method === 'GET') {
      const to = query.get('to')?.toLowerCase();
      return sendJson(res, 200, state.value.outbox.filter((m) => !to || m.to === to));
    }
    if (path === '/_local/objects' && req.method === 'GET') {
      // The bucket as its owner sees it in the console: every key under a prefix, whatever the access rules say.
      const prefix = query.get('prefix') ?? '';
      return sendJson(res, 200, store.keys(prefix).map((key) => ({ key, size: store.get(key)?.size ?? 0 })));
    }
    if (path === '/_local/faults') {
      if (req.method === 'GET') return sendJson(res, 200, faults.list());
      if (req.method === 'DELETE') {
        faults.clear();
        return sendJson(res, 200, {});
      }
      if (req.method === 'POST') {
        return void readJson(req)
          .then((body) => sendJson(res, 201, faults.add(body as never)))
          .catch((error: Error) => sendJson(res, 400, { message: error.message }));
      }
    }
    sendJson(res, 404, { message: `no local route ${req.method} ${path}; see packages/backend/local/README.md` });
  }

  log.info(`local backend listening on ${url}`);
  log.info(`  user pool ${ids.userPoolId}, client ${ids.userPoolClientId}`);
  log.info(`  identity pool ${ids.identityPoolId} (guests ${rules.allowGuests ? 'allowed' : 'off'}), bucket ${ids.bucket}`);
  log.info(`  files kept in ${rules.storageLayout === 'identity-folders' ? 'one folder per identity at every level' : "Amplify Gen 1's layout (public/ shared)"}; sign-up ${rules.selfSignUp ? 'open' : 'by administrators only'}; authenticator-app MFA ${rules.mfa}`);
  if (rules.limits) {
    const gib = (bytes: number) => `${+(bytes / 1024 ** 3).toFixed(3)} GiB`;
    log.info(`  limits: objects up to ${gib(rules.limits.maxObjectBytes)}, ${gib(rules.limits.quotaBytes)} per identity (removed after upload, as the stack's Lambda does)`);
  }
  log.info(`  data in ${options.dataDir}`);
  if (rules.bucketPolicy.some((s) => JSON.stringify(s.Condition ?? {}).includes('aws:SecureTransport'))) {
    log.info('  the bucket requires TLS (aws:SecureTransport); loopback connections count as secure');
  }

  return {
    url,
    config,
    adminToken,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function cognitoPreflight(req: IncomingMessage, res: ServerResponse, cors: Record<string, string>) {
  // Cognito's endpoints on AWS answer any origin; locally only the stack's (other pages are
  // the developer's other tabs).
  res.writeHead(cors['access-control-allow-origin'] ? 200 : 403, {
    ...cors,
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
    'access-control-max-age': '86400',
  });
  res.end();
}

async function readJson(req: IncomingMessage, limit = 1 << 20): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new AwsJsonError('InvalidParameterException', 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AwsJsonError('SerializationException', 'the request body is not valid JSON');
  }
}

async function handleJson(req: IncomingMessage, res: ServerResponse, requestId: string, cors: Record<string, string>, handler: (body: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>) {
  const headers = { ...cors, 'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date', 'x-amzn-requestid': requestId };
  try {
    const body = await readJson(req);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AwsJsonError('SerializationException', 'the request body must be a JSON object');
    const result = await handler(body as Record<string, unknown>);
    sendJson(res, 200, result, 'application/x-amz-json-1.1', headers);
  } catch (error) {
    if (!(error instanceof AwsJsonError)) throw error;
    sendJson(res, error.status, { __type: error.type, message: error.message }, 'application/x-amz-json-1.1', { ...headers, 'x-amzn-errortype': `${error.type}:` });
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json', headers: Record<string, string> = {}) {
  const data = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'content-type': type, 'content-length': String(data.length), ...headers });
  res.end(data);
}

/** Applies a fault; returns true when the request is finished (answered or dropped). */
async function applyFault(fault: FaultRule, req: IncomingMessage, res: ServerResponse, service: FaultRule['match']['service'], log: Logger): Promise<boolean> {
  log.info(`fault #${fault.id}: ${JSON.stringify({ status: fault.status, drop: fault.drop, dropAfterBytes: fault.dropAfterBytes, flipByteAt: fault.flipByteAt, delayMs: fault.delayMs })} on ${req.method} ${req.url}`);
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.flipByteAt !== undefined) bodyFlips.set(req, fault.flipByteAt);
  if (fault.drop) {
    req.socket.destroy();
    return true;
  }
  if (fault.dropAfterBytes !== undefined) {
    let seen = 0;
    await new Promise<void>((resolve) => {
      req.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen >= fault.dropAfterBytes!) {
          req.socket.destroy();
          resolve();
        }
      });
      req.on('end', () => {
        req.socket.destroy();
        resolve();
      });
      req.on('close', () => resolve());
    });
    return true;
  }
  if (fault.status !== undefined) {
    req.resume();
    if (service === 's3') {
      const code = fault.code ?? (fault.status === 503 ? 'SlowDown' : 'InternalError');
      const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>Injected fault #${fault.id}</Message></Error>`;
      res.writeHead(fault.status, { 'content-type': 'application/xml', 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-expose-headers': 'ETag, x-amz-request-id' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } else {
      sendJson(res, fault.status, { __type: fault.code ?? 'InternalErrorException', message: `Injected fault #${fault.id}` }, 'application/x-amz-json-1.1', { 'access-control-allow-origin': '*' });
    }
    return true;
  }
  return false;
}
