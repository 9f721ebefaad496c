// Who may do what to whose files: every cell written out, for the stack's default access rules
// and for the Amplify Gen 1 preset, decided by the local backend's IAM evaluator on the
// template the CDK app really synthesizes (roles' policies and the bucket policy together).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { S3Access, type Caller } from '../../local/s3/access.js';
import { readStackRules } from '../../local/template.js';
import { synthForTest, TEST_IDS } from './harness.js';

const ids = TEST_IDS;
const OWNER = 'us-east-1:11111111-1111-1111-1111-111111111111';
const callers: Record<'owner' | 'other' | 'guest', Caller> = {
  owner: { role: 'authenticated', identityId: OWNER },
  other: { role: 'authenticated', identityId: 'us-east-1:22222222-2222-2222-2222-222222222222' },
  guest: { role: 'unauthenticated', identityId: 'us-east-1:33333333-3333-3333-3333-333333333333' },
};
const TLS = { 'aws:securetransport': 'true', 's3:tlsversion': '1.3' };

type Operation = 'get' | 'put' | 'delete' | 'abort' | 'list';
const ACTION: Record<Exclude<Operation, 'list'>, string> = { get: 's3:GetObject', put: 's3:PutObject', delete: 's3:DeleteObject', abort: 's3:AbortMultipartUpload' };
/** `+` allowed, `-` refused, in the order get put delete abort list. */
type Row = [where: string, caller: keyof typeof callers, decisions: string];
const OPERATIONS: Operation[] = ['get', 'put', 'delete', 'abort', 'list'];

async function accessFor(context: Record<string, string>): Promise<S3Access> {
  const rules = readStackRules(await synthForTest({ allowGuests: 'true', ...context }), ids);
  return new S3Access(rules, () => ids, { warn: (line) => assert.fail(`the evaluator did not understand the stack: ${line}`) });
}

/** Checks every row: an object under `where` (or, for list, `where` as the listing prefix). */
function checkTable(access: () => S3Access, rows: Row[]) {
  for (const [where, who, decisions] of rows) {
    it(`${who.padEnd(5)} on ${where}: ${OPERATIONS.map((op, i) => `${op} ${decisions[i] === '+' ? 'allowed' : 'refused'}`).join(', ')}`, () => {
      const key = where.replace('{owner}', OWNER);
      OPERATIONS.forEach((operation, i) => {
        const expected = decisions[i] === '+';
        const decision =
          operation === 'list'
            ? access().decide(callers[who], 's3:ListBucket', access().bucketArn(), { ...TLS, 's3:prefix': key })
            : access().decide(callers[who], ACTION[operation], access().objectArn(`${key}photo.jpg`), TLS);
        assert.equal(decision.allowed, expected, `${who} ${operation} ${key}: ${decision.reason}`);
      });
    });
  }
}

describe('default access rules (ownerWrites): nobody changes another identity\'s files', () => {
  let access: S3Access;
  before(async () => {
    access = await accessFor({});
  });
  //  where                    who       get put delete abort list
  checkTable(() => access, [
    ['private/{owner}/', 'owner', '+++++'],
    ['private/{owner}/', 'other', '-----'],
    ['private/{owner}/', 'guest', '-----'],
    ['protected/{owner}/', 'owner', '+++++'],
    ['protected/{owner}/', 'other', '+----'], // a shared link works; listing others' files does not
    ['protected/{owner}/', 'guest', '-----'],
    ['protected/', 'other', '-----'], //         nobody lists every identity's protected files
    ['public/{owner}/', 'owner', '+++++'],
    ['public/{owner}/', 'other', '+---+'], //    reads and lists, never overwrites or deletes
    ['public/{owner}/', 'guest', '+---+'],
    ['public/', 'other', '----+'], //            lists the uploaders' folders; no loose files at the root
    ['public/', 'owner', '----+'],
    ['public/', 'guest', '----+'],
    ['', 'owner', '-----'], //                   nobody lists the whole bucket
  ]);

  it('refuses any storage class but STANDARD on writes (absent means STANDARD)', () => {
    const key = access.objectArn(`private/${OWNER}/a.bin`);
    assert.equal(access.decide(callers.owner, 's3:PutObject', key, { ...TLS, 's3:x-amz-storage-class': 'STANDARD' }).allowed, true);
    for (const storageClass of ['DEEP_ARCHIVE', 'GLACIER', 'REDUCED_REDUNDANCY', 'standard']) {
      assert.equal(access.decide(callers.owner, 's3:PutObject', key, { ...TLS, 's3:x-amz-storage-class': storageClass }).allowed, false, storageClass);
    }
  });

  it('refuses TLS older than 1.2 and plain HTTP (the bucket policy)', () => {
    const key = access.objectArn(`private/${OWNER}/a.bin`);
    assert.equal(access.decide(callers.owner, 's3:GetObject', key, { 'aws:securetransport': 'true', 's3:tlsversion': '1.1' }).allowed, false);
    assert.equal(access.decide(callers.owner, 's3:GetObject', key, { 'aws:securetransport': 'true', 's3:tlsversion': '1.2' }).allowed, true);
    assert.equal(access.decide(callers.owner, 's3:GetObject', key, { 'aws:securetransport': 'false' }).allowed, false);
  });

  it('grants nobody old versions, so what versioning keeps stays the bucket owner\'s to restore', () => {
    for (const action of ['s3:GetObjectVersion', 's3:DeleteObjectVersion', 's3:PutBucketVersioning', 's3:ListBucketVersions']) {
      assert.equal(access.decide(callers.owner, action, access.objectArn(`private/${OWNER}/a.bin`), TLS).allowed, false, action);
    }
  });
});

describe('Amplify Gen 1 preset: public/ is shared, and anyone who signs up may change it', () => {
  let access: S3Access;
  before(async () => {
    access = await accessFor({ access: 'amplifyGen1' });
  });
  //  where                    who       get put delete abort list
  checkTable(() => access, [
    ['private/{owner}/', 'owner', '+++++'],
    ['private/{owner}/', 'other', '-----'],
    ['private/{owner}/', 'guest', '-----'],
    ['protected/{owner}/', 'owner', '+++++'],
    ['protected/{owner}/', 'other', '+---+'], // every signed-in user lists every identity's protected files
    ['protected/', 'other', '----+'],
    ['protected/{owner}/', 'guest', '-----'],
    ['public/', 'owner', '+++++'],
    ['public/', 'other', '+++++'], //           overwrites and deletes anyone's public files
    ['public/', 'guest', '+---+'],
    ['', 'owner', '-----'],
  ]);
});
