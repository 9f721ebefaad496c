// Generated hostile requests against a running local backend: random paths and escapes, random
// methods and headers, random XML signed by a real user, broken aws-chunked framing. Bounded
// in count and time. The backend must never crash or answer 5xx, must stay responsive, and no
// object stored before may change. Prints one summary line.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { newUserWithS3, rewriteRequest, startTestBackend, type TestBackend } from './harness.js';

const ROUNDS = 150; // per kind; 4 kinds
const REQUEST_TIMEOUT_MS = 5000;

/** A small seeded PRNG (mulberry32): the same requests on every run, so a failure reproduces. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]) => items[int(items.length)]!;
  return { next, int, pick };
}

/** Writes `head` (and `body`) on a fresh TCP connection; resolves with the status, or 0 when the server closed without answering. */
function send(port: number, head: string, body: Buffer | string = ''): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms to: ${head.split('\r\n')[0]!.slice(0, 200)}`));
    }, REQUEST_TIMEOUT_MS);
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0), ms: performance.now() - started });
    });
    socket.on('error', () => undefined);
    socket.write(head);
    socket.end(body);
  });
}

describe('generated hostile requests', () => {
  let t: TestBackend;
  let port: number;
  let attacker: S3Client;
  let attackerPrefix: string;
  let victim: S3Client;
  const sentinels = new Map<string, string>();
  const counts = { requests: 0, answered: 0, dropped: 0, slowestMs: 0 };
  const statuses = new Map<number, number>();

  before(async () => {
    t = await startTestBackend({ context: { allowGuests: 'true' } });
    port = Number(new URL(t.backend.url).port);
    const a = await newUserWithS3(t.backend, 'attacker');
    attacker = a.s3;
    attackerPrefix = `private/${a.credentials.identityId}/`;
    const v = await newUserWithS3(t.backend, 'victim');
    victim = v.s3;
    for (const key of [`private/${v.credentials.identityId}/secret.txt`, `protected/${v.credentials.identityId}/shared.txt`, `public/${v.credentials.identityId}/notice.txt`]) {
      await victim.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key: key, Body: `sentinel ${key}` }));
      sentinels.set(key, `sentinel ${key}`);
    }
  });
  after(async () => {
    const codes = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`hostile: ${counts.requests} generated requests, ${counts.answered} answered (${codes}), ${counts.dropped} connections closed without an answer, 0 crashes, 0 5xx, slowest ${Math.round(counts.slowestMs)} ms, ${sentinels.size} stored objects unchanged`);
    await t.stop();
  });

  const record = async (request: Promise<{ status: number; ms: number }>, what: string) => {
    const { status, ms } = await request;
    counts.requests++;
    counts.slowestMs = Math.max(counts.slowestMs, ms);
    if (status === 0) counts.dropped++;
    else counts.answered++;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    assert.ok(status < 500, `${what} answered ${status}`);
  };
  const stillServing = async () => assert.equal((await send(port, `GET /_local/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`)).status, 200, 'the backend still answers');

  it('random paths, escapes, methods and headers', async () => {
    const r = random(20261202);
    const bucket = t.backend.config.bucket;
    const pieces = ['%', '%E0%A4%A', '%00', '%FF', '%2F', '..', '.', '//', '~', ';', '%zz', 'é', '\u202e', '%C0%AF', '?', '&', '=', '#', 'a'.repeat(300), bucket, '.previews', '_local', 'private', 'x'];
    const methods = ['GET', 'PUT', 'POST', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'PROPFIND', 'G\u00e9T'];
    const headers = [
      'Authorization: AWS4-HMAC-SHA256 Credential=AKIA/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=00',
      'Authorization: AWS4-HMAC-SHA256 garbage',
      'Authorization: Bearer x',
      'X-Amz-Content-Sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
      'X-Amz-Content-Sha256: %%%',
      'X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth',
      'X-Amz-Target: AWSCognitoIdentityService.GetId',
      'X-Amz-Target: AWSCognitoIdentityProviderService.__proto__',
      'X-Amz-Target: AWSCognitoIdentityProviderService.AdminConfirmSignUp',
      'Range: bytes=-',
      'Range: bytes=999999999999999999999-',
      'X-Amz-Copy-Source: %E0%A4%A',
      'Content-Type: application/x-amz-json-1.1',
      'Origin: https://evil.example',
      'Content-Encoding: aws-chunked',
      'X-Amz-Decoded-Content-Length: -1',
    ];
    const bodies = ['', '{', '{"__proto__":{"polluted":1}}', '[]', 'null', '{"ClientId":[1,2],"Username":{"a":1}}', '<Delete><Object><Key>x</Key>', 'ZZZZ\r\n\r\n', '0\r\n\r\n'];
    for (let n = 0; n < ROUNDS * 2; n++) {
      const path = `/${Array.from({ length: 1 + r.int(6) }, () => r.pick(pieces)).join(r.pick(['/', '', '?', '&']))}`;
      const chosen = Array.from({ length: r.int(4) }, () => r.pick(headers));
      const body = r.pick(bodies);
      const head = `${r.pick(methods)} ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${chosen.map((h) => `${h}\r\n`).join('')}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`;
      await record(send(port, head, body), head.split('\r\n')[0]!);
      if (n % 50 === 0) await stillServing();
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'no prototype pollution');
  });

  it('random XML in signed DeleteObjects and CompleteMultipartUpload', async () => {
    const r = random(7);
    const { UploadId } = await attacker.send(new CreateMultipartUploadCommand({ Bucket: t.backend.config.bucket, Key: `${attackerPrefix}mp` }));
    const parts = ['<Delete>', '</Delete>', '<Object>', '</Object>', '<Key>', '</Key>', '<Part>', '<PartNumber>', '1', '-5', '99999999999', '<ETag>', '"x"', '&amp;', '&#x110000;', '&#0;', '&bogus;', '&', '<![CDATA[', ']]>', '<!DOCTYPE x [<!ENTITY e "e">]>', '<?xml version="1.0"?>', '\u0000', 'private/', '<Quiet>true</Quiet>', '<Object>'.repeat(50)];
    for (let n = 0; n < ROUNDS; n++) {
      const xml = Array.from({ length: 1 + r.int(30) }, () => r.pick(parts)).join('');
      const command =
        n % 2
          ? new DeleteObjectsCommand({ Bucket: t.backend.config.bucket, Delete: { Objects: [{ Key: 'placeholder' }] } })
          : new CompleteMultipartUploadCommand({ Bucket: t.backend.config.bucket, Key: `${attackerPrefix}mp`, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"x"' }] } });
      rewriteRequest(command, 'checksum', (request) => {
        request.body = xml;
      });
      const started = performance.now();
      let status = 200;
      try {
        await attacker.send(command as never);
      } catch (error) {
        status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      }
      await record(Promise.resolve({ status, ms: performance.now() - started }), `XML ${xml.slice(0, 80)}`);
    }
    await stillServing();
  });

  it('broken aws-chunked framing in signed PUTs', async () => {
    const r = random(99);
    const framings = ['5\r\nhello\r\n0\r\n\r\n', 'ffffffffffffffff\r\n', '5;chunk-signature=zz\r\nhello\r\n', '-1\r\n', '5\r\nhel', '0\r\nx-amz-checksum-crc32:AAAA\r\n', 'z\r\n\r\n', '\r\n\r\n\r\n', `${'1'.repeat(9000)}\r\n`, '5\r\nhello0\r\n\r\n'];
    const modes = ['STREAMING-UNSIGNED-PAYLOAD-TRAILER', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER'];
    for (let n = 0; n < ROUNDS; n++) {
      const body = Array.from({ length: 1 + r.int(4) }, () => r.pick(framings)).join('');
      const command = new PutObjectCommand({ Bucket: t.backend.config.bucket, Key: `${attackerPrefix}chunked-${n}`, Body: 'x' });
      const mode = r.pick(modes);
      rewriteRequest(command, 'signing', (request) => {
        Object.assign(request.headers, { 'x-amz-content-sha256': mode, 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': String(r.int(20)), 'content-length': String(Buffer.byteLength(body)) });
        if (mode.endsWith('TRAILER')) request.headers['x-amz-trailer'] = 'x-amz-checksum-crc32';
        request.body = body;
      });
      const started = performance.now();
      let status = 200;
      try {
        await attacker.send(command);
      } catch (error) {
        status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode ?? 0;
      }
      await record(Promise.resolve({ status, ms: performance.now() - started }), `chunked ${mode} ${JSON.stringify(body.slice(0, 60))}`);
    }
    await stillServing();
  });

  it('left every object stored before as it was', async () => {
    for (const [key, body] of sentinels) {
      const object = await victim.send(new GetObjectCommand({ Bucket: t.backend.config.bucket, Key: key }));
      assert.equal(await object.Body!.transformToString(), body, key);
    }
    const listed = await victim.send(new ListObjectsV2Command({ Bucket: t.backend.config.bucket, Prefix: 'public/' }));
    assert.deepEqual(listed.Contents?.map((o) => o.Key), [...sentinels.keys()].filter((k) => k.startsWith('public/')));
  });
});
