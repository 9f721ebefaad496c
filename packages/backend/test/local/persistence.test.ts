import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand, CreateMultipartUploadCommand, ListPartsCommand } from '@aws-sdk/client-s3';
import type { LocalBackend } from '../../local/server.js';
import { spawnLocalBackend } from '../../local/spawn.mjs';
import { credentialsFor, newSignedInUser, PASSWORD, s3Client, signIn, startTestBackend, synthForTest, userPool } from './harness.js';

const MiB = 1024 * 1024;
/** The local backend as its own process (so it can be killed with SIGKILL). */
async function spawnBackend(dataDir: string, templatePath: string, port = 0): Promise<{ child: ChildProcess; backend: LocalBackend }> {
  const { child, url, config, adminToken } = await spawnLocalBackend({ args: ['--port', String(port), '--data', dataDir, '--template', templatePath] });
  return { child, backend: { url, config, adminToken } as unknown as LocalBackend };
}

describe('the local backend keeps its state', () => {
  let dataDir: string;
  let templatePath: string;
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'su-persist-'));
    templatePath = join(dataDir, '..', `${dataDir.split('/').pop()}-template.json`);
    await writeFile(templatePath, JSON.stringify(await synthForTest()));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
    await rm(templatePath, { force: true });
  });

  it('keeps users, identities and objects across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'su-restart-'));
    try {
      const first = await startTestBackend({ dataDir: dir });
      const { email, session } = await newSignedInUser(first.backend, 'restart');
      const credentials = await credentialsFor(first.backend, session.getIdToken().getJwtToken());
      const Key = `private/${credentials.identityId}/kept.txt`;
      await s3Client(first.backend, credentials).send(new PutObjectCommand({ Bucket: first.backend.config.bucket, Key, Body: 'still here' }));
      const port = Number(new URL(first.backend.url).port);
      await first.stop();

      const second = await startTestBackend({ dataDir: dir, port });
      try {
        assert.deepEqual(second.backend.config, first.backend.config, 'same pool, client, identity pool and bucket');
        const again = await signIn(userPool(second.backend), email, PASSWORD);
        const credentialsAgain = await credentialsFor(second.backend, again.session.getIdToken().getJwtToken());
        assert.equal(credentialsAgain.identityId, credentials.identityId);
        const object = await s3Client(second.backend, credentials).send(new GetObjectCommand({ Bucket: second.backend.config.bucket, Key }));
        assert.equal(await object.Body!.transformToString(), 'still here', 'credentials issued before the restart still work');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a kill -9 during uploads leaves no partial object or part visible, and the old version intact', async () => {
    let { child, backend } = await spawnBackend(dataDir, templatePath);
    const port = Number(new URL(backend.url).port);
    const { session } = await newSignedInUser(backend, 'crash');
    const credentials = await credentialsFor(backend, session.getIdToken().getJwtToken());
    const Bucket = backend.config.bucket;
    const prefix = `private/${credentials.identityId}/`;
    const s3 = s3Client(backend, credentials, { maxAttempts: 1 });
    await s3.send(new PutObjectCommand({ Bucket, Key: `${prefix}photo.jpg`, Body: 'version 1' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: `${prefix}big.bin` }));
    await s3.send(new UploadPartCommand({ Bucket, Key: `${prefix}big.bin`, UploadId, PartNumber: 1, Body: Buffer.alloc(5 * MiB, 1) }));

    // Two uploads stream slowly; the process is killed when 8 MiB of each have been sent.
    let sent = 0;
    const slowBody = () =>
      Readable.from(
        (async function* () {
          for (let i = 0; i < 64; i++) {
            sent += MiB;
            if (sent >= 16 * MiB) child.kill('SIGKILL');
            yield Buffer.alloc(MiB, 2);
            await new Promise((r) => setTimeout(r, 10));
          }
        })(),
      );
    const overwrite = s3.send(new PutObjectCommand({ Bucket, Key: `${prefix}photo.jpg`, Body: slowBody(), ContentLength: 64 * MiB }));
    const newObject = s3.send(new UploadPartCommand({ Bucket, Key: `${prefix}big.bin`, UploadId, PartNumber: 2, Body: slowBody(), ContentLength: 64 * MiB }));
    const outcomes = await Promise.allSettled([overwrite, newObject]);
    assert.deepEqual(outcomes.map((o) => o.status), ['rejected', 'rejected']);
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));

    ({ child, backend } = await spawnBackend(dataDir, templatePath, port));
    try {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: prefix }));
      assert.deepEqual(listed.Contents?.map((o) => [o.Key, o.Size]), [[`${prefix}photo.jpg`, 9]]);
      const photo = await s3.send(new GetObjectCommand({ Bucket, Key: `${prefix}photo.jpg` }));
      assert.equal(await photo.Body!.transformToString(), 'version 1');
      const parts = await s3.send(new ListPartsCommand({ Bucket, Key: `${prefix}big.bin`, UploadId }));
      assert.deepEqual(parts.Parts?.map((p) => [p.PartNumber, p.Size]), [[1, 5 * MiB]], 'only the finished part');
      assert.deepEqual(await readdir(join(dataDir, 's3', 'staging')), [], 'no temporary files left');
    } finally {
      child.kill('SIGTERM');
    }
  });
});
