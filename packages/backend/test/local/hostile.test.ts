// Requests a web page or a careless client can send to the local backend: each answered with
// S3's error, never a crash or a 500, and the backend still serves the next request. Each case
// is a finding of the review in issue "Safe by default" (it crashed, hung or answered 500).
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { elements } from '../../local/s3/xml.js';
import { credentialsFor, newSignedInUser, newUserWithS3, rewriteRequest, s3Client, startTestBackend, type IdentityCredentials, type TestBackend } from './harness.js';

/** One raw HTTP request, the path exactly as given (no client normalizes it). */
function raw(url: string, path: string, method = 'GET', headers: Record<string, string> = {}, body?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const code = (body: string) => /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
const errorName = (error: unknown) => (error as { name?: string }).name;
const status = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

describe('the local backend under hostile requests', () => {
  let t: TestBackend;
  let s3: S3Client;
  let mine: string;
  const Bucket = () => t.backend.config.bucket;

  before(async () => {
    t = await startTestBackend();
    const user = await newUserWithS3(t.backend, 'hostile');
    s3 = user.s3;
    mine = `private/${user.credentials.identityId}/`;
  });
  after(() => t.stop());

  const stillServing = async () => assert.equal((await raw(t.backend.url, '/_local/health')).status, 200, 'the backend still answers');

  it('answers malformed percent-encoding in a path or query with 400 InvalidURI and keeps running', async () => {
    for (const path of [`/${Bucket()}/%E0%A4%A`, '/%E0%A4%A', `/${Bucket()}/a?prefix=%E0%A4%A`, `/${Bucket()}/%`, `/${Bucket()}?list-type=2&%ZZ=1`]) {
      const answer = await raw(t.backend.url, path);
      assert.equal(answer.status, 400, path);
      assert.equal(code(answer.body), 'InvalidURI', path);
      await stillServing();
    }
  });

  it('refuses keys over 1,024 bytes and keys with NUL, as S3 does', async () => {
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: `${mine}${'k'.repeat(1025 - mine.length)}`, Body: 'x' })), (e) => errorName(e) === 'KeyTooLongError' && status(e) === 400);
    await s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: `${mine}${'k'.repeat(1024 - mine.length)}`, Body: 'x' }));
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: Bucket(), Key: `${mine}a\u0000b`, Body: 'x' })), (e) => errorName(e) === 'InvalidArgument' && status(e) === 400);
  });

  it('takes at most 1,000 keys in one DeleteObjects', async () => {
    const Objects = Array.from({ length: 1001 }, (_, n) => ({ Key: `${mine}n${n}` }));
    await assert.rejects(s3.send(new DeleteObjectsCommand({ Bucket: Bucket(), Delete: { Objects } })), (e) => errorName(e) === 'MalformedXML' && status(e) === 400);
    await s3.send(new DeleteObjectsCommand({ Bucket: Bucket(), Delete: { Objects: Objects.slice(0, 1000) } }));
  });

  it('answers a character reference XML cannot hold with 400 MalformedXML, not 500', async () => {
    for (const reference of ['&#x110000;', '&#0;', '&#xFFFE;', '&#99999999999;']) {
      const body = `<Delete><Object><Key>${mine}x${reference}</Key></Object></Delete>`;
      // The SDK escapes keys itself: put the raw body in after serializing, before the checksum.
      const command = rewriteRequest(new DeleteObjectsCommand({ Bucket: Bucket(), Delete: { Objects: [{ Key: 'placeholder' }] } }), 'checksum', (request) => {
        request.body = body;
      });
      await assert.rejects(s3.send(command), (e) => errorName(e) === 'MalformedXML' && status(e) === 400, reference);
    }
    await stillServing();
  });

  it('reads XML in one pass: half a MiB of unclosed tags is no work', () => {
    const hostile = '<Delete>' + '<Object>'.repeat(64 * 1024);
    const started = performance.now();
    assert.deepEqual(elements(hostile, 'Object'), []);
    // A regex scanned to the end once per tag: 5.4 s here. One pass takes about a millisecond;
    // the bound only tells quadratic from linear, with a wide margin on a loaded machine.
    assert.ok(performance.now() - started < 500, `${Math.round(performance.now() - started)} ms`);
    assert.deepEqual(elements('<A><Object><Key>a</Key></Object><Objects>x</Objects><Object x="1">b</Object><Object>', 'Object'), ['<Key>a</Key>', 'b']);
  });

  it('answers only requests that name its own host (no DNS rebinding)', async () => {
    const port = new URL(t.backend.url).port;
    for (const host of [`evil.example:${port}`, 'localhost:1', `127.0.0.1.evil.example:${port}`]) {
      const answer = await raw(t.backend.url, '/_local/config', 'GET', { host });
      assert.equal(answer.status, 403, host);
    }
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`]) assert.equal((await raw(t.backend.url, '/_local/config', 'GET', { host })).status, 200, host);
  });

  it('opens the outbox, the faults and AdminConfirmSignUp only with the token', async () => {
    for (const path of ['/_local/outbox', '/_local/faults', '/_local/objects', '/_local/outbox?token=wrong']) assert.equal((await raw(t.backend.url, path)).status, 401, path);
    assert.equal((await raw(t.backend.url, `/_local/outbox?token=${t.backend.adminToken}`)).status, 200);
    const confirm = (headers: Record<string, string>) =>
      raw(t.backend.url, '/', 'POST', { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminConfirmSignUp', ...headers }, JSON.stringify({ UserPoolId: t.backend.config.userPoolId, Username: 'nobody@example.com' }));
    const refused = await confirm({});
    assert.equal(refused.status, 400);
    assert.equal(JSON.parse(refused.body).__type, 'UnrecognizedClientException');
    assert.notEqual(JSON.parse((await confirm({ 'x-local-token': t.backend.adminToken })).body).__type, 'UnrecognizedClientException');
  });

  it('answers CORS only to the origins the stack allows, on its own routes and the Cognito ones', async () => {
    const allowed = 'http://localhost:8080'; // the stack's default: the local demo
    const evil = 'https://evil.example';
    const preflight = (origin: string) => raw(t.backend.url, '/', 'OPTIONS', { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' });
    assert.equal((await preflight(evil)).headers['access-control-allow-origin'], undefined);
    assert.equal((await preflight(allowed)).headers['access-control-allow-origin'], allowed);
    assert.equal((await raw(t.backend.url, '/_local/config', 'GET', { origin: evil })).headers['access-control-allow-origin'], undefined);
    assert.equal((await raw(t.backend.url, `/_local/outbox?token=${t.backend.adminToken}`, 'GET', { origin: evil })).headers['access-control-allow-origin'], undefined);
  });

  it('checks the signature\'s scope: region, service and date are this backend\'s', async () => {
    const user = await newSignedInUser(t.backend, 'scope');
    const credentials: IdentityCredentials = await credentialsFor(t.backend, user.session.getIdToken().getJwtToken());
    const wrongRegion = s3Client(t.backend, credentials, { region: 'eu-west-1' });
    await assert.rejects(wrongRegion.send(new GetObjectCommand({ Bucket: Bucket(), Key: `private/${credentials.identityId}/x` })), (e) => status(e) === 400);
    const mine = s3Client(t.backend, credentials);
    const scoped = (change: (authorization: string) => string) => {
      const command = rewriteRequest(new PutObjectCommand({ Bucket: Bucket(), Key: `private/${credentials.identityId}/scope.txt`, Body: 'x' }), 'sending', (request) => {
        request.headers.authorization = change(request.headers.authorization!);
      });
      return mine.send(command);
    };
    await assert.rejects(scoped((a) => a.replace('/s3/aws4_request', '/execute-api/aws4_request')), (e) => errorName(e) === 'AuthorizationHeaderMalformed');
    await assert.rejects(scoped((a) => a.replace(/Credential=([^/]+)\/\d{8}/, 'Credential=$1/20200101')), (e) => errorName(e) === 'AuthorizationHeaderMalformed');
  });

  it('refuses a signed but malformed x-amz-content-sha256 instead of skipping the body check', async () => {
    const command = rewriteRequest(new PutObjectCommand({ Bucket: Bucket(), Key: `${mine}unchecked.txt`, Body: 'the body' }), 'signing', (request) => {
      request.headers['x-amz-content-sha256'] = 'not-a-hash';
    });
    await assert.rejects(s3.send(command), (e) => errorName(e) === 'InvalidArgument' && status(e) === 400);
  });

  it('takes a handful of aws-chunked trailers, not megabytes of them', async () => {
    const trailers = Array.from({ length: 20 }, (_, n) => `x-junk-${n}:${'v'.repeat(100)}\r\n`).join('');
    const command = rewriteRequest(new PutObjectCommand({ Bucket: Bucket(), Key: `${mine}trailers.txt`, Body: 'hello' }), 'signing', (request) => {
      Object.assign(request.headers, {
        'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': '5',
        'x-amz-trailer': 'x-junk-0',
      });
      request.body = `5\r\nhello\r\n0\r\n${trailers}\r\n`;
      request.headers['content-length'] = String(Buffer.byteLength(request.body as string));
    });
    await assert.rejects(s3.send(command), (e) => status(e) === 400);
    await stillServing();
  });

  it('matches fault rules on plain text, so no pattern can stall requests', async () => {
    const url = `/_local/faults?token=${t.backend.adminToken}`;
    const added = await raw(t.backend.url, url, 'POST', { 'content-type': 'application/json' }, JSON.stringify({ match: { path: '^/(a+)+$' }, status: 503, times: 5 }));
    assert.equal(added.status, 201);
    assert.equal((await raw(t.backend.url, `/${'a'.repeat(40)}!`)).status !== 503, true, 'not a regular expression');
    assert.equal((await raw(t.backend.url, '/x?^/(a+)+$')).status, 503, 'the text itself matches');
    await raw(t.backend.url, url, 'DELETE');
  });

  it('keeps its state file readable by its owner only', async () => {
    assert.equal((await stat(join(t.dataDir, 'state.json'))).mode & 0o777, 0o600);
    assert.equal((await stat(t.dataDir)).mode & 0o077, 0, 'the data folder is its owner\'s');
  });
});
