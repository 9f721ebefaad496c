#!/usr/bin/env node
/**
 * `npm run local-aws`: the local backend on its own. Options (flags or environment):
 *
 *   --port / LOCAL_AWS_PORT                  4566
 *   --host / LOCAL_AWS_HOST                  127.0.0.1 (loopback only)
 *   --data / LOCAL_AWS_DATA                  packages/backend/.local-aws
 *   --allowed-origins / LOCAL_AWS_ALLOWED_ORIGINS   CORS origins for the synthesized stack
 *   --allow-guests / LOCAL_AWS_ALLOW_GUESTS  true to synthesize the stack with guests on
 *   --mfa / LOCAL_AWS_MFA                    off, optional (default) or required: the stack's MFA
 *   --access / LOCAL_AWS_ACCESS              ownerWrites (default) or amplifyGen1: the stack's access rules
 *   --max-object-bytes / LOCAL_AWS_MAX_OBJECT_BYTES  the stack's largest object (default 5 GiB)
 *   --quota-bytes / LOCAL_AWS_QUOTA_BYTES    the stack's per-identity quota (default 10 GiB)
 *   --template / LOCAL_AWS_TEMPLATE          use this template instead of synthesizing
 *   --credential-ttl / LOCAL_AWS_CREDENTIAL_TTL     seconds, 3600
 *   --token-ttl / LOCAL_AWS_TOKEN_TTL        seconds; overrides the template's token lifetimes
 *   --log / LOCAL_AWS_LOG                    info, debug (every request) or quiet
 *   --admin-token / LOCAL_AWS_ADMIN_TOKEN    the admin routes' token; default: one kept in the data folder
 *   --allowed-hosts / LOCAL_AWS_ALLOWED_HOSTS  host:port names requests may use besides IPs and localhost
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LogLevel } from './log.js';
import { startLocalBackend } from './server.js';
import { synthesizeTemplate } from './synth.js';

const backendRoot = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.LOCAL_AWS_PORT ?? '4566' },
    host: { type: 'string', default: process.env.LOCAL_AWS_HOST ?? '127.0.0.1' },
    data: { type: 'string', default: process.env.LOCAL_AWS_DATA ?? join(backendRoot, '.local-aws') },
    'allowed-origins': { type: 'string', default: process.env.LOCAL_AWS_ALLOWED_ORIGINS },
    'allow-guests': { type: 'string', default: process.env.LOCAL_AWS_ALLOW_GUESTS },
    access: { type: 'string', default: process.env.LOCAL_AWS_ACCESS },
    mfa: { type: 'string', default: process.env.LOCAL_AWS_MFA },
    'max-object-bytes': { type: 'string', default: process.env.LOCAL_AWS_MAX_OBJECT_BYTES },
    'quota-bytes': { type: 'string', default: process.env.LOCAL_AWS_QUOTA_BYTES },
    template: { type: 'string', default: process.env.LOCAL_AWS_TEMPLATE },
    'credential-ttl': { type: 'string', default: process.env.LOCAL_AWS_CREDENTIAL_TTL ?? '3600' },
    'token-ttl': { type: 'string', default: process.env.LOCAL_AWS_TOKEN_TTL },
    log: { type: 'string', default: process.env.LOCAL_AWS_LOG ?? 'info' },
    'admin-token': { type: 'string', default: process.env.LOCAL_AWS_ADMIN_TOKEN },
    'allowed-hosts': { type: 'string', default: process.env.LOCAL_AWS_ALLOWED_HOSTS },
  },
});

function fail(message: string): never {
  console.error(`local-aws: ${message}`);
  process.exit(1);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number, got "${values.port}"`);
const credentialTtlSeconds = Number(values['credential-ttl']);
if (!(credentialTtlSeconds > 0)) fail(`--credential-ttl must be a number of seconds, got "${values['credential-ttl']}"`);
const tokenTtlSeconds = values['token-ttl'] === undefined ? undefined : Number(values['token-ttl']);
if (tokenTtlSeconds !== undefined && !(tokenTtlSeconds >= 5)) fail(`--token-ttl must be at least 5 seconds, got "${values['token-ttl']}"`);
if (!['info', 'debug', 'quiet'].includes(values.log!)) fail(`--log must be info, debug or quiet, got "${values.log}"`);

let template: unknown;
if (values.template) {
  try {
    template = JSON.parse(readFileSync(values.template, 'utf8'));
  } catch (error) {
    fail(`cannot read the template ${values.template}: ${(error as Error).message}`);
  }
} else {
  // A stack for this machine only: its localhost origins are what it is for.
  const context: Record<string, string> = { removalPolicy: 'destroy', localOnly: 'true' };
  if (values['allowed-origins']) context.allowedOrigins = values['allowed-origins'];
  if (values['allow-guests']) context.allowGuests = values['allow-guests'];
  if (values.access) context.access = values.access;
  if (values.mfa) context.mfa = values.mfa;
  if (values['max-object-bytes']) context.maxObjectBytes = values['max-object-bytes'];
  if (values['quota-bytes']) context.quotaBytes = values['quota-bytes'];
  console.log('local-aws: reading the stack (synthesizing it if its sources changed)…');
  try {
    const result = await synthesizeTemplate(context, join(values.data!, 'template'));
    template = result.template;
    console.log(`local-aws: ${result.synthesized ? 'synthesized the stack' : 'the stack is unchanged since the last synth'}`);
  } catch (error) {
    fail(`cannot synthesize the stack: ${(error as Error).message}`);
  }
}

try {
  const backend = await startLocalBackend({
    template,
    dataDir: values.data!,
    port,
    host: values.host,
    credentialTtlSeconds,
    tokenTtlSeconds,
    logLevel: values.log as LogLevel,
    adminToken: values['admin-token'] || undefined,
    allowedHosts: values['allowed-hosts']?.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
  });
  // spawn.mjs reads this line: keep its shape.
  console.log(`local-aws: element config at ${backend.url}/_local/config, emails at ${backend.url}/_local/outbox?token=${backend.adminToken}`);
  const stop = () => void backend.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') fail(`port ${port} on ${values.host} is in use; stop what runs there or set LOCAL_AWS_PORT`);
  fail((error as Error).stack ?? String(error));
}
