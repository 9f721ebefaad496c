/**
 * The local backend: one HTTP endpoint that speaks the three AWS APIs the element uses
 * (Cognito user pool, Cognito identity pool, S3), enforcing the rules of the synthesized stack.
 *
 *   X-Amz-Target: AWSCognitoIdentityProviderService.*  → the user pool
 *   X-Amz-Target: AWSCognitoIdentityService.*          → the identity pool
 *   GET /{userPoolId}/.well-known/jwks.json            → the pool's signing keys
 *   /_local/…                                          → config, outbox, faults (see README)
 *   anything else                                      → S3, path-style
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
import { Faults, type FaultRule } from './faults.js';
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
}

export interface LocalBackend {
  /** e.g. http://127.0.0.1:4566 */
  url: string;
  /** The element's config JSON for this backend. */
  config: LocalElementConfig;
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
  };

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
        if (req.url?.startsWith('/_local/')) return handleLocal(req, res);
        const fault = faults.take({ method: req.method ?? 'GET', service, operation, url: req.url ?? '/' });
        if (fault && (await applyFault(fault, req, res, service, log))) return;
        if (req.method === 'OPTIONS' && !req.url?.startsWith(`/${ids.bucket}`)) return cognitoPreflight(req, res);
        if (service === 'cognito-idp') return await handleJson(req, res, requestId, (body) => userPool.handle(operation ?? '', body));
        if (service === 'cognito-identity') return await handleJson(req, res, requestId, (body) => identityPool.handle(operation ?? '', body));
        if (req.method === 'GET' && req.url === `/${ids.userPoolId}/.well-known/jwks.json`) return sendJson(res, 200, tokens.jwks);
        return await s3.handle(req, res, requestId, isLoopback(req.socket.remoteAddress));
      } catch (error) {
        log.warn(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) sendJson(res, 500, { message: 'internal error in the local backend; see its log' });
        else res.destroy();
      }
    })();
  });

  function handleLocal(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    const query = new URL(req.url ?? '/', 'http://local').searchParams;
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': 'content-type' });
      return res.end();
    }
    if (path === '/_local/config' && req.method === 'GET') return sendJson(res, 200, config);
    if (path === '/_local/health' && req.method === 'GET') return sendJson(res, 200, { ok: true });
    if (path === '/_local/outbox' && req.method === 'GET') {
      const to = query.get('to')?.toLowerCase();
      return sendJson(res, 200, state.value.outbox.filter((m) => !to || m.to === to));
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
  log.info(`  data in ${options.dataDir}`);
  if (rules.bucketPolicy.some((s) => JSON.stringify(s.Condition ?? {}).includes('aws:SecureTransport'))) {
    log.info('  the bucket requires TLS (aws:SecureTransport); loopback connections count as secure');
  }

  return {
    url,
    config,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function cognitoPreflight(req: IncomingMessage, res: ServerResponse) {
  // Cognito's endpoints accept browser calls from any origin.
  res.writeHead(200, {
    'access-control-allow-origin': '*',
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

async function handleJson(req: IncomingMessage, res: ServerResponse, requestId: string, handler: (body: Record<string, unknown>) => Promise<Record<string, unknown>> | Record<string, unknown>) {
  const headers = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date', 'x-amzn-requestid': requestId };
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
  log.info(`fault #${fault.id}: ${JSON.stringify({ status: fault.status, drop: fault.drop, dropAfterBytes: fault.dropAfterBytes, delayMs: fault.delayMs })} on ${req.method} ${req.url}`);
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
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
