// The local backend's S3 rules apart from HTTP: multipart completion (multipart.ts) and access
// decisions (access.ts), run on the statements the stack really synthesizes.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { S3Error } from '../../local/errors.js';
import { S3Access, type Caller } from '../../local/s3/access.js';
import { createChecksum, fullObjectChecksum } from '../../local/s3/checksums.js';
import { chooseParts, MIN_PART_SIZE, multipartEtag, objectChecksum, requestedParts, uploadChecksum } from '../../local/s3/multipart.js';
import type { PartRecord } from '../../local/s3/object-store.js';
import { readStackRules, type StackRules } from '../../local/template.js';
import { base64Crc, CRC_POLYS, referenceCrc, synthForTest, TEST_IDS } from './harness.js';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const part = (partNumber: number, size: number): PartRecord => ({ partNumber, size, etag: `"${md5(`part ${partNumber}`)}"`, lastModified: 0 });
/** An upload created without a checksum algorithm. */
const UPLOAD = { uploadId: 'u' };
const s3Error = (code: string) => (error: unknown) => error instanceof S3Error && error.code === code;

describe('CompleteMultipartUpload rules', () => {
  const stored = [part(1, MIN_PART_SIZE), part(2, MIN_PART_SIZE), part(3, 10)];
  const request = (parts: PartRecord[]) => parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag, checksums: {} }));

  it('reads the parts a request names, and refuses a body that names none', () => {
    const xml = '<CompleteMultipartUpload><Part><ETag>"a"</ETag><PartNumber>2</PartNumber></Part><Part><PartNumber>5</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>';
    assert.deepEqual(requestedParts(xml), [
      { partNumber: 2, etag: '"a"', checksums: {} },
      { partNumber: 5, etag: 'b', checksums: {} },
    ]);
    assert.throws(() => requestedParts('<CompleteMultipartUpload></CompleteMultipartUpload>'), s3Error('MalformedXML'));
  });

  it('takes the named parts, with or without quotes around their ETags; a subset is allowed', () => {
    assert.deepEqual(chooseParts(UPLOAD, request(stored), stored), stored);
    assert.deepEqual(chooseParts(UPLOAD, request(stored).map((p) => ({ ...p, etag: p.etag.replace(/"/g, '') })), stored), stored);
    assert.deepEqual(chooseParts(UPLOAD, request([stored[0]!, stored[2]!]), stored), [stored[0], stored[2]]);
  });

  it('refuses parts out of order or repeated (InvalidPartOrder)', () => {
    assert.throws(() => chooseParts(UPLOAD, request([stored[1]!, stored[0]!]), stored), s3Error('InvalidPartOrder'));
    assert.throws(() => chooseParts(UPLOAD, request([stored[0]!, stored[0]!]), stored), s3Error('InvalidPartOrder'));
  });

  it('refuses a part never uploaded or with another ETag (InvalidPart), naming it', () => {
    assert.throws(() => chooseParts(UPLOAD, [{ partNumber: 4, etag: stored[0]!.etag, checksums: {} }], stored), (error: unknown) => s3Error('InvalidPart')(error) && (error as S3Error).extra.PartNumber === '4');
    assert.throws(() => chooseParts(UPLOAD, [{ partNumber: 1, etag: `"${md5('other')}"`, checksums: {} }], stored), s3Error('InvalidPart'));
  });

  it('refuses a part under 5 MiB unless it is the last (EntityTooSmall)', () => {
    const small = [part(1, MIN_PART_SIZE - 1), part(2, 10)];
    assert.throws(() => chooseParts(UPLOAD, request(small), small), (error: unknown) => s3Error('EntityTooSmall')(error) && (error as S3Error).extra.PartNumber === '1');
    assert.deepEqual(chooseParts(UPLOAD, request([small[1]!]), small), [small[1]]);
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

describe('multipart checksums (COMPOSITE and FULL_OBJECT)', () => {
  const base64 = base64Crc;
  const POLYS = CRC_POLYS;
  const sizes = [MIN_PART_SIZE, MIN_PART_SIZE + 7, MIN_PART_SIZE + 3, 12_345];
  const data = Buffer.from(Array.from({ length: sizes.reduce((a, b) => a + b) }, (_, i) => (i * 2654435761) >>> 24));
  const partsOf = (algorithm: 'CRC32' | 'CRC32C' | 'SHA256'): PartRecord[] => {
    let offset = 0;
    return sizes.map((size, i) => {
      const bytes = data.subarray(offset, (offset += size));
      const running = createChecksum(algorithm);
      running.update(bytes);
      return { ...part(i + 1, size), checksum: { algorithm, value: running.digest() } };
    });
  };

  it('computes CRC32C as its definition does, from any offset and length (the known value of "123456789" too)', () => {
    const c = createChecksum('CRC32C');
    c.update(Buffer.from('123456789'));
    assert.equal(Buffer.from(c.digest(), 'base64').toString('hex'), 'e3069283');
    for (const [start, end] of [[0, 0], [1, 2], [3, 1000], [5, 4099], [0, 65_536]] as const) {
      const slice = data.subarray(start, end);
      const running = createChecksum('CRC32C');
      running.update(slice);
      assert.equal(running.digest(), base64(referenceCrc(POLYS.CRC32C, slice)), `bytes ${start}-${end}`);
    }
  });

  it('combines part CRCs into the whole object\'s CRC, as computed over all its bytes', () => {
    for (const algorithm of ['CRC32', 'CRC32C'] as const) {
      const parts = partsOf(algorithm);
      assert.equal(fullObjectChecksum(algorithm, parts.map((p) => ({ value: p.checksum!.value, size: p.size }))), base64(referenceCrc(POLYS[algorithm], data)), algorithm);
    }
    // Empty parts change nothing; a CRC survives being shifted over more bytes than 2^32.
    assert.equal(fullObjectChecksum('CRC32C', [{ value: base64(referenceCrc(POLYS.CRC32C, Buffer.from('abc'))), size: 3 }, { value: base64(0), size: 0 }]), base64(referenceCrc(POLYS.CRC32C, Buffer.from('abc'))));
    const zeros = Buffer.alloc(1 << 20);
    const zerosCrc = referenceCrc(POLYS.CRC32C, zeros);
    let manyZeros = { value: base64(0), size: 0 };
    for (let i = 0; i < 2; i++) manyZeros = { value: fullObjectChecksum('CRC32C', [manyZeros, { value: base64(zerosCrc), size: zeros.length }]), size: manyZeros.size + zeros.length };
    assert.equal(manyZeros.value, base64(referenceCrc(POLYS.CRC32C, Buffer.alloc(2 << 20))));
    assert.doesNotThrow(() => fullObjectChecksum('CRC32C', [{ value: base64(1), size: 5 * 1024 ** 4 }]));
  });

  it('reads CreateMultipartUpload\'s algorithm and type as S3 does, refusing what S3 refuses', () => {
    assert.deepEqual(uploadChecksum(undefined, undefined), {});
    assert.deepEqual(uploadChecksum('crc32c', undefined), { algorithm: 'CRC32C', type: 'COMPOSITE' });
    assert.deepEqual(uploadChecksum('CRC32C', 'full_object'), { algorithm: 'CRC32C', type: 'FULL_OBJECT' });
    assert.deepEqual(uploadChecksum('SHA256', 'COMPOSITE'), { algorithm: 'SHA256', type: 'COMPOSITE' });
    const refused = (message: RegExp) => (error: unknown) => s3Error('InvalidRequest')(error) && message.test((error as S3Error).message);
    assert.throws(() => uploadChecksum('SHA256', 'FULL_OBJECT'), refused(/FULL_OBJECT checksum type cannot be used with the sha256/));
    assert.throws(() => uploadChecksum(undefined, 'FULL_OBJECT'), refused(/only be used with the x-amz-checksum-algorithm/));
    assert.throws(() => uploadChecksum('CRC32C', 'WHOLE'), refused(/x-amz-checksum-type header is invalid/));
    assert.throws(() => uploadChecksum('MD5', undefined), refused(/not supported/));
  });

  it('checks each part\'s checksum in the request: missing from a composite upload is InvalidRequest, wrong is InvalidPart', () => {
    const parts = partsOf('CRC32C');
    const named = parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag, checksums: { CRC32C: p.checksum!.value } }));
    const composite = { uploadId: 'u', checksumAlgorithm: 'CRC32C' as const, checksumType: 'COMPOSITE' as const };
    const full = { ...composite, checksumType: 'FULL_OBJECT' as const };
    assert.deepEqual(chooseParts(composite, named, parts), parts);
    assert.throws(() => chooseParts(composite, named.map((p) => ({ ...p, checksums: {} })), parts), (error: unknown) => s3Error('InvalidRequest')(error) && /missing for part 1/.test((error as S3Error).message));
    assert.deepEqual(chooseParts(full, named.map((p) => ({ ...p, checksums: {} })), parts), parts, 'a full-object upload may leave them out');
    const wrong = named.map((p, i) => (i === 2 ? { ...p, checksums: { CRC32C: named[0]!.checksums.CRC32C } } : p));
    assert.throws(() => chooseParts(full, wrong, parts), (error: unknown) => s3Error('InvalidPart')(error) && (error as S3Error).extra.PartNumber === '3');
  });

  it('makes the object\'s checksum at completion and checks the one the request sends (BadDigest when it differs)', () => {
    const whole = base64(referenceCrc(POLYS.CRC32C, data));
    const full = { checksumAlgorithm: 'CRC32C' as const, checksumType: 'FULL_OBJECT' as const };
    const parts = partsOf('CRC32C');
    assert.deepEqual(objectChecksum(full, parts, { values: { CRC32C: whole }, type: 'FULL_OBJECT' }), { algorithm: 'CRC32C', value: whole, type: 'FULL_OBJECT' });
    assert.deepEqual(objectChecksum(full, parts, { values: {} }), { algorithm: 'CRC32C', value: whole, type: 'FULL_OBJECT' });
    assert.throws(() => objectChecksum(full, parts, { values: { CRC32C: base64(referenceCrc(POLYS.CRC32C, data) ^ 1) } }), s3Error('BadDigest'));
    assert.throws(() => objectChecksum(full, parts, { values: { CRC32C: whole }, type: 'COMPOSITE' }), s3Error('InvalidRequest'));
    assert.throws(() => objectChecksum(full, parts, { values: { CRC32: whole } }), s3Error('InvalidRequest'));
    assert.throws(() => objectChecksum({}, parts, { values: { CRC32C: whole } }), s3Error('InvalidRequest'));
    assert.equal(objectChecksum({}, parts, { values: {} }), undefined);

    // Composite: SHA-256 of the parts' binary SHA-256s, then the count (the shape S3 answers with).
    const shaParts = partsOf('SHA256');
    const expected = `${createHash('sha256').update(Buffer.concat(shaParts.map((p) => Buffer.from(p.checksum!.value, 'base64')))).digest('base64')}-4`;
    assert.deepEqual(objectChecksum({ checksumAlgorithm: 'SHA256', checksumType: 'COMPOSITE' }, shaParts, { values: {} }), { algorithm: 'SHA256', value: expected, type: 'COMPOSITE' });
  });
});
