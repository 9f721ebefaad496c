import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate, type AccessRequest, type Statement } from '../../local/iam/policy.js';

const SUB = '${cognito-identity.amazonaws.com:sub}';
const BUCKET = 'arn:aws:s3:::b';
const ME = 'us-east-1:11111111-1111-1111-1111-111111111111';
const OTHER = 'us-east-1:22222222-2222-2222-2222-222222222222';

// The statements the stack emits for signed-in users (see lib/constructs/storage.ts).
const stack: Statement[] = [
  { Sid: 'OwnObjects', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'], Resource: [`${BUCKET}/private/${SUB}/*`, `${BUCKET}/public/*`] },
  { Sid: 'ListOwnPrefixes', Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET, Condition: { StringLike: { 's3:prefix': ['public/', 'public/*', `private/${SUB}/`, `private/${SUB}/*`] } } },
];
const tlsOnly: Statement[] = [{ Effect: 'Deny', Principal: { AWS: '*' }, Action: 's3:*', Resource: [BUCKET, `${BUCKET}/*`], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }];

const request = (action: string, resource: string, context: AccessRequest['context'] = {}): AccessRequest => ({
  action,
  resource,
  context: { 'aws:securetransport': 'true', ...context },
  variables: { 'cognito-identity.amazonaws.com:sub': ME },
});

describe('IAM evaluation of the stack\'s statements', () => {
  const cases: [string, AccessRequest, boolean][] = [
    ['own private object', request('s3:GetObject', `${BUCKET}/private/${ME}/a.png`), true],
    ['own private object, action in other case', request('S3:getobject', `${BUCKET}/private/${ME}/a.png`), true],
    ['another identity\'s private object', request('s3:GetObject', `${BUCKET}/private/${OTHER}/a.png`), false],
    ['a prefix that only starts like mine', request('s3:GetObject', `${BUCKET}/private/${ME}x/a.png`), false],
    ['the private/ root', request('s3:PutObject', `${BUCKET}/private/a.png`), false],
    ['public object', request('s3:DeleteObject', `${BUCKET}/public/x/y.txt`), true],
    ['an action not granted', request('s3:PutObjectAcl', `${BUCKET}/private/${ME}/a.png`), false],
    ['list my prefix', request('s3:ListBucket', BUCKET, { 's3:prefix': `private/${ME}/photos/` }), true],
    ['list another\'s prefix', request('s3:ListBucket', BUCKET, { 's3:prefix': `private/${OTHER}/` }), false],
    ['list private/', request('s3:ListBucket', BUCKET, { 's3:prefix': 'private/' }), false],
    ['list with no prefix', request('s3:ListBucket', BUCKET), false],
    ['list public/', request('s3:ListBucket', BUCKET, { 's3:prefix': 'public/' }), true],
  ];
  for (const [name, req, allowed] of cases) {
    it(`${allowed ? 'allows' : 'denies'} ${name}`, () => {
      assert.equal(evaluate(stack, tlsOnly, req).allowed, allowed);
    });
  }

  it('denies everything without TLS when the bucket policy says so', () => {
    const decision = evaluate(stack, tlsOnly, request('s3:GetObject', `${BUCKET}/private/${ME}/a.png`, { 'aws:securetransport': 'false' }));
    assert.equal(decision.allowed, false);
    assert.match(decision.reason, /explicitly denied by bucket policy/);
  });

  it('does not let a wildcard in an identity id widen a grant', () => {
    const decision = evaluate(stack, [], { ...request('s3:GetObject', `${BUCKET}/private/anything/a.png`), variables: { 'cognito-identity.amazonaws.com:sub': '*' } });
    assert.equal(decision.allowed, false);
  });

  it('an explicit Deny wins over an Allow', () => {
    const deny: Statement = { Effect: 'Deny', Action: 's3:DeleteObject', Resource: `${BUCKET}/public/*` };
    assert.equal(evaluate([...stack, deny], [], request('s3:DeleteObject', `${BUCKET}/public/a`)).allowed, false);
  });

  describe('denies what it does not understand, and says so', () => {
    const understood = (statement: Statement, req = request('s3:GetObject', `${BUCKET}/x`)) => evaluate([statement], [], req);

    it('an unknown condition key on an Allow grants nothing', () => {
      const decision = understood({ Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/x`, Condition: { StringEquals: { 'aws:PrincipalTag/team': 'a' } } });
      assert.equal(decision.allowed, false);
      assert.match(decision.reason, /not understood.*condition key aws:PrincipalTag\/team/);
    });

    it('an unknown operator, NotAction and an unknown policy variable grant nothing', () => {
      for (const statement of [
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/x`, Condition: { DateGreaterThan: { 's3:prefix': '2020' } } },
        { Effect: 'Allow', NotAction: 's3:PutObject', Resource: `${BUCKET}/x` },
        { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/\${aws:username}` },
      ] as Statement[]) {
        const decision = understood(statement);
        assert.equal(decision.allowed, false, JSON.stringify(statement));
        assert.ok(decision.notUnderstood.length > 0);
      }
    });

    it('a Deny it cannot fully read refuses', () => {
      const decision = evaluate([...stack, { Effect: 'Deny', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }], [], request('s3:GetObject', `${BUCKET}/public/a`));
      assert.equal(decision.allowed, false);
      assert.match(decision.reason, /does not understand/);
    });
  });

  it('supports ForAnyValue, StringNotLike, Null and ${*} literals', () => {
    const statement = (Condition: Statement['Condition'], Resource = `${BUCKET}/*`): Statement => ({ Effect: 'Allow', Action: 's3:ListBucket', Resource, Condition });
    const list = (prefix?: string) => request('s3:ListBucket', `${BUCKET}/*`, prefix === undefined ? {} : { 's3:prefix': prefix });
    assert.equal(evaluate([statement({ 'ForAnyValue:StringLike': { 's3:prefix': 'a/*' } })], [], list('a/b')).allowed, true);
    assert.equal(evaluate([statement({ 'ForAnyValue:StringLike': { 's3:prefix': 'a/*' } })], [], list()).allowed, false);
    assert.equal(evaluate([statement({ StringNotLike: { 's3:prefix': 'secret/*' } })], [], list('public/x')).allowed, true);
    assert.equal(evaluate([statement({ StringNotLike: { 's3:prefix': 'secret/*' } })], [], list('secret/x')).allowed, false);
    assert.equal(evaluate([statement({ Null: { 's3:prefix': 'true' } })], [], list()).allowed, true);
    assert.equal(evaluate([statement({ Null: { 's3:prefix': 'false' } })], [], list()).allowed, false);
    assert.equal(evaluate([statement(undefined, `${BUCKET}/\${*}`)], [], request('s3:ListBucket', `${BUCKET}/*`)).allowed, true);
    assert.equal(evaluate([statement(undefined, `${BUCKET}/\${*}`)], [], request('s3:ListBucket', `${BUCKET}/anything`)).allowed, false);
  });
});
