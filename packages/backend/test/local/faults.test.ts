import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { base64Crc, CRC_POLYS, newUserWithS3, referenceCrc, s3Client, startTestBackend, type TestBackend } from './harness.js';

const errorName = (error: unknown) => (error as { name?: string }).name;

describe('fault injection through /_local/faults', () => {
  let t: TestBackend;
  let user: Awaited<ReturnType<typeof newUserWithS3>>;
  const inject = async (rule: object) => {
    const response = await fetch(`${t.backend.url}/_local/faults?token=${t.backend.adminToken}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rule) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  before(async () => {
    t = await startTestBackend();
    user = await newUserWithS3(t.backend, 'faults');
  });
  after(() => t.stop());

  it('answers a chosen request with an error status once; the SDK retries and succeeds', async () => {
    const Key = `private/${user.credentials.identityId}/retry.txt`;
    const rule = await inject({ match: { method: 'PUT', path: 'retry.txt' }, status: 503 });
    assert.equal(rule.status, 201);
    await user.s3.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key, Body: 'after a 503' }));
    assert.deepEqual(await (await fetch(`${t.backend.url}/_local/faults?token=${t.backend.adminToken}`)).json(), [], 'the rule was used up');
    const noRetry = s3Client(t.backend, user.credentials, { maxAttempts: 1 });
    await inject({ match: { path: 'retry.txt' }, status: 500, code: 'InternalError', times: 1 });
    await assert.rejects(noRetry.send(new GetObjectCommand({ Bucket: t.backend.config.bucket, Key })), (e) => errorName(e) === 'InternalError');
  });

  it('drops the connection, mid-body too', async () => {
    const Key = `private/${user.credentials.identityId}/dropped.txt`;
    const noRetry = s3Client(t.backend, user.credentials, { maxAttempts: 1 });
    await inject({ match: { path: 'dropped.txt' }, drop: true });
    await assert.rejects(noRetry.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key, Body: 'x' })));
    await inject({ match: { path: 'dropped.txt' }, dropAfterBytes: 1024 });
    await assert.rejects(noRetry.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key, Body: Buffer.alloc(4 * 1024 * 1024) })));
    await noRetry.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key, Body: 'fine now' }));
  });

  it('flips a byte of a body in flight: a checksummed upload is refused (BadDigest) and nothing stored; an unchecked one is stored damaged', async () => {
    const Bucket = t.backend.config.bucket;
    const Key = `private/${user.credentials.identityId}/flipped.bin`;
    const body = Buffer.alloc(100_000, 7);
    // As a browser sends a File: a presigned PUT, its payload unsigned, so only a checksum can catch the damage.
    const put = async (checksum?: string) => {
      const command = new PutObjectCommand({ Bucket, Key, ...(checksum ? { ChecksumCRC32C: checksum } : {}) });
      const url = await getSignedUrl(user.s3, command, { expiresIn: 60, unhoistableHeaders: new Set(['x-amz-checksum-crc32c']) });
      return fetch(url, { method: 'PUT', body, headers: checksum ? { 'x-amz-checksum-crc32c': checksum } : {} });
    };
    await inject({ match: { path: 'flipped.bin' }, flipByteAt: 65_537 });
    const refused = await put(base64Crc(referenceCrc(CRC_POLYS.CRC32C, body)));
    assert.equal(refused.status, 400);
    assert.match(await refused.text(), /<Code>BadDigest<\/Code>/);
    const listed = await user.s3.send(new ListObjectsV2Command({ Bucket, Prefix: Key }));
    assert.equal(listed.KeyCount, 0, 'nothing stored');
    await inject({ match: { path: 'flipped.bin' }, flipByteAt: 65_537 });
    assert.equal((await put()).status, 200);
    const stored = Buffer.from(await (await user.s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToByteArray());
    assert.equal(stored.length, body.length);
    assert.deepEqual([...stored.entries()].filter(([i, byte]) => byte !== body[i]), [[65_537, 7 ^ 0xff]]);
  });

  it('delays a Cognito operation by name', async () => {
    await inject({ match: { operation: 'GetId' }, delayMs: 300 });
    const started = Date.now();
    await newUserWithS3(t.backend, 'slow');
    assert.ok(Date.now() - started >= 300);
  });

  it('rejects a rule it cannot apply, and clears all rules', async () => {
    const bad = await inject({ match: {} });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /needs "status", "drop", "dropAfterBytes", "flipByteAt" or "delayMs"/);
    await inject({ match: { path: 'never' }, status: 500, times: 5 });
    await fetch(`${t.backend.url}/_local/faults?token=${t.backend.adminToken}`, { method: 'DELETE' });
    assert.deepEqual(await (await fetch(`${t.backend.url}/_local/faults?token=${t.backend.adminToken}`)).json(), []);
  });
});
