/**
 * Reads the rules of the synthesized CloudFormation template: what the local backend enforces
 * is what `cdk deploy` would create. Intrinsics (Ref, Fn::GetAtt, Fn::Join, Fn::Sub for plain
 * references) are resolved against the local backend's own resource ids.
 */
import type { MfaMode, PasswordPolicy } from '../lib/element-config.js';
import { LIMIT_ENV, type LimitSettings } from '../lib/limits/limits.js';
import { OUTPUT } from '../lib/stacks/secure-uploader-stack.js';
import { STORAGE_LAYOUTS, type StorageLayout } from '../../widget/src/lib/keys.js';
import type { Statement } from './iam/policy.js';

/** The ids the local backend uses for the template's resources. */
export interface PhysicalIds {
  region: string;
  accountId: string;
  userPoolId: string;
  userPoolClientId: string;
  identityPoolId: string;
  bucket: string;
}

export interface CorsRule {
  allowedOrigins: string[];
  allowedMethods: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAge?: number;
}

export interface RoleRules {
  arn: string;
  name: string;
  statements: Statement[];
}

export interface StackRules {
  passwordPolicy: PasswordPolicy;
  /** Attributes that may be used as the user name at sign-in, e.g. ['email']. */
  usernameAttributes: string[];
  autoVerifiedAttributes: string[];
  selfSignUp: boolean;
  /** The pool's software-token MFA, in the element's terms (MfaConfiguration OFF, OPTIONAL, ON); off when TOTP is not enabled. */
  mfa: MfaMode;
  client: {
    explicitAuthFlows: string[];
    generateSecret: boolean;
    preventUserExistenceErrors: boolean;
    accessTokenSeconds: number;
    idTokenSeconds: number;
    refreshTokenSeconds: number;
  };
  allowGuests: boolean;
  /** The identity pool asks the user pool whether a token was revoked (GlobalSignOut) before it gives credentials. */
  serverSideTokenCheck: boolean;
  roles: { authenticated: RoleRules; unauthenticated?: RoleRules };
  bucketPolicy: Statement[];
  cors: CorsRule[];
  /** Where the element keeps each level's files (the stack's StorageLayout output). */
  storageLayout: StorageLayout;
  /** The limits Lambda's settings, when the template has one (it runs in-process here). */
  limits?: LimitSettings;
  /** Things the template holds that the local backend cannot enforce; logged at start. */
  warnings: string[];
}

type CfnResource = { Type: string; Properties?: Record<string, unknown> };
type Template = { Resources: Record<string, CfnResource>; Outputs?: Record<string, { Value?: unknown }> };

export class TemplateError extends Error {}

