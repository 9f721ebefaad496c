import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { credentialsFor, newSignedInUser, s3Client, startTestBackend, type IdentityCredentials, type TestBackend } from './harness.js';

const errorName = (error: unknown) => (error as { name?: string }).name;

/** Every refusal is S3's XML error with the right code. */
async function s3ErrorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

describe('local S3 authentication', () => {
  let t: TestBackend;
  let credentials: IdentityCredentials;
  let Bucket: string;
  let key: string;

  before(async () => {
    t = await startTestBackend({ credentialTtlSeconds: 12 });
    Bucket = t.backend.config.bucket;
    const user = await newSignedInUser(t.backend, 'auth');
    credentials = await credentialsFor(t.backend, user.session.getIdToken().getJwtToken());
    key = `private/${credentials.identityId}/file.txt`;
    await s3Client(t.backend, credentials).send(new PutObjectCommand({ Bucket, Key: key, Body: 'content' }));
  });
  after(() => t.stop());

  it('refuses a wrong secret with SignatureDoesNotMatch, showing the string to sign', async () => {
    const wrong = s3Client(t.backend, { ...credentials, secretAccessKey: `${credentials.secretAccessKey}x` }, { maxAttempts: 1 });
    await assert.rejects(wrong.send(new GetObjectCommand({ Bucket, Key: key })), (e) => errorName(e) === 'SignatureDoesNotMatch');
    const url = await getSignedUrl(s3Client(t.backend, { ...credentials, secretAccessKey: 'wrong' }), new GetObjectCommand({ Bucket, Key: key }));
    const response = await fetch(url);
    assert.equal(response.status, 403);
    const body = await response.text();
    assert.match(body, /<Code>SignatureDoesNotMatch<\/Code>/);
    assert.match(body, /<StringToSign>AWS4-HMAC-SHA256/);
  });

  it('refuses a tampered request: another key, another header value, another query', async () => {
    const url = new URL(await getSignedUrl(s3Client(t.backend, credentials), new GetObjectCommand({ Bucket, Key: key }), { expiresIn: 60 }));
    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace('file.txt', 'other.txt');
    assert.equal(await s3ErrorCode(await fetch(otherKey)), 'SignatureDoesNotMatch');
    const otherQuery = new URL(url);
    otherQuery.searchParams.set('response-content-type', 'text/html');
    assert.equal(await s3ErrorCode(await fetch(otherQuery)), 'SignatureDoesNotMatch');
    const signature = url.searchParams.get('X-Amz-Signature')!;
    const flipped = new URL(url);
    flipped.searchParams.set('X-Amz-Signature', signature.replace(/^./, (c) => (c === '0' ? '1' : '0')));
    assert.equal(await s3ErrorCode(await fetch(flipped)), 'SignatureDoesNotMatch');
    assert.equal(await (await fetch(url)).text(), 'content', 'the untampered URL works');
  });

  it('refuses an expired presigned URL', async () => {
    const url = await getSignedUrl(s3Client(t.backend, credentials), new GetObjectCommand({ Bucket, Key: key }), { expiresIn: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    const response = await fetch(url);
    assert.equal(response.status, 403);
    const body = await response.text();
    assert.match(body, /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
  });

  it('refuses a request without its session token, or with another one', async () => {
    const noToken = s3Client(t.backend, { ...credentials, sessionToken: undefined as unknown as string }, { maxAttempts: 1 });
    await assert.rejects(noToken.send(new GetObjectCommand({ Bucket, Key: key })), (e) => errorName(e) === 'InvalidAccessKeyId');
    const otherToken = s3Client(t.backend, { ...credentials, sessionToken: Buffer.from('forged').toString('base64') }, { maxAttempts: 1 });
    await assert.rejects(otherToken.send(new GetObjectCommand({ Bucket, Key: key })), (e) => errorName(e) === 'InvalidToken');
    const unknown = s3Client(t.backend, { ...credentials, accessKeyId: 'ASIANOTISSUEDBYUS00' }, { maxAttempts: 1 });
    await assert.rejects(unknown.send(new GetObjectCommand({ Bucket, Key: key })), (e) => errorName(e) === 'InvalidAccessKeyId');
  });

  it('refuses a clock more than 15 minutes off with RequestTimeTooSkewed', async () => {
    for (const offset of [16 * 60_000, -16 * 60_000]) {
      const skewed = s3Client(t.backend, credentials, { systemClockOffset: offset, maxAttempts: 1 });
      await assert.rejects(skewed.send(new GetObjectCommand({ Bucket, Key: key })), (e) => errorName(e) === 'RequestTimeTooSkewed');
    }
    const slightly = s3Client(t.backend, credentials, { systemClockOffset: 10 * 60_000, maxAttempts: 1 });
    await (await slightly.send(new GetObjectCommand({ Bucket, Key: key }))).Body!.transformToString();
  });

  it('refuses an anonymous request', async () => {
    const response = await fetch(`${t.backend.url}/${Bucket}/${key}`);
    assert.equal(response.status, 403);
    assert.equal(await s3ErrorCode(response), 'AccessDenied');
  });

  it('refuses credentials after they expire with ExpiredToken', async () => {
    const wait = credentials.expiration.getTime() - Date.now() + 1000;
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
    const expired = s3Client(t.backend, credentials, { maxAttempts: 1 });
    await assert.rejects(expired.send(new GetObjectCommand({ Bucket, Key: key })), (e) => errorName(e) === 'ExpiredToken');
  });
});
