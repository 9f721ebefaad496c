import { App, RemovalPolicy, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SecureUploaderStack, type SecureUploaderStackProps } from './stacks/secure-uploader-stack.js';
import { InvalidPropError } from './constructs/validation.js';
import { ACCESS_PRESETS, type AccessPreset } from './constructs/access-rules.js';
import { MFA_MODES, type MfaMode } from './constructs/auth.js';
import { LOCAL_DEMO_ORIGINS } from './constructs/defaults.js';

/** Name of the stack, and so of its template file in cdk.out. */
export const STACK_NAME = 'SecureUploader';

/**
 * Context keys a user can pass to `cdk synth` / `cdk deploy` with `-c key=value`
 * (or in cdk.json) instead of editing code.
 */
export const CONTEXT = {
  /** Comma-separated origins, e.g. `https://example.com,https://www.example.com`. */
  allowedOrigins: 'allowedOrigins',
  /** `true` gives guests read access to public/. */
  allowGuests: 'allowGuests',
  /** `retain` (default) or `destroy`. */
  removalPolicy: 'removalPolicy',
  /** `false` turns bucket versioning off. */
  versioned: 'versioned',
  /** `false` lets only an administrator create users. */
  selfSignUp: 'selfSignUp',
  /** `off`, `optional` (default) or `required`: sign-in with an authenticator app. */
  mfa: 'mfa',
  /** Largest object in bytes, enforced after upload (default 5 GiB). */
  maxObjectBytes: 'maxObjectBytes',
  /** Most bytes one identity may keep (default 10 GiB). */
  quotaBytes: 'quotaBytes',
  /** `ownerWrites` (default) or `amplifyGen1`: the access rules (ACCESS_PRESETS). */
  access: 'access',
  /**
   * `true` allows a stack whose only origins are on this machine (the local backend sets it);
   * without it the app refuses, so `cdk deploy` never ships the demo's localhost origins.
   */
  localOnly: 'localOnly',
} as const;

function contextBoolean(app: App, key: string): boolean | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InvalidPropError('cdk context', key, `must be "true" or "false", got ${JSON.stringify(value)}`);
}

function contextBytes(app: App, key: string): number | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  const bytes = Number(value);
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new InvalidPropError('cdk context', key, `must be a whole number of bytes, got ${JSON.stringify(value)}`);
  return bytes;
}

/** Reads the stack props from the app's context, failing with one clear error on a bad value. */
export function stackPropsFromContext(app: App): SecureUploaderStackProps {
  const origins: unknown = app.node.tryGetContext(CONTEXT.allowedOrigins);
  let allowedOrigins: string[] | undefined;
  if (Array.isArray(origins)) allowedOrigins = origins.map(String);
  else if (typeof origins === 'string') allowedOrigins = origins.split(',').map((o) => o.trim()).filter((o) => o !== '');
  else if (origins !== undefined) {
    throw new InvalidPropError('cdk context', CONTEXT.allowedOrigins, 'must be a comma-separated list of origins');
  }

  const removal: unknown = app.node.tryGetContext(CONTEXT.removalPolicy);
  let removalPolicy: RemovalPolicy | undefined;
  if (removal === 'retain') removalPolicy = RemovalPolicy.RETAIN;
  else if (removal === 'destroy') removalPolicy = RemovalPolicy.DESTROY;
  else if (removal !== undefined) {
    throw new InvalidPropError('cdk context', CONTEXT.removalPolicy, `must be "retain" or "destroy", got ${JSON.stringify(removal)}`);
  }

  const preset: unknown = app.node.tryGetContext(CONTEXT.access);
  if (preset !== undefined && !(typeof preset === 'string' && preset in ACCESS_PRESETS)) {
    throw new InvalidPropError('cdk context', CONTEXT.access, `must be one of ${Object.keys(ACCESS_PRESETS).join(', ')}, got ${JSON.stringify(preset)}`);
  }

  if (contextBoolean(app, CONTEXT.localOnly) !== true && (allowedOrigins ?? LOCAL_DEMO_ORIGINS).every(isLocalOrigin)) {
    throw new InvalidPropError(
      'cdk context',
      CONTEXT.allowedOrigins,
      'names only origins on this machine, so no deployed site could use the stack; give your sites with -c allowedOrigins=https://example.com (or -c localOnly=true for a stack only this machine uses)',
    );
  }

  return {
    allowedOrigins,
    allowGuests: contextBoolean(app, CONTEXT.allowGuests),
    removalPolicy,
    versioned: contextBoolean(app, CONTEXT.versioned),
    selfSignUp: contextBoolean(app, CONTEXT.selfSignUp),
    access: preset === undefined ? undefined : ACCESS_PRESETS[preset as AccessPreset],
    mfa: contextMfa(app),
    maxObjectBytes: contextBytes(app, CONTEXT.maxObjectBytes),
    quotaBytes: contextBytes(app, CONTEXT.quotaBytes),
  };
}

function contextMfa(app: App): MfaMode | undefined {
  const value: unknown = app.node.tryGetContext(CONTEXT.mfa);
  if (value === undefined) return undefined;
  if (!MFA_MODES.includes(value as MfaMode)) throw new InvalidPropError('cdk context', CONTEXT.mfa, `must be one of ${MFA_MODES.join(', ')}, got ${JSON.stringify(value)}`);
  return value as MfaMode;
}

/** An origin only this machine serves: localhost, 127.0.0.0/8 or [::1]. */
function isLocalOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname;
    return host === 'localhost' || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';
  } catch {
    return false;
  }
}

/**
 * The CDK app: one SecureUploader stack, checked by cdk-nag's AwsSolutions pack at synth
 * (a finding without an acknowledgement stops the synth).
 */
export function createApp(appProps: AppProps = {}): { app: App; stack: SecureUploaderStack } {
  const app = new App(appProps);
  const stack = new SecureUploaderStack(app, STACK_NAME, {
    ...stackPropsFromContext(app),
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    description: 'secure-uploader: Cognito sign-in and per-user S3 storage for the <secure-uploader> element',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
