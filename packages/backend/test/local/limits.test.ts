// Server-side limits: the rule the stack's Lambda runs (lib/limits/limits.ts) on a store in
// memory, and the local backend running it for real uploads over HTTP with the SDK.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { enforceLimits, type LimitStore } from '../../lib/limits/limits.js';
import { readRejection } from '../../../widget/src/lib/rejections.js';
import { newUserWithS3, startTestBackend, type TestBackend } from './harness.js';

const ID = 'eu-west-1:0b5c2f7e-1111-2222-3333-444455556666';
const settings = { maxObjectBytes: 100, quotaBytes: 250 };

/** A bucket in memory: key → size, and what was written. */
function memoryStore(sizes: Record<string, number>) {
  const records = new Map<string, string>();
  const removed: string[] = [];
  const store: LimitStore = {
    usage: async (prefixes) => Object.entries(sizes).filter(([k]) => prefixes.some((p) => k.startsWith(p))).reduce((sum, [, size]) => sum + size, 0),
    remove: async (key) => {
      if (key in sizes) removed.push(key);
      delete sizes[key];
    },
    record: async (key, body) => void records.set(key, body),
  };
  return { store, records, removed, sizes };
}

describe('enforceLimits', () => {
  it('removes an object over the size limit, with its preview, and records why under the owner\'s folder', async () => {
    const key = `private/${ID}/trip/abcdefghijkl_big.jpg`;
    const m = memoryStore({ [key]: 101, [`private/${ID}/.previews/trip/abcdefghijkl_big.jpg.webp`]: 5 });
    const rejection = await enforceLimits(m.store, { key, size: 101 }, settings);
    assert.equal(rejection?.reason, 'too-large');
    assert.deepEqual(m.removed, [key, `private/${ID}/.previews/trip/abcdefghijkl_big.jpg.webp`]);
    assert.equal(rejection!.recordKey, `private/${ID}/.rejected/too-large/trip/abcdefghijkl_big.jpg`);
    assert.deepEqual(readRejection(rejection!.recordKey), { recordKey: rejection!.recordKey, reason: 'too-large', key, name: 'big.jpg' });
    assert.equal(JSON.parse(m.records.get(rejection!.recordKey)!).size, 101);
  });

  it('counts the identity\'s objects at every level against its quota, and nobody else\'s', async () => {
    const key = `public/${ID}/abcdefghijkl-c.bin`;
    const m = memoryStore({ [`private/${ID}/a`]: 100, [`protected/${ID}/b`]: 100, [key]: 51, [`private/eu-west-1:99999999-1111-2222-3333-444455556666/x`]: 1000 });
    assert.equal((await enforceLimits(m.store, { key, size: 51 }, settings))?.reason, 'over-quota');
    assert.deepEqual(m.removed, [key]);
    const fits = memoryStore({ [`private/${ID}/a`]: 100, [key]: 50, [`private/eu-west-1:99999999-1111-2222-3333-444455556666/x`]: 1000 });
    assert.equal(await enforceLimits(fits.store, { key, size: 50 }, settings), undefined);
    assert.deepEqual(fits.removed, []);
  });

  it('checks only the size in Amplify Gen 1\'s shared public/ (no owner to charge), and leaves records and other keys alone', async () => {
    const m = memoryStore({ 'public/shared.bin': 60 });
    assert.equal(await enforceLimits(m.store, { key: 'public/shared.bin', size: 60 }, { maxObjectBytes: 100, quotaBytes: 1 }), undefined);
    assert.equal(await enforceLimits(m.store, { key: `private/${ID}/.rejected/too-large/x`, size: 1000 }, settings), undefined);
    assert.equal(await enforceLimits(m.store, { key: 'elsewhere/x', size: 1000 }, settings), undefined);
  });

  it('removes an oversized preview quietly: its file is judged on its own', async () => {
    const key = `private/${ID}/.previews/abcdefghijkl_a.png.webp`;
    const m = memoryStore({ [key]: 500 });
    assert.equal((await enforceLimits(m.store, { key, size: 500 }, settings))?.recordKey, '');
    assert.deepEqual([...m.records.keys()], []);
  });
});

