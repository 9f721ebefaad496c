// Requests a web page or a careless client can send to the local backend: each answered with
// S3's error, never a crash or a 500, and the backend still serves the next request. Each case
// is a finding of the review in issue "Safe by default" (it crashed, hung or answered 500).
import assert from 'node:assert/strict';
import { stat } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { elements } from '../../local/s3/xml.js';
import { newUserWithS3, startTestBackend, type TestBackend } from './harness.js';

/** One raw HTTP request, the path exactly as given (no client normalizes it). */
function raw(url: string, path: string, method = 'GET'): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
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
      const client = s3;
      // The SDK escapes keys itself: put the raw body in after serializing, before the checksum.
      const command = new DeleteObjectsCommand({ Bucket: Bucket(), Delete: { Objects: [{ Key: 'placeholder' }] } });
      command.middlewareStack.add((next) => async (args) => {
        (args.request as { body: unknown }).body = body;
        return next(args);
      }, { step: 'build', priority: 'high' });
      await assert.rejects(client.send(command), (e) => errorName(e) === 'MalformedXML' && status(e) === 400, reference);
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

  it('keeps its state file readable by its owner only', async () => {
    assert.equal((await stat(join(t.dataDir, 'state.json'))).mode & 0o777, 0o600);
    assert.equal((await stat(t.dataDir)).mode & 0o077, 0, 'the data folder is its owner\'s');
  });
});
