import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CreateMultipartUploadCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SecureUploaderStack } from '../../lib/stacks/secure-uploader-stack.js';
import { newUserWithS3, startTestBackend, synthForTest } from './harness.js';

const errorName = (error: unknown) => (error as { name?: string }).name;

/** The stack as a user would change it in their own CDK code, synthesized. */
function stackTemplate(change: (stack: SecureUploaderStack) => void): unknown {
  const stack = new SecureUploaderStack(new App(), 'Variant');
  change(stack);
  return Template.fromStack(stack).toJSON();
}

describe('the local backend enforces the stack it is given', () => {
  it('a statement added in CDK grants what it says: ListMultipartUploads on the caller\'s own prefix', async () => {
    const template = stackTemplate((stack) =>
      stack.storage.authenticatedPolicy.addStatements(
        new iam.PolicyStatement({
          sid: 'ListOwnUploads',
          actions: ['s3:ListBucketMultipartUploads'],
          resources: [stack.storage.bucket.bucketArn],
          conditions: { StringLike: { 's3:prefix': ['private/${cognito-identity.amazonaws.com:sub}/*'] } },
        }),
      ),
    );
    const t = await startTestBackend({ template });
    try {
      const Bucket = t.backend.config.bucket;
      const user = await newUserWithS3(t.backend);
      const own = `private/${user.credentials.identityId}/`;
      await user.s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${own}resume-me.bin` }));
      const listed = await user.s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: own }));
      assert.deepEqual(listed.Uploads?.map((u) => u.Key), [`${own}resume-me.bin`]);
      await assert.rejects(user.s3.send(new ListMultipartUploadsCommand({ Bucket, Prefix: 'private/' })), (e) => errorName(e) === 'AccessDenied');
    } finally {
      await t.stop();
    }
  });

  it('a resource removed from the template is no longer granted', async () => {
    const template = structuredClone(await synthForTest()) as { Resources: Record<string, { Type: string; Properties: { PolicyDocument?: { Statement: { Sid?: string; Resource: unknown[] }[] } } }> };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::IAM::Policy') continue;
      const own = resource.Properties.PolicyDocument!.Statement.find((s) => s.Sid === 'WriteObjects');
      if (own) own.Resource = own.Resource.filter((r) => !JSON.stringify(r).includes('/protected/'));
    }
    const t = await startTestBackend({ template });
    try {
      const Bucket = t.backend.config.bucket;
      const user = await newUserWithS3(t.backend);
      await user.s3.send(new PutObjectCommand({ Bucket, Key: `private/${user.credentials.identityId}/ok.txt`, Body: 'ok' }));
      await assert.rejects(user.s3.send(new PutObjectCommand({ Bucket, Key: `protected/${user.credentials.identityId}/no.txt`, Body: 'no' })), (e) => errorName(e) === 'AccessDenied');
    } finally {
      await t.stop();
    }
  });

  it('a condition it does not understand grants nothing, and the log says why', async () => {
    const template = stackTemplate((stack) =>
      stack.storage.authenticatedPolicy.addStatements(
        new iam.PolicyStatement({
          sid: 'TeamOnly',
          actions: ['s3:PutObject'],
          resources: [stack.storage.bucket.arnForObjects('team/*')],
          conditions: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        }),
      ),
    );
    const t = await startTestBackend({ template });
    try {
      const user = await newUserWithS3(t.backend);
      await assert.rejects(user.s3.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key: 'team/x.txt', Body: 'x' })), (e) => errorName(e) === 'AccessDenied');
      assert.ok(t.log.some((line) => /does not understand condition key aws:PrincipalTag\/team/.test(line)), t.log.join('\n'));
    } finally {
      await t.stop();
    }
  });

  it('CORS comes from the template: an allowed origin is answered, another is refused', async () => {
    const t = await startTestBackend({ context: { allowedOrigins: 'https://app.example.com' } });
    try {
      const preflight = (origin: string) =>
        fetch(`${t.backend.url}/${t.backend.config.bucket}/private/x/y.png`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,x-amz-date,content-type' },
        });
      const allowed = await preflight('https://app.example.com');
      assert.equal(allowed.status, 200);
      assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://app.example.com');
      assert.match(allowed.headers.get('access-control-allow-methods')!, /PUT/);
      assert.equal(allowed.headers.get('access-control-max-age'), '3000');
      assert.match(allowed.headers.get('access-control-expose-headers')!, /ETag/);
      const refused = await preflight('http://127.0.0.1:8080');
      assert.equal(refused.status, 403);
      assert.ok(t.log.some((line) => /CORS preflight refused for origin http:\/\/127\.0\.0\.1:8080/.test(line)));
    } finally {
      await t.stop();
    }
  });
});
