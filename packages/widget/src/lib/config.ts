import { STORAGE_LAYOUTS, type StorageLayout } from './keys.js';
import type { PasswordPolicy } from './password-policy.js';

/**
 * The element's backend configuration and its validation: the one declaration of the config
 * JSON (ARCHITECTURE.md, "Contracts"), which the backend's stack outputs and the local backend
 * produce too. Pure: no DOM, no network, so every rule is a table test.
 */

export interface UploaderConfig {
  /** AWS region of the backend, e.g. `eu-west-1`. */
  region: string;
  /** Cognito user pool id, `{region}_{name}`. */
  userPoolId: string;
  /** Cognito app client id (a public client, no secret). */
  userPoolClientId: string;
  /** Cognito identity pool id, `{region}:{uuid}`. */
  identityPoolId: string;
  /** S3 bucket name. */
  bucket: string;
  /** One endpoint for all three services (the local backend); AWS's own endpoints when absent. */
  endpoint?: string;
  /** The user pool's password policy, shown while signing up; Cognito's default when absent. */
  passwordPolicy?: PasswordPolicy;
  /** Whether the identity pool gives guests (read-only) access; offers "continue as guest". */
  allowGuests?: boolean;
  /** Whether visitors may create accounts; when false the element offers sign-in only. Absent means true. */
  selfSignUp?: boolean;
  /** Sign-in with an authenticator app: off, optional (each user chooses) or required. Absent means off. */
  mfa?: MfaMode;
  /** Where each level's files are kept (the stack's access rules); `identity-folders` when absent. */
  storageLayout?: StorageLayout;
  /** The limits the backend enforces after upload; the element checks them first and explains removals. */
  limits?: ServerLimits;
}

export type MfaMode = 'off' | 'optional' | 'required';
export const MFA_MODES: readonly MfaMode[] = ['off', 'optional', 'required'];

/** Limits the stack enforces on AWS (and the local backend in-process), in bytes. */
export interface ServerLimits {
  /** Largest object. */
  maxObjectBytes: number;
  /** Most one identity may keep at every level together. */
  quotaBytes: number;
}

/**
 * The configuration values that can also be given as attributes, and each one's attribute
 * name: the one table the element's properties, its change detection, the problems' words
 * and the custom-elements manifest are made from.
 */
export const CONFIG_ATTRIBUTES = {
  /** AWS region of the backend, e.g. `eu-west-1`. */
  region: 'region',
  /** Cognito user pool id, `{region}_{name}`. */
  userPoolId: 'user-pool-id',
  /** Cognito app client id (a public client, no secret). */
  userPoolClientId: 'user-pool-client-id',
  /** Cognito identity pool id, `{region}:{uuid}`. */
  identityPoolId: 'identity-pool-id',
  /** S3 bucket name. */
  bucket: 'bucket',
  /** One endpoint for Cognito and S3, e.g. the local backend `http://127.0.0.1:4566`. */
  endpoint: 'endpoint',
} as const satisfies Partial<Record<keyof UploaderConfig, string>>;

export type ConfigAttributeKey = keyof typeof CONFIG_ATTRIBUTES;
export const CONFIG_ATTRIBUTE_KEYS = Object.keys(CONFIG_ATTRIBUTES) as ConfigAttributeKey[];

export type ConfigResult = { ok: true; config: UploaderConfig } | { ok: false; problems: string[] };

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
const USER_POOL_ID = /^([a-z]{2}(-[a-z]+)+-\d)_[0-9A-Za-z]+$/;
const CLIENT_ID = /^[0-9a-z]{1,128}$/;
const IDENTITY_POOL_ID = /^([a-z]{2}(-[a-z]+)+-\d):[0-9a-f-]{36}$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** The required values, and what a valid one looks like: the words of every problem. */
const REQUIRED: { key: ConfigAttributeKey; pattern: RegExp; example: string }[] = [
  { key: 'region', pattern: REGION, example: 'eu-west-1' },
  { key: 'userPoolId', pattern: USER_POOL_ID, example: 'eu-west-1_AbC123' },
  { key: 'userPoolClientId', pattern: CLIENT_ID, example: '26 lower-case letters and digits' },
  { key: 'identityPoolId', pattern: IDENTITY_POOL_ID, example: 'eu-west-1:0000…-…' },
  { key: 'bucket', pattern: BUCKET, example: 'my-uploads-bucket' },
];