describe('the local backend runs the stack\'s limits on every new object', () => {
  let t: TestBackend;
  const KiB = 1024;
  const MiB = 1024 * KiB;
  before(async () => {
    t = await startTestBackend({ context: { maxObjectBytes: String(6 * MiB), quotaBytes: String(12 * MiB) } });
  });
  after(() => t.stop());

  it('puts the limits in the element\'s config', () => {
    assert.deepEqual(t.backend.config.limits, { maxObjectBytes: 6 * MiB, quotaBytes: 12 * MiB });
    assert.equal(t.backend.config.storageLayout, 'identity-folders');
    assert.equal(t.backend.config.mfa, 'optional', 'the stack\'s MFA mode, for the element');
  });

  it('removes a PUT over the size limit and a multipart upload past the quota, leaving records the owner can list and read', async () => {
    const Bucket = t.backend.config.bucket;
    const user = await newUserWithS3(t.backend);
    const own = `private/${user.credentials.identityId}/`;
    const exists = (Key: string) => user.s3.send(new HeadObjectCommand({ Bucket, Key })).then(() => true, () => false);

    await user.s3.send(new PutObjectCommand({ Bucket, Key: `${own}abcdefghijkl-big.bin`, Body: new Uint8Array(6 * MiB + 1) }));
    assert.equal(await exists(`${own}abcdefghijkl-big.bin`), false, 'over the size limit: removed');

    await user.s3.send(new PutObjectCommand({ Bucket, Key: `${own}abcdefghijkm-first.bin`, Body: new Uint8Array(6 * MiB) }));
    await user.s3.send(new PutObjectCommand({ Bucket, Key: `${own}abcdefghijkn-second.bin`, Body: new Uint8Array(5 * MiB) }));
    assert.equal(await exists(`${own}abcdefghijkn-second.bin`), true, '11 MiB of 12: kept');
    const Key = `${own}abcdefghijko-third.bin`;
    const { UploadId } = await user.s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const part = await user.s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: 1, Body: new Uint8Array(2 * MiB) }));
    await user.s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    assert.equal(await exists(Key), false, 'past the quota: removed');
    assert.equal(await exists(`${own}abcdefghijkn-second.bin`), true, 'what was there stays');

    const listed = await user.s3.send(new ListObjectsV2Command({ Bucket, Prefix: `${own}.rejected/` }));
    const records = (listed.Contents ?? []).map((o) => readRejection(o.Key!));
    assert.deepEqual(records.map((r) => [r?.reason, r?.name]).sort(), [['over-quota', 'third.bin'], ['too-large', 'big.bin']]);
    const body = JSON.parse(await (await user.s3.send(new GetObjectCommand({ Bucket, Key: records.find((r) => r?.reason === 'over-quota')!.recordKey }))).Body!.transformToString());
    assert.equal(body.quotaBytes, 12 * MiB);
    assert.ok(t.log.some((line) => /limits: removed .*third\.bin .*over the owner's 12582912-byte quota/.test(line)), 'the log says what and why');
  });

  it('the Lambda handler itself, fed an S3 event, removes through the SDK what breaks its limits', async () => {
    // The handler builds its S3 client from the environment, as in Lambda; here it talks to this
    // backend with the owner's own credentials, which allow everything it does in the owner's folder.
    const Bucket = t.backend.config.bucket;
    const user = await newUserWithS3(t.backend);
    const credentials = await user.s3.config.credentials();
    const lambdaEnvironment: Record<string, string> = {
      AWS_REGION: t.backend.config.region,
      AWS_ENDPOINT_URL_S3: t.backend.url,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_SESSION_TOKEN: credentials.sessionToken ?? '',
      MAX_OBJECT_BYTES: '1000',
      QUOTA_BYTES: '5000',
    };
    const saved = Object.fromEntries(Object.keys(lambdaEnvironment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, lambdaEnvironment);
    try {
      const { handler } = await import('../../lib/limits/handler.js');
      const Key = `private/${user.credentials.identityId}/abcdefghijkl-a b+c.bin`;
      await user.s3.send(new PutObjectCommand({ Bucket, Key, Body: new Uint8Array(1001) }));
      // S3 events URL-encode keys, with + for spaces.
      const eventKey = encodeURIComponent(Key).replace(/%20/g, '+').replace(/%2F/g, '/');
      await handler({ Records: [{ s3: { bucket: { name: Bucket }, object: { key: eventKey, size: 1001 } } }] });
      await assert.rejects(user.s3.send(new HeadObjectCommand({ Bucket, Key })));
      const record = `private/${user.credentials.identityId}/.rejected/too-large/abcdefghijkl-a b+c.bin`;
      assert.equal(JSON.parse(await (await user.s3.send(new GetObjectCommand({ Bucket, Key: record }))).Body!.transformToString()).maxObjectBytes, 1000);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
