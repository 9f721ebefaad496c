import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { newUserWithS3, s3Client, startTestBackend, type TestBackend } from './harness.js';

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

  it('delays a Cognito operation by name', async () => {
    await inject({ match: { operation: 'GetId' }, delayMs: 300 });
    const started = Date.now();
    await newUserWithS3(t.backend, 'slow');
    assert.ok(Date.now() - started >= 300);
  });

  it('rejects a rule it cannot apply, and clears all rules', async () => {
    const bad = await inject({ match: {} });
    assert.equal(bad.status, 400);
    assert.match(String(bad.body.message), /needs "status", "drop", "dropAfterBytes" or "delayMs"/);
    await inject({ match: { path: 'never' }, status: 500, times: 5 });
    await fetch(`${t.backend.url}/_local/faults?token=${t.backend.adminToken}`, { method: 'DELETE' });
    assert.deepEqual(await (await fetch(`${t.backend.url}/_local/faults?token=${t.backend.adminToken}`)).json(), []);
  });
});