export function readStackRules(template: unknown, ids: PhysicalIds): StackRules {
  const resources = (template as Template)?.Resources;
  if (!resources || typeof resources !== 'object') throw new TemplateError('the template has no Resources');
  const warnings: string[] = [];
  const one = (type: string): [string, Record<string, unknown>] => {
    const found = Object.entries(resources).filter(([, r]) => r.Type === type);
    if (found.length !== 1) throw new TemplateError(`expected exactly one ${type} in the template, found ${found.length}`);
    return [found[0]![0], found[0]![1].Properties ?? {}];
  };

  const [poolId, pool] = one('AWS::Cognito::UserPool');
  const [clientLogicalId, client] = one('AWS::Cognito::UserPoolClient');
  const [identityPoolLogicalId, identityPool] = one('AWS::Cognito::IdentityPool');
  const [bucketLogicalId, bucket] = one('AWS::S3::Bucket');

  // Every logical id the template can reference, with what Ref and Fn::GetAtt give locally.
  const refs: Record<string, string> = {
    'AWS::Region': ids.region,
    'AWS::AccountId': ids.accountId,
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::NoValue': '',
    [poolId]: ids.userPoolId,
    [clientLogicalId]: ids.userPoolClientId,
    [identityPoolLogicalId]: ids.identityPoolId,
    [bucketLogicalId]: ids.bucket,
  };
  const attributes: Record<string, string> = {
    [`${poolId}.Arn`]: `arn:aws:cognito-idp:${ids.region}:${ids.accountId}:userpool/${ids.userPoolId}`,
    [`${poolId}.ProviderName`]: `cognito-idp.${ids.region}.amazonaws.com/${ids.userPoolId}`,
    [`${poolId}.ProviderURL`]: `https://cognito-idp.${ids.region}.amazonaws.com/${ids.userPoolId}`,
    [`${bucketLogicalId}.Arn`]: `arn:aws:s3:::${ids.bucket}`,
    [`${bucketLogicalId}.DomainName`]: `${ids.bucket}.s3.amazonaws.com`,
  };
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::IAM::Role') {
      refs[logicalId] = logicalId;
      attributes[`${logicalId}.Arn`] = `arn:aws:iam::${ids.accountId}:role/${logicalId}`;
    }
  }
  const resolve = (value: unknown): unknown => resolveIntrinsics(value, refs, attributes);

  const policy = ((pool.Policies as Record<string, unknown>)?.PasswordPolicy ?? {}) as Record<string, unknown>;
  const passwordPolicy: PasswordPolicy = {
    minLength: Number(policy.MinimumLength ?? 8),
    requireLowercase: policy.RequireLowercase !== false,
    requireUppercase: policy.RequireUppercase !== false,
    requireNumbers: policy.RequireNumbers !== false,
    requireSymbols: policy.RequireSymbols !== false,
  };

  const units = (client.TokenValidityUnits ?? {}) as Record<string, string>;
  const seconds = (value: unknown, unit: string | undefined, fallbackSeconds: number) => {
    if (value === undefined) return fallbackSeconds;
    const factor = { seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit ?? 'x'];
    return Number(value) * (factor ?? 1);
  };
  // CloudFormation's defaults when a validity has no unit: hours for access/id, days for refresh.
  const clientRules = {
    explicitAuthFlows: (client.ExplicitAuthFlows as string[] | undefined) ?? ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH'],
    generateSecret: client.GenerateSecret === true,
    preventUserExistenceErrors: client.PreventUserExistenceErrors === 'ENABLED',
    accessTokenSeconds: seconds(client.AccessTokenValidity, units.AccessToken ?? 'hours', 3600),
    idTokenSeconds: seconds(client.IdTokenValidity, units.IdToken ?? 'hours', 3600),
    refreshTokenSeconds: seconds(client.RefreshTokenValidity, units.RefreshToken ?? 'days', 30 * 86400),
  };
  if (clientRules.generateSecret) warnings.push('the app client has a secret; browsers cannot keep one, and the local backend does not check SECRET_HASH');

  // Roles come from the identity pool's role attachment.
  const [, attachment] = one('AWS::Cognito::IdentityPoolRoleAttachment');
  const roleArns = resolve(attachment.Roles) as Record<string, string>;
  const roleRules = (arn: string | undefined): RoleRules | undefined => {
    if (!arn) return undefined;
    const name = arn.split('/').pop()!;
    const role = resources[name];
    if (!role || role.Type !== 'AWS::IAM::Role') throw new TemplateError(`role ${arn} of the identity pool is not in the template`);
    const statements: Statement[] = [];
    for (const inline of (role.Properties?.Policies as { PolicyDocument: { Statement: unknown[] } }[] | undefined) ?? []) {
      statements.push(...(resolve(inline.PolicyDocument.Statement) as Statement[]));
    }
    if (role.Properties?.ManagedPolicyArns) warnings.push(`role ${name} has managed policies; the local backend cannot read them and grants nothing from them`);
    for (const [policyId, resource] of Object.entries(resources)) {
      if (resource.Type !== 'AWS::IAM::Policy' && resource.Type !== 'AWS::IAM::ManagedPolicy') continue;
      const attachedRoles = (resolve(resource.Properties?.Roles ?? []) as string[]) ?? [];
      if (!attachedRoles.includes(name)) continue;
      const document = resource.Properties?.PolicyDocument as { Statement: unknown[] } | undefined;
      if (!document) throw new TemplateError(`policy ${policyId} has no PolicyDocument`);
      statements.push(...(resolve(document.Statement) as Statement[]));
    }
    return { arn, name, statements };
  };

  const bucketPolicy: Statement[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::S3::BucketPolicy') continue;
    if (resolve(resource.Properties?.Bucket) !== ids.bucket) continue;
    bucketPolicy.push(...(resolve((resource.Properties?.PolicyDocument as { Statement: unknown[] }).Statement) as Statement[]));
  }

  const corsRules = ((bucket.CorsConfiguration as { CorsRules?: Record<string, unknown>[] } | undefined)?.CorsRules ?? []).map(
    (rule): CorsRule => ({
      allowedOrigins: (rule.AllowedOrigins as string[]) ?? [],
      allowedMethods: (rule.AllowedMethods as string[]) ?? [],
      allowedHeaders: (rule.AllowedHeaders as string[]) ?? [],
      exposedHeaders: (rule.ExposedHeaders as string[]) ?? [],
      maxAge: rule.MaxAge === undefined ? undefined : Number(rule.MaxAge),
    }),
  );

  // The limits Lambda is the function whose environment carries the limit settings.
  let limits: LimitSettings | undefined;
  for (const resource of Object.values(resources)) {
    const variables = (resource.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    if (resource.Type !== 'AWS::Lambda::Function' || !variables || !(LIMIT_ENV.maxObjectBytes in variables)) continue;
    limits = { maxObjectBytes: Number(variables[LIMIT_ENV.maxObjectBytes]), quotaBytes: Number(variables[LIMIT_ENV.quotaBytes]) };
  }
  const layout = (template as Template).Outputs?.[OUTPUT.storageLayout]?.Value;
  const storageLayout: StorageLayout = STORAGE_LAYOUTS.includes(layout as StorageLayout) ? (layout as StorageLayout) : 'identity-folders';

  const authenticated = roleRules(roleArns.authenticated);
  if (!authenticated) throw new TemplateError('the identity pool has no authenticated role');
  return {
    passwordPolicy,
    usernameAttributes: (pool.UsernameAttributes as string[] | undefined) ?? [],
    autoVerifiedAttributes: (pool.AutoVerifiedAttributes as string[] | undefined) ?? [],
    selfSignUp: (pool.AdminCreateUserConfig as { AllowAdminCreateUserOnly?: boolean } | undefined)?.AllowAdminCreateUserOnly !== true,
    mfa: ((pool.EnabledMfas as string[] | undefined) ?? []).includes('SOFTWARE_TOKEN_MFA')
      ? (({ OPTIONAL: 'optional', ON: 'required' } as const)[pool.MfaConfiguration as 'OPTIONAL' | 'ON'] ?? 'off')
      : 'off',
    client: clientRules,
    allowGuests: identityPool.AllowUnauthenticatedIdentities === true,
    serverSideTokenCheck: ((identityPool.CognitoIdentityProviders as { ServerSideTokenCheck?: boolean }[] | undefined) ?? []).some((p) => p.ServerSideTokenCheck === true),
    roles: { authenticated, unauthenticated: roleRules(roleArns.unauthenticated) },
    bucketPolicy,
    cors: corsRules,
    storageLayout,
    ...(limits ? { limits } : {}),
    warnings,
  };
}

