import { App, RemovalPolicy, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SecureUploaderStack, type SecureUploaderStackProps } from './stacks/secure-uploader-stack.js';
import { InvalidPropError } from './constructs/validation.js';

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
  /** `true` turns on bucket versioning. */
  versioned: 'versioned',
} as const;

function contextBoolean(app: App, key: string): boolean | undefined {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InvalidPropError('cdk context', key, `must be "true" or "false", got ${JSON.stringify(value)}`);
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

  return {
    allowedOrigins,
    allowGuests: contextBoolean(app, CONTEXT.allowGuests),
    removalPolicy,
    versioned: contextBoolean(app, CONTEXT.versioned),
  };
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
