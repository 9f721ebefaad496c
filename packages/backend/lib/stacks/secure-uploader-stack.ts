import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AccessRules } from '../constructs/access-rules.js';
import { SecureUploaderAuth, type MfaMode } from '../constructs/auth.js';
import { SecureUploaderLimits } from '../constructs/limits.js';
import { SecureUploaderStorage } from '../constructs/storage.js';

export interface SecureUploaderStackProps extends StackProps {
  /**
   * Origins of the sites that embed the element.
   * @default the local demo origins
   */
  readonly allowedOrigins?: readonly string[];
  /**
   * Give visitors who have not signed in guest identities that may read `public/`.
   * @default false
   */
  readonly allowGuests?: boolean;
  /**
   * RETAIN keeps users and files when the stack is deleted; DESTROY is for development.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Who may read, list, write and delete under each key prefix (see `ACCESS_PRESETS`).
   * @default ACCESS_PRESETS.ownerWrites
   */
  readonly access?: AccessRules;
  /**
   * Keep overwritten and deleted versions for `keepOldVersionsFor`.
   * @default true
   */
  readonly versioned?: boolean;
  /**
   * How long overwritten and deleted versions are kept.
   * @default 30 days
   */
  readonly keepOldVersionsFor?: Duration;
  /**
   * Let visitors create their own accounts.
   * @default true
   */
  readonly selfSignUp?: boolean;
  /**
   * Sign-in with an authenticator app: off, optional (each user chooses) or required.
   * @default 'optional'
   */
  readonly mfa?: MfaMode;
  /**
   * How long a sign-in lasts without the password (the refresh token's lifetime).
   * @default 7 days
   */
  readonly refreshTokenValidity?: Duration;
  /**
   * Largest object, in bytes, enforced on AWS after upload.
   * @default 5 GiB
   */
  readonly maxObjectBytes?: number;
  /**
   * Most bytes one identity may keep, enforced on AWS after upload.
   * @default 10 GiB
   */
  readonly quotaBytes?: number;
}

/** Names of the stack outputs; `bin/outputs-to-config.ts` turns them into the element's config. */
export const OUTPUT = {
  region: 'Region',
  userPoolId: 'UserPoolId',
  userPoolClientId: 'UserPoolClientId',
  identityPoolId: 'IdentityPoolId',
  bucket: 'BucketName',
  passwordPolicy: 'PasswordPolicy',
  allowGuests: 'AllowGuests',
  selfSignUp: 'SelfSignUp',
  mfa: 'Mfa',
  storageLayout: 'StorageLayout',
  limits: 'StorageLimits',
} as const;

/** The whole secure-uploader backend: composition and outputs only. */
export class SecureUploaderStack extends Stack {
  readonly auth: SecureUploaderAuth;
  readonly storage: SecureUploaderStorage;
  readonly limits: SecureUploaderLimits;

  constructor(scope: Construct, id: string, props: SecureUploaderStackProps = {}) {
    super(scope, id, props);
    this.auth = new SecureUploaderAuth(this, 'Auth', {
      allowGuests: props.allowGuests,
      selfSignUp: props.selfSignUp,
      mfa: props.mfa,
      refreshTokenValidity: props.refreshTokenValidity,
      removalPolicy: props.removalPolicy,
    });
    this.storage = new SecureUploaderStorage(this, 'Storage', {
      authenticatedRole: this.auth.authenticatedRole,
      guestRole: this.auth.allowGuests ? this.auth.unauthenticatedRole : undefined,
      allowedOrigins: props.allowedOrigins,
      access: props.access,
      versioned: props.versioned,
      keepOldVersionsFor: props.keepOldVersionsFor,
      removalPolicy: props.removalPolicy,
    });
    this.limits = new SecureUploaderLimits(this, 'Limits', {
      bucket: this.storage.bucket,
      maxObjectBytes: props.maxObjectBytes,
      quotaBytes: props.quotaBytes,
    });

    new CfnOutput(this, OUTPUT.region, { value: this.region, description: 'AWS region of the backend' });
    new CfnOutput(this, OUTPUT.userPoolId, { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, OUTPUT.userPoolClientId, { value: this.auth.userPoolClient.userPoolClientId });
    new CfnOutput(this, OUTPUT.identityPoolId, { value: this.auth.identityPool.ref });
    new CfnOutput(this, OUTPUT.bucket, { value: this.storage.bucket.bucketName });
    new CfnOutput(this, OUTPUT.passwordPolicy, { value: JSON.stringify(this.auth.passwordPolicy), description: 'Shown by the element while users choose a password' });
    new CfnOutput(this, OUTPUT.allowGuests, { value: String(this.auth.allowGuests) });
    new CfnOutput(this, OUTPUT.selfSignUp, { value: String(this.auth.selfSignUp) });
    new CfnOutput(this, OUTPUT.mfa, { value: this.auth.mfa, description: 'Sign-in with an authenticator app: off, optional or required' });
    new CfnOutput(this, OUTPUT.storageLayout, { value: this.storage.layout, description: 'Where the element keeps each level\'s files' });
    new CfnOutput(this, OUTPUT.limits, { value: JSON.stringify(this.limits.settings), description: 'Server-side limits, shown by the element' });
  }
}
