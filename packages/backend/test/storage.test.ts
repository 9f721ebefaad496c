import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { identityStatements, list, logicalIdOf, render, synthStack, type Statement } from './template-helpers.js';

const SUB = '${cognito-identity.amazonaws.com:sub}';
const OBJECT_ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'];

describe('bucket', () => {
  const { template } = synthStack();

  it('blocks every kind of public access and is encrypted', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
  });

  it('refuses every request that is not over TLS', () => {
    const bucket = logicalIdOf(template, 'AWS::S3::Bucket');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucket },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('answers CORS for the local demo origins by default, exposing ETag and error headers', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ['http://127.0.0.1:8080', 'http://localhost:8080'],
            AllowedMethods: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE'],
            AllowedHeaders: ['*'],
            ExposedHeaders: Match.arrayWith(['ETag', 'x-amz-request-id', 'x-amz-id-2', 'x-amz-meta-original-name']),
            MaxAge: 3000,
          },
        ],
      },
    });
  });

  it('takes CORS origins from the prop, and * only when asked for', () => {
    const origins = ['https://example.com', 'https://www.example.com:8443'];
    synthStack({ allowedOrigins: origins }).template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: origins })] },
    });
    synthStack({ allowedOrigins: ['*'] }).template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ['*'] })] },
    });
  });

  it('aborts incomplete multipart uploads after one day', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })],
      },
    });
  });

  it('versions objects only when asked', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: Match.absent() });
    synthStack({ versioned: true }).template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
    });
  });

  it('keeps the bucket when the stack is deleted', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

/** The statements of the policy attached to the role with the given `amr`, rendered readably. */
function roleStatements(allowGuests: boolean, amr: 'authenticated' | 'unauthenticated') {
  const { template } = synthStack({ allowGuests });
  const bucket = logicalIdOf(template, 'AWS::S3::Bucket');
  const roleId = Object.entries(template.findResources('AWS::IAM::Role')).find(
    ([, r]) => r.Properties.AssumeRolePolicyDocument.Statement[0].Condition['ForAnyValue:StringLike']['cognito-identity.amazonaws.com:amr'] === amr,
  )![0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as unknown[]).some((r) => render(r) === `<${roleId}>`),
  );
  const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]);
  return {
    arn: `<${bucket}.Arn>`,
    statements: statements.map((s) => ({
      Sid: s.Sid,
      Effect: s.Effect,
      Action: list(s.Action),
      Resource: list(s.Resource).map(render),
      Condition: s.Condition,
    })),
  };
}

describe('signed-in users', () => {
  const { arn, statements } = roleStatements(false, 'authenticated');

  it('have exactly three statements', () => {
    assert.deepEqual(statements.map((s) => s.Sid), ['OwnObjects', 'ReadProtectedObjects', 'ListOwnPrefixes']);
    for (const s of statements) assert.equal(s.Effect, 'Allow');
  });

  it('read, write and delete their own private/ and protected/ objects and public/', () => {
    const own = statements.find((s) => s.Sid === 'OwnObjects')!;
    assert.deepEqual(own.Action, OBJECT_ACTIONS);
    assert.deepEqual(own.Resource, [`${arn}/private/${SUB}/*`, `${arn}/protected/${SUB}/*`, `${arn}/public/*`]);
    assert.equal(own.Condition, undefined);
  });

  it('read, and only read, everyone\'s protected/ objects', () => {
    const read = statements.find((s) => s.Sid === 'ReadProtectedObjects')!;
    assert.deepEqual(read.Action, ['s3:GetObject']);
    assert.deepEqual(read.Resource, [`${arn}/protected/*`]);
  });

  it('list only public/, protected/ and their own private/ prefix', () => {
    const listing = statements.find((s) => s.Sid === 'ListOwnPrefixes')!;
    assert.deepEqual(listing.Action, ['s3:ListBucket']);
    assert.deepEqual(listing.Resource, [arn]);
    assert.deepEqual(listing.Condition, {
      StringLike: { 's3:prefix': ['public/', 'public/*', 'protected/', 'protected/*', `private/${SUB}/`, `private/${SUB}/*`] },
    });
  });
});

describe('guests', () => {
  it('get no permissions when guests are off', () => {
    assert.deepEqual(roleStatements(false, 'unauthenticated').statements, []);
  });

  it('read and list public/ only when guests are on', () => {
    const { arn, statements } = roleStatements(true, 'unauthenticated');
    assert.deepEqual(statements, [
      { Sid: 'GuestReadPublicObjects', Effect: 'Allow', Action: ['s3:GetObject'], Resource: [`${arn}/public/*`], Condition: undefined },
      {
        Sid: 'GuestListPublic',
        Effect: 'Allow',
        Action: ['s3:ListBucket'],
        Resource: [arn],
        Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } },
      },
    ]);
  });

  it('leave the signed-in policy unchanged', () => {
    assert.deepEqual(roleStatements(true, 'authenticated'), roleStatements(false, 'authenticated'));
  });
});

describe('no grant is broader than the layout', () => {
  for (const allowGuests of [false, true]) {
    const { template } = synthStack({ allowGuests });
    const allows = identityStatements(template).filter(({ statement }) => statement.Effect === 'Allow');
    const bucketPolicyAllows = Object.values(template.findResources('AWS::S3::BucketPolicy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => s.Effect === 'Allow');

    it(`grants no s3:* and no resource * (guests ${allowGuests ? 'on' : 'off'})`, () => {
      assert.ok(allows.length > 0);
      assert.deepEqual(bucketPolicyAllows, [], 'the bucket policy grants nothing');
      for (const { owner, statement } of allows) {
        for (const action of list(statement.Action)) {
          assert.ok(!action.includes('*'), `${owner} grants wildcard action ${action}`);
        }
        for (const resource of list(statement.Resource).map(render)) {
          assert.notEqual(resource, '*', `${owner} grants resource *`);
          assert.match(resource, /^<\w+\.Arn>(\/(public|protected|private)\/.*)?$/, `${owner} grants ${resource} outside the bucket`);
        }
      }
    });

    it(`bounds every s3:ListBucket by an s3:prefix naming public/, protected/ or the caller's own id (guests ${allowGuests ? 'on' : 'off'})`, () => {
      const listings = allows.filter(({ statement }) => list(statement.Action).includes('s3:ListBucket'));
      assert.ok(listings.length > 0);
      for (const { owner, statement } of listings) {
        assert.deepEqual(Object.keys(statement.Condition ?? {}), ['StringLike'], `${owner}: ListBucket only under StringLike`);
        assert.deepEqual(Object.keys(statement.Condition!.StringLike!), ['s3:prefix']);
        const prefixes = list(statement.Condition!.StringLike!['s3:prefix'] as string | string[]);
        for (const prefix of prefixes) {
          const bounded = prefix.startsWith('public/') || prefix.startsWith('protected/') || prefix.startsWith(`private/${SUB}/`);
          assert.ok(bounded, `${owner}: s3:prefix ${prefix} would let a caller list others' keys`);
        }
      }
    });

    it(`confines every private/ grant to the caller's own identity (guests ${allowGuests ? 'on' : 'off'})`, () => {
      for (const { owner, statement } of allows) {
        for (const resource of list(statement.Resource).map(render)) {
          if (resource.includes('/private/')) assert.ok(resource.includes(`/private/${SUB}/`), `${owner}: ${resource}`);
          if (resource.includes('/protected/') && list(statement.Action).some((a) => a !== 's3:GetObject')) {
            assert.ok(resource.includes(`/protected/${SUB}/`), `${owner} writes others' protected/: ${resource}`);
          }
        }
      }
    });
  }
});
