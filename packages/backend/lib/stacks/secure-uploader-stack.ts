import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SecureUploaderAuth } from '../constructs/auth.js';
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
   * Keep every version of every object.
   * @default false
   */
  readonly versioned?: boolean;
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
} as const;

/** The whole secure-uploader backend: composition and outputs only. */
export class SecureUploaderStack extends Stack {
  readonly auth: SecureUploaderAuth;
  readonly storage: SecureUploaderStorage;

  constructor(scope: Construct, id: string, props: SecureUploaderStackProps = {}) {
    super(scope, id, props);
    this.auth = new SecureUploaderAuth(this, 'Auth', {
      allowGuests: props.allowGuests,
      removalPolicy: props.removalPolicy,
    });
    this.storage = new SecureUploaderStorage(this, 'Storage', {
      authenticatedRole: this.auth.authenticatedRole,
      guestRole: this.auth.allowGuests ? this.auth.unauthenticatedRole : undefined,
      allowedOrigins: props.allowedOrigins,
      versioned: props.versioned,
      removalPolicy: props.removalPolicy,
    });

    new CfnOutput(this, OUTPUT.region, { value: this.region, description: 'AWS region of the backend' });
    new CfnOutput(this, OUTPUT.userPoolId, { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, OUTPUT.userPoolClientId, { value: this.auth.userPoolClient.userPoolClientId });
    new CfnOutput(this, OUTPUT.identityPoolId, { value: this.auth.identityPool.ref });
    new CfnOutput(this, OUTPUT.bucket, { value: this.storage.bucket.bucketName });
    new CfnOutput(this, OUTPUT.passwordPolicy, { value: JSON.stringify(this.auth.passwordPolicy), description: 'Shown by the element while users choose a password' });
    new CfnOutput(this, OUTPUT.allowGuests, { value: String(this.auth.allowGuests) });
  }
}
