/**
 * Access decisions for S3 requests, apart from HTTP: the caller's role (signed-in or guest)
 * and identity, the action and resource, evaluated against the role's statements and the
 * bucket policy from the template. A construct the evaluator does not understand grants
 * nothing and is logged once.
 */
import { S3Error } from '../errors.js';
import { evaluate, type AccessRequest, type Decision } from '../iam/policy.js';
import type { Logger } from '../log.js';
import type { CredentialRecord } from '../model.js';
import type { StackRules } from '../template.js';

export type Caller = Pick<CredentialRecord, 'identityId' | 'role'>;

export class S3Access {
  /** Policy constructs already reported as not understood. */
  private readonly reported = new Set<string>();

  constructor(
    private readonly rules: Pick<StackRules, 'roles' | 'bucketPolicy'>,
    private readonly ids: () => { bucket: string; identityPoolId: string },
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  bucketArn(): string {
    return `arn:aws:s3:::${this.ids().bucket}`;
  }

  objectArn(key: string): string {
    return `${this.bucketArn()}/${key}`;
  }

  decide(caller: Caller, action: string, resource: string, context: AccessRequest['context'] = {}): Decision {
    const role = caller.role === 'authenticated' ? this.rules.roles.authenticated : this.rules.roles.unauthenticated;
    const decision = evaluate(role?.statements ?? [], this.rules.bucketPolicy, {
      action,
      resource,
      context,
      variables: {
        'cognito-identity.amazonaws.com:sub': caller.identityId,
        'cognito-identity.amazonaws.com:aud': this.ids().identityPoolId,
      },
    });
    for (const part of decision.notUnderstood) {
      // Once per construct, not once per request.
      if (this.reported.has(part)) continue;
      this.reported.add(part);
      this.log.warn(`iam: the local backend does not understand ${part}; it grants nothing by it`);
    }
    return decision;
  }

  /** Throws S3's AccessDenied unless the caller may; the log says which statement decided. */
  authorize(caller: Caller, action: string, resource: string, context: AccessRequest['context'] = {}): void {
    const decision = this.decide(caller, action, resource, context);
    if (decision.allowed) return;
    this.log.warn(`s3: AccessDenied for ${caller.role} identity ${caller.identityId}: ${decision.reason}`);
    throw new S3Error('AccessDenied', 'Access Denied', 403);
  }

  /**
   * The error for a key that does not exist: S3 answers 404 NoSuchKey only to callers whose
   * ListBucket grant matches the request (one bounded by an `s3:prefix` condition does not),
   * and 403 AccessDenied to everyone else, so a missing key reveals nothing.
   */
  missingKey(caller: Caller, key: string, context: AccessRequest['context'] = {}): S3Error {
    if (this.decide(caller, 's3:ListBucket', this.bucketArn(), context).allowed) {
      return new S3Error('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
    }
    this.log.warn(`s3: ${key} does not exist; answering 403 because the caller may not list the bucket (as S3 does)`);
    return new S3Error('AccessDenied', 'Access Denied', 403);
  }
}
