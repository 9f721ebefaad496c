// The local backend's S3 rules apart from HTTP: multipart completion (multipart.ts) and access
// decisions (access.ts), run on the statements the stack really synthesizes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { S3Error } from '../../local/errors.js';
import { S3Access, type Caller } from '../../local/s3/access.js';
import { chooseParts, MIN_PART_SIZE, multipartEtag, requestedParts } from '../../local/s3/multipart.js';
import type { PartRecord } from '../../local/s3/object-store.js';
import { readStackRules, type StackRules } from '../../local/template.js';
import { synthForTest, TEST_IDS } from './harness.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const part = (partNumber: number, size: number): PartRecord => ({ partNumber, size, etag: `"${md5(`part ${partNumber}`)}"`, lastModified: 0 });
const s3Error = (code: string) => (error: unknown) => error instanceof S3Error && error.code === code;

describe('CompleteMultipartUpload rules', () => {
  const stored = [part(1, MIN_PART_SIZE), part(2, MIN_PART_SIZE), part(3, 10)];
  const request = (parts: PartRecord[]) => parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag }));

  it('reads the parts a request names, and refuses a body that names none', () => {
    const xml = '<CompleteMultipartUpload><Part><ETag>"a"</ETag><PartNumber>2</PartNumber></Part><Part><PartNumber>5</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>';
    assert.deepEqual(requestedParts(xml), [
      { partNumber: 2, etag: '"a"' },
      { partNumber: 5, etag: 'b' },
    ]);
    assert.throws(() => requestedParts('<CompleteMultipartUpload></CompleteMultipartUpload>'), s3Error('MalformedXML'));
  });

  it('takes the named parts, with or without quotes around their ETags; a subset is allowed', () => {
    assert.deepEqual(chooseParts('u', request(stored), stored), stored);
    assert.deepEqual(chooseParts('u', request(stored).map((p) => ({ ...p, etag: p.etag.replace(/"/g, '') })), stored), stored);
    assert.deepEqual(chooseParts('u', request([stored[0]!, stored[2]!]), stored), [stored[0], stored[2]]);
  });

  it('refuses parts out of order or repeated (InvalidPartOrder)', () => {
    assert.throws(() => chooseParts('u', request([stored[1]!, stored[0]!]), stored), s3Error('InvalidPartOrder'));
    assert.throws(() => chooseParts('u', request([stored[0]!, stored[0]!]), stored), s3Error('InvalidPartOrder'));
  });

  it('refuses a part never uploaded or with another ETag (InvalidPart), naming it', () => {
    assert.throws(() => chooseParts('u', [{ partNumber: 4, etag: stored[0]!.etag }], stored), (error: unknown) => s3Error('InvalidPart')(error) && (error as S3Error).extra.PartNumber === '4');
    assert.throws(() => chooseParts('u', [{ partNumber: 1, etag: `"${md5('other')}"` }], stored), s3Error('InvalidPart'));
  });

  it('refuses a part under 5 MiB unless it is the last (EntityTooSmall)', () => {
    const small = [part(1, MIN_PART_SIZE - 1), part(2, 10)];
    assert.throws(() => chooseParts('u', request(small), small), (error: unknown) => s3Error('EntityTooSmall')(error) && (error as S3Error).extra.PartNumber === '1');
    assert.deepEqual(chooseParts('u', request([small[1]!]), small), [small[1]]);
  });

  it('makes the ETag S3 makes: MD5 of the parts\' binary MD5s, then the part count', () => {
    const expected = createHash('md5')
      .update(Buffer.concat(stored.map((p) => Buffer.from(p.etag.replace(/"/g, ''), 'hex'))))
      .digest('hex');
    assert.equal(multipartEtag(stored), `"${expected}-3"`);
    // A known value: two parts whose MD5s are those of "a" and "b".
    assert.equal(multipartEtag([{ etag: md5('a') }, { etag: md5('b') }]), `"${createHash('md5').update(Buffer.from(md5('a') + md5('b'), 'hex')).digest('hex')}-2"`);
  });
});

// Who may do what to whose files is isolation.test.ts's table; these are the decisions around it.
describe('S3 access decisions on the synthesized stack', () => {
  const ids = TEST_IDS;
  const me: Caller = { role: 'authenticated', identityId: 'us-east-1:11111111-1111-1111-1111-111111111111' };
  const other: Caller = { role: 'authenticated', identityId: 'us-east-1:22222222-2222-2222-2222-222222222222' };
  const guest: Caller = { role: 'unauthenticated', identityId: 'us-east-1:33333333-3333-3333-3333-333333333333' };
  const tls = { 'aws:securetransport': 'true' };
  let rules: StackRules;
  let access: S3Access;
  const warnings: string[] = [];

  before(async () => {
    rules = readStackRules(await synthForTest({ allowGuests: 'true' }), ids);
    access = new S3Access(rules, () => ids, { warn: (line: string) => warnings.push(line) });
  });

  it('covers the element\'s stored previews (`.previews/` under the owner prefix) like any object', () => {
    const preview = (level: string) => access.objectArn(`${level}/${me.identityId}/.previews/folder/d2tvizg7le70_a.png.webp`);
    for (const level of ['private', 'protected', 'public']) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) assert.equal(access.decide(me, action, preview(level), tls).allowed, true, `${action} on own ${level} preview`);
      for (const action of ['s3:PutObject', 's3:DeleteObject']) assert.equal(access.decide(other, action, preview(level), tls).allowed, false, `${action} on another's ${level} preview`);
    }
    assert.equal(access.decide(other, 's3:GetObject', preview('private'), tls).allowed, false, 'a private preview is as private as its file');
    assert.equal(access.decide(other, 's3:GetObject', preview('protected'), tls).allowed, true, 'readers of protected files get their previews');
    assert.equal(access.decide(guest, 's3:GetObject', preview('public'), tls).allowed, true, 'guests get public previews');
    assert.equal(access.decide(guest, 's3:PutObject', preview('public'), tls).allowed, false);
    assert.equal(access.decide(other, 's3:DeleteObject', preview('public'), tls).allowed, false);
  });

  it('refuses everything over plain HTTP (the bucket policy), and authorize throws AccessDenied', () => {
    assert.equal(access.decide(me, 's3:GetObject', access.objectArn(`private/${me.identityId}/a.png`), { 'aws:securetransport': 'false' }).allowed, false);
    assert.throws(() => access.authorize(other, 's3:GetObject', access.objectArn(`private/${me.identityId}/a.png`), tls), s3Error('AccessDenied'));
    assert.doesNotThrow(() => access.authorize(me, 's3:GetObject', access.objectArn(`private/${me.identityId}/a.png`), tls));
  });

  it('answers a missing key 403 to a caller whose ListBucket is bounded by s3:prefix, 404 to one who may list', () => {
    assert.equal(access.missingKey(me, `private/${me.identityId}/gone.png`, tls).code, 'AccessDenied');
    const open = new S3Access(
      { ...rules, roles: { authenticated: { ...rules.roles.authenticated, statements: [{ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::bucket' }] } } },
      () => ids,
      { warn: () => undefined },
    );
    const missing = open.missingKey(me, 'private/x', tls);
    assert.equal(missing.code, 'NoSuchKey');
    assert.equal(missing.status, 404);
  });

  it('grants nothing by a construct it does not understand, and says so once', () => {
    const odd = new S3Access(
      { ...rules, roles: { authenticated: { ...rules.roles.authenticated, statements: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { DateLessThan: { 'aws:CurrentTime': '2100-01-01' } } }] } } },
      () => ids,
      { warn: (line: string) => warnings.push(line) },
    );
    warnings.length = 0;
    for (let i = 0; i < 3; i++) assert.equal(odd.decide(me, 's3:GetObject', odd.objectArn('public/a'), tls).allowed, false);
    assert.equal(warnings.filter((w) => w.includes('does not understand')).length, 1, warnings.join('\n'));
  });
});