/**
 * Checks a candidate configuration, collecting every problem (not only the first) so a site
 * owner fixes them in one go. Each problem names the config key and the attribute.
 */
export function validateConfig(candidate: unknown): ConfigResult {
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    return { ok: false, problems: ['the configuration must be a JSON object'] };
  }
  const input = candidate as Record<string, unknown>;
  const problems: string[] = [];
  for (const { key, pattern, example } of REQUIRED) {
    const value = input[key];
    const attribute = CONFIG_ATTRIBUTES[key];
    if (value === undefined || value === null || value === '') {
      problems.push(`"${key}" (attribute ${attribute}) is missing`);
    } else if (typeof value !== 'string' || !pattern.test(value)) {
      problems.push(`"${key}" (attribute ${attribute}) is not valid: ${JSON.stringify(value)}; expected something like ${example}`);
    }
  }
  const region = input.region;
  for (const key of ['userPoolId', 'identityPoolId'] as const) {
    const value = input[key];
    if (typeof value === 'string' && typeof region === 'string' && REGION.test(region) && (key === 'userPoolId' ? USER_POOL_ID : IDENTITY_POOL_ID).test(value)) {
      const poolRegion = value.split(/[_:]/)[0];
      if (poolRegion !== region) problems.push(`"${key}" is in region ${poolRegion} but "region" is ${region}`);
    }
  }
  const endpoint = input.endpoint;
  if (endpoint !== undefined && endpoint !== null && endpoint !== '') {
    if (typeof endpoint !== 'string' || !isHttpUrl(endpoint)) {
      problems.push(`"endpoint" (attribute ${CONFIG_ATTRIBUTES.endpoint}) is not an http(s) URL: ${JSON.stringify(endpoint)}`);
    }
  }
  const policy = input.passwordPolicy;
  if (policy !== undefined && policy !== null) {
    const p = policy as Record<string, unknown>;
    const valid =
      typeof policy === 'object' &&
      Number.isInteger(p.minLength) &&
      ['requireLowercase', 'requireUppercase', 'requireNumbers', 'requireSymbols'].every((k) => typeof p[k] === 'boolean');
    if (!valid) problems.push('"passwordPolicy" must be {minLength, requireLowercase, requireUppercase, requireNumbers, requireSymbols}');
  }
  for (const key of ['allowGuests', 'selfSignUp'] as const) {
    if (input[key] !== undefined && typeof input[key] !== 'boolean') problems.push(`"${key}" must be true or false`);
  }
  if (input.mfa !== undefined && !MFA_MODES.includes(input.mfa as MfaMode)) problems.push(`"mfa" must be one of ${MFA_MODES.map((m) => `"${m}"`).join(', ')}, got ${JSON.stringify(input.mfa)}`);
  const layout = input.storageLayout;
  if (layout !== undefined && !STORAGE_LAYOUTS.includes(layout as StorageLayout)) {
    problems.push(`"storageLayout" must be one of ${STORAGE_LAYOUTS.map((l) => `"${l}"`).join(', ')}, got ${JSON.stringify(layout)}`);
  }
  const limits = input.limits as Record<string, unknown> | undefined;
  const bytes = (value: unknown) => Number.isSafeInteger(value) && (value as number) > 0;
  if (limits !== undefined && (typeof limits !== 'object' || limits === null || !bytes(limits.maxObjectBytes) || !bytes(limits.quotaBytes))) {
    problems.push('"limits" must be {maxObjectBytes, quotaBytes}, whole numbers of bytes above 0');
  }
  if (problems.length > 0) return { ok: false, problems };
  const config: UploaderConfig = {
    region: input.region as string,
    userPoolId: input.userPoolId as string,
    userPoolClientId: input.userPoolClientId as string,
    identityPoolId: input.identityPoolId as string,
    bucket: input.bucket as string,
  };
  if (typeof endpoint === 'string' && endpoint !== '') config.endpoint = endpoint.replace(/\/+$/, '');
  if (policy) config.passwordPolicy = policy as PasswordPolicy;
  if (input.allowGuests === true) config.allowGuests = true;
  if (input.selfSignUp === false) config.selfSignUp = false;
  if (input.mfa !== undefined) config.mfa = input.mfa as MfaMode;
  if (layout !== undefined) config.storageLayout = layout as StorageLayout;
  if (limits !== undefined) config.limits = { maxObjectBytes: limits.maxObjectBytes as number, quotaBytes: limits.quotaBytes as number };
  return { ok: true, config };
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