/** Resolves Ref, Fn::GetAtt, Fn::Join and Fn::Sub (with plain ${Name} references). */
export function resolveIntrinsics(value: unknown, refs: Record<string, string>, attributes: Record<string, string>): unknown {
  const recurse = (v: unknown) => resolveIntrinsics(v, refs, attributes);
  if (Array.isArray(value)) return value.map(recurse);
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const argument = object[key];
    if (key === 'Ref') {
      const name = String(argument);
      if (!(name in refs)) throw new TemplateError(`cannot resolve Ref ${name}`);
      return refs[name];
    }
    if (key === 'Fn::GetAtt') {
      const path = Array.isArray(argument) ? argument.join('.') : String(argument);
      if (!(path in attributes)) throw new TemplateError(`cannot resolve Fn::GetAtt ${path}`);
      return attributes[path];
    }
    if (key === 'Fn::Join') {
      const [separator, parts] = argument as [string, unknown[]];
      return (recurse(parts) as unknown[]).map(String).join(separator);
    }
    if (key === 'Fn::Sub' && typeof argument === 'string') {
      return argument.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
        if (name in refs) return refs[name]!;
        if (name in attributes) return attributes[name]!;
        return whole; // an IAM policy variable such as ${aws:username}: left for the evaluator
      });
    }
    if (key.startsWith('Fn::')) throw new TemplateError(`the local backend does not resolve ${key}`);
  }
  return Object.fromEntries(keys.map((k) => [k, recurse(object[k])]));
}
