/**
 * Benchmark: the local backend's S3 throughput against copying the same bytes on disk, and
 * small-PUT request rate against a bare Node HTTP server, all measured in this run.
 * Prints human lines, then one JSON line.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, writeFile, open } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { newUserWithS3, s3Client, startTestBackend } from '../packages/backend/test/local/harness.js';

const MiB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_SIZE_MIB ?? 1024);
const SMALL_PUTS = 200;
const ROUNDS = 3;

const seconds = async (work: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
};
const best = async (times: number, work: () => Promise<unknown>) => {
  let fastest = Infinity;
  for (let i = 0; i < times; i++) fastest = Math.min(fastest, await seconds(work));
  return fastest;
};

const dir = await mkdtemp(join(tmpdir(), 'su-bench-'));
const source = join(dir, 'source.bin');
{
  const file = await open(source, 'w');
  const block = randomBytes(MiB);
  for (let i = 0; i < SIZE_MIB; i++) await file.write(block);
  await file.close();
}

const t = await startTestBackend({ dataDir: join(dir, 'data') });
process.env.LOCAL_AWS_LOG = 'quiet';
try {
  const user = await newUserWithS3(t.backend, 'bench');
  const agent = new Agent({ keepAlive: true, maxSockets: SMALL_PUTS });
  const s3 = s3Client(t.backend, user.credentials, { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', requestHandler: new NodeHttpHandler({ httpAgent: agent }) });
  const Bucket = t.backend.config.bucket;
  const Key = `private/${user.credentials.identityId}/big.bin`;

  // Baseline: the same bytes read and written through streams on the same disk.
  const diskCopy = await best(ROUNDS, () => pipeline(createReadStream(source, { highWaterMark: MiB }), createWriteStream(join(dir, 'copy.bin'))));
  const diskRead = await best(ROUNDS, () => pipeline(createReadStream(source, { highWaterMark: MiB }), new Writable({ write: (_c, _e, done) => done() })));
  const put = await best(ROUNDS, () => s3.send(new PutObjectCommand({ Bucket, Key, Body: createReadStream(source, { highWaterMark: MiB }), ContentLength: SIZE_MIB * MiB })));
  const get = await best(ROUNDS, async () => {
    const response = await s3.send(new GetObjectCommand({ Bucket, Key }));
    await pipeline(response.Body as NodeJS.ReadableStream, new Writable({ write: (_c, _e, done) => done() }));
  });

  // Small PUTs: 200 at once through the S3 client, against 200 at once to a bare server.
  const small = Buffer.alloc(1024, 7);
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end());
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as { port: number }).port;
  const barePut = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: barePort, method: 'PUT', path: '/x', agent, headers: { 'content-length': small.length } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(small);
    });
  const bareSeconds = await best(ROUNDS, () => Promise.all(Array.from({ length: SMALL_PUTS }, barePut)));
  const s3Seconds = await best(ROUNDS, () =>
    Promise.all(Array.from({ length: SMALL_PUTS }, (_, i) => s3.send(new PutObjectCommand({ Bucket, Key: `private/${user.credentials.identityId}/small/${i}`, Body: small })))),
  );
  bare.close();
  agent.destroy();

  const mbps = (s: number) => Math.round((SIZE_MIB / s) * 10) / 10;
  const result = {
    benchmark: 'local-backend',
    sizeMiB: SIZE_MIB,
    diskCopyMiBps: mbps(diskCopy),
    diskReadMiBps: mbps(diskRead),
    putMiBps: mbps(put),
    getMiBps: mbps(get),
    putVsDiskCopy: Math.round((diskCopy / put) * 100) / 100,
    getVsDiskRead: Math.round((diskRead / get) * 100) / 100,
    smallPutsConcurrent: SMALL_PUTS,
    smallPutsPerSecond: Math.round(SMALL_PUTS / s3Seconds),
    bareHttpPutsPerSecond: Math.round(SMALL_PUTS / bareSeconds),
    smallPutsVsBareHttp: Math.round((bareSeconds / s3Seconds) * 100) / 100,
  };
  console.log(`local backend: PUT ${result.putMiBps} MiB/s (${result.putVsDiskCopy}× a disk copy at ${result.diskCopyMiBps} MiB/s), GET ${result.getMiBps} MiB/s (${result.getVsDiskRead}× a disk read)`);
  console.log(`local backend: ${SMALL_PUTS} concurrent 1 KiB PUTs: ${result.smallPutsPerSecond}/s (${result.smallPutsVsBareHttp}× a bare Node server's ${result.bareHttpPutsPerSecond}/s)`);
  console.log(JSON.stringify(result));
  await writeFile(join(dir, 'done'), '');
} finally {
  await t.stop();
  await rm(dir, { recursive: true, force: true });
}
