import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Match } from 'aws-cdk-lib/assertions';
import { Duration } from 'aws-cdk-lib';
import { ACCESS_PRESETS } from '../lib/constructs/access-rules.js';
import { WRITE_ACTIONS } from '../lib/constructs/storage.js';
import { RESUMABLE_FOR_MS } from '../../widget/src/lib/files.js';
import type { SecureUploaderStackProps } from '../lib/stacks/secure-uploader-stack.js';
import { identityPoolRoles, identityStatements, list, logicalIdOf, render, synthStack, type Statement } from './template-helpers.js';

const SUB = '${cognito-identity.amazonaws.com:sub}';

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

  it('aborts incomplete multipart uploads when the element stops resuming them', () => {
    // The element forgets and aborts a remembered upload after RESUMABLE_FOR_MS: the same day.
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: RESUMABLE_FOR_MS / 86_400_000 } })]) },
    });
  });

  it('aborts incomplete multipart uploads after one day, and removes old versions after 30 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          Match.objectLike({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } }),
          Match.objectLike({ Status: 'Enabled', NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true }),
        ],
      },
    });
    synthStack({ keepOldVersionsFor: Duration.days(7) }).template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } })]) },
    });
  });

  it('versions objects by default, so an overwrite or delete can be undone; off when asked', () => {
    template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
    const off = synthStack({ versioned: false }).template;
    off.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: Match.absent() });
    off.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })] } });
  });

  it('refuses TLS older than 1.2', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Principal: { AWS: '*' }, Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
        ]),
      },
    });
  });

  it('keeps the bucket when the stack is deleted', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

/** The statements of the policy attached to the role with the given `amr`, rendered readably. */
function roleStatements(props: SecureUploaderStackProps, amr: 'authenticated' | 'unauthenticated') {
  const { template } = synthStack(props);
  const bucket = logicalIdOf(template, 'AWS::S3::Bucket');
  const roleId = Object.entries(identityPoolRoles(template)).find(
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
      Action: list(s.Action),
      Resource: list(s.Resource).map(render),
      Condition: s.Condition,
    })),
  };
}

const STANDARD_ONLY = { StringEqualsIfExists: { 's3:x-amz-storage-class': 'STANDARD' } };

describe('signed-in users, default rules: their own folders, and reading others\' shared files', () => {
  const { arn, statements } = roleStatements({}, 'authenticated');
  const own = (level: string) => `${arn}/${level}/${SUB}/*`;

  it('have exactly these four statements', () => {
    assert.deepEqual(statements, [
      { Sid: 'GetObjects', Action: ['s3:GetObject'], Resource: [own('private'), own('protected'), `${arn}/protected/*/*`, own('public'), `${arn}/public/*/*`], Condition: undefined },
      { Sid: 'WriteObjects', Action: WRITE_ACTIONS, Resource: [own('private'), own('protected'), own('public')], Condition: STANDARD_ONLY },
      { Sid: 'DeleteObjects', Action: ['s3:DeleteObject'], Resource: [own('private'), own('protected'), own('public')], Condition: undefined },
      {
        Sid: 'ListPrefixes',
        Action: ['s3:ListBucket'],
        Resource: [arn],
        Condition: { StringLike: { 's3:prefix': [`private/${SUB}/`, `private/${SUB}/*`, `protected/${SUB}/`, `protected/${SUB}/*`, `public/${SUB}/`, `public/${SUB}/*`, 'public/', 'public/*'] } },
      },
    ]);
  });
});

describe('signed-in users, Amplify Gen 1 preset: the layout the stack had before, public/ shared', () => {
  const { arn, statements } = roleStatements({ access: ACCESS_PRESETS.amplifyGen1 }, 'authenticated');
  const own = (level: string) => `${arn}/${level}/${SUB}/*`;

  it('write and delete all of public/, and list every identity\'s protected/ files', () => {
    assert.deepEqual(statements, [
      { Sid: 'GetObjects', Action: ['s3:GetObject'], Resource: [own('private'), own('protected'), `${arn}/protected/*/*`, `${arn}/public/*`], Condition: undefined },
      { Sid: 'WriteObjects', Action: WRITE_ACTIONS, Resource: [own('private'), own('protected'), `${arn}/public/*`], Condition: STANDARD_ONLY },
      { Sid: 'DeleteObjects', Action: ['s3:DeleteObject'], Resource: [own('private'), own('protected'), `${arn}/public/*`], Condition: undefined },
      {
        Sid: 'ListPrefixes',
        Action: ['s3:ListBucket'],
        Resource: [arn],
        Condition: { StringLike: { 's3:prefix': [`private/${SUB}/`, `private/${SUB}/*`, `protected/${SUB}/`, `protected/${SUB}/*`, 'protected/', 'protected/*', 'public/', 'public/*'] } },
      },
    ]);
  });
});

describe('guests', () => {
  it('get no permissions when guests are off', () => {
    assert.deepEqual(roleStatements({ allowGuests: false }, 'unauthenticated').statements, []);
  });

  it('read and list public/ only when guests are on', () => {
    const { arn, statements } = roleStatements({ allowGuests: true }, 'unauthenticated');
    assert.deepEqual(statements, [
      { Sid: 'GetObjects', Action: ['s3:GetObject'], Resource: [`${arn}/public/*/*`], Condition: undefined },
      { Sid: 'ListPrefixes', Action: ['s3:ListBucket'], Resource: [arn], Condition: { StringLike: { 's3:prefix': ['public/', 'public/*'] } } },
    ]);
  });

  it('leave the signed-in policy unchanged', () => {
    assert.deepEqual(roleStatements({ allowGuests: true }, 'authenticated'), roleStatements({ allowGuests: false }, 'authenticated'));
  });
});

describe('no grant to visitors is broader than the default rules', () => {
  for (const allowGuests of [false, true]) {
    const { template } = synthStack({ allowGuests });
    const visitorRoles = Object.keys(identityPoolRoles(template));
    const allows = identityStatements(template).filter(
      ({ owner, statement }) => statement.Effect === 'Allow' && template.toJSON().Resources[owner].Properties.Roles?.some((r: unknown) => visitorRoles.includes(render(r).slice(1, -1))),
    );
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
          const bounded = prefix.startsWith('public/') || prefix.startsWith(`protected/${SUB}/`) || prefix.startsWith(`private/${SUB}/`);
          assert.ok(bounded, `${owner}: s3:prefix ${prefix} would let a caller list others' keys`);
        }
      }
    });

    it(`confines every private/ grant, and every write or delete at any level, to the caller's own identity (guests ${allowGuests ? 'on' : 'off'})`, () => {
      for (const { owner, statement } of allows) {
        for (const resource of list(statement.Resource).map(render)) {
          if (resource.includes('/private/')) assert.ok(resource.includes(`/private/${SUB}/`), `${owner}: ${resource}`);
          if (list(statement.Action).some((a) => a !== 's3:GetObject' && a !== 's3:ListBucket')) {
            assert.match(resource, new RegExp(`/(private|protected|public)/${SUB.replace(/[${}.]/g, '\\$&')}/\\*$`), `${owner} may change others' files: ${resource}`);
          }
        }
      }
    });
  }
});
