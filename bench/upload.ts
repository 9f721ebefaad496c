/**
 * Benchmark: 1 GiB uploaded by <secure-uploader> in Chromium, with checksums (a CRC-32C on
 * every part, computed in a worker, and the whole file's verified at completion) and without
 * (`checksum="off"`), against the two plainest uploads of the same File from the same page to
 * the same local backend:
 *   - one PUT of the File to a presigned URL (the best a page can do in one request), sent with
 *     `fetch` and with XMLHttpRequest; the faster of the two in the run is the baseline;
 *   - a bare multipart loop: presigned UploadPart URLs, `fetch`, the element's part size (8 MiB)
 *     and parallelism (4), no checksums, no progress, no retries.
 * The plain PUT is measured a second way, outside the browser: Node streaming the same bytes from
 * a file to a presigned URL, to show whether the page or the backend is the ceiling.
 * Three rounds, the order rotating each round; median and spread (min–max) of each; the page's
 * JS heap growth during the element's uploads; and the CPU time each process spent per GiB
 * (process-cpu.ts), which shows what caps each way of uploading when the browser and the backend
 * share the machine's cores. Prints human lines, then one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectCommand, PutObjectCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { credentialsFor, s3Client } from '../packages/backend/test/local/harness.js';
import { openSignedInPage, settle } from './browser-session.js';
import { cpuBetween, cpuSeconds, type CpuSeconds } from './process-cpu.js';

const MiB = 1024 * 1024;
const SIZE_MIB = Number(process.env.BENCH_UPLOAD_MIB ?? 1024);
const ROUNDS = 3;
const PART_MIB = 8;
const PARALLEL = 4;

const { t, page, idToken, close } = await openSignedInPage({ autoUpload: true, extraArgs: ['--enable-precise-memory-info'] });
const scratch = await mkdtemp(join(tmpdir(), 'su-bench-upload-'));
// What the page said, printed if a run fails.
const pageLog: string[] = [];
page.on('console', (message) => pageLog.push(`console ${message.type()}: ${message.text()}`));
page.on('requestfailed', (request) => pageLog.push(`request failed: ${request.method()} ${request.url().slice(0, 160)}: ${request.failure()?.errorText}`));
try {
  const credentials = await credentialsFor(t.backend, idToken);
  const s3 = s3Client(t.backend, credentials, { requestChecksumCalculation: 'WHEN_REQUIRED' });
  const Bucket = t.backend.config.bucket;
  const own = `private/${credentials.identityId}/`;

  // The same bytes for every upload: 64 different random MiB, repeated, written to a file that
  // Node's PUT streams and the page picks through a file input, as a visitor's file arrives: a
  // File backed by the disk, which Chromium reads as it sends instead of holding it in memory.
  const nodeSource = join(scratch, 'bench.bin');
  {
    const file = await open(nodeSource, 'w');
    const random = randomBytes(64 * MiB);
    for (let i = 0; i < SIZE_MIB; i++) await file.write(random, (i % 64) * MiB, MiB);
    await file.close();
  }
  await page.evaluate(() => {
    const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-file', hidden: true });
    input.addEventListener('change', () => ((window as unknown as { benchFile: File }).benchFile = input.files![0]!));
    document.body.append(input);
  });
  await page.locator('#bench-file').setInputFiles(nodeSource);
  await page.waitForFunction((bytes) => (window as unknown as { benchFile?: File }).benchFile?.size === bytes, SIZE_MIB * MiB);
  const forget = (Key: string) => s3.send(new DeleteObjectCommand({ Bucket, Key }));

  // One PUT of the File to a presigned URL, sent with fetch or with XMLHttpRequest (which
  // Chromium sends faster: it hands a whole File to the network service to read): the baseline is
  // the faster of the two, so the element is held to the best single request.
  const plainPutBy = (via: 'fetch' | 'xhr') => async (round: number) => {
    const Key = `${own}plain-${via}-${round}.bin`;
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key }), { expiresIn: 3600 });
    const seconds = await page.evaluate(
      async ({ target, via }) => {
        const file = (window as unknown as { benchFile: File }).benchFile;
        const started = performance.now();
        const status =
          via === 'fetch'
            ? (await fetch(target, { method: 'PUT', body: file })).status
            : await new Promise<number>((resolve, reject) => {
                const xhr = new XMLHttpRequest();
                xhr.open('PUT', target);
                xhr.onload = () => resolve(xhr.status);
                xhr.onerror = () => reject(new Error('plain XHR PUT: network error'));
                xhr.send(file);
              });
        if (status !== 200) throw new Error(`plain ${via} PUT failed: ${status}`);
        return (performance.now() - started) / 1000;
      },
      { target: url, via },
    );
    await forget(Key);
    return { seconds };
  };

  const nodePut = async (round: number) => {
    const Key = `${own}node-${round}.bin`;
    const url = new URL(await getSignedUrl(s3, new PutObjectCommand({ Bucket, Key }), { expiresIn: 3600 }));
    const started = process.hrtime.bigint();
    await new Promise<void>((resolve, reject) => {
      const req = request(url, { method: 'PUT', headers: { 'content-length': String(SIZE_MIB * MiB) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`Node PUT failed: ${res.statusCode}`))));
      });
      req.on('error', reject);
      pipeline(createReadStream(nodeSource, { highWaterMark: MiB }), req).catch(reject);
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await forget(Key);
    return { seconds };
  };

  const bareMultipart = async (round: number) => {
    const Key = `${own}bare-${round}.bin`;
    const started = process.hrtime.bigint();
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key }));
    const partCount = Math.ceil(SIZE_MIB / PART_MIB);
    const urls = await Promise.all(Array.from({ length: partCount }, (_, i) => getSignedUrl(s3, new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1 }), { expiresIn: 3600 })));
    const etags = await page.evaluate(
      async ({ urls, partBytes, parallel }) => {
        const file = (window as unknown as { benchFile: File }).benchFile;
        const etags: string[] = [];
        let next = 0;
        const worker = async () => {
          for (let i = next++; i < urls.length; i = next++) {
            const response = await fetch(urls[i]!, { method: 'PUT', body: file.slice(i * partBytes, (i + 1) * partBytes) });
            if (!response.ok) throw new Error(`part ${i + 1} failed: ${response.status}`);
            etags[i] = response.headers.get('etag')!;
          }
        };
        await Promise.all(Array.from({ length: parallel }, worker));
        return etags;
      },
      { urls, partBytes: PART_MIB * MiB, parallel: PARALLEL },
    );
    await s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })) } }));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await forget(Key);
    return { seconds };
  };

  const element = (checksum: 'crc32c' | 'off') => async () => {
    const run = await page.evaluate(async (mode) => {
      const memory = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
      const el = document.querySelector('secure-uploader') as HTMLElement & { checksum: string };
      el.checksum = mode;
      const zone = el.shadowRoot!.querySelector('[part~="dropzone"]')!;
      const heapBefore = memory();
      let heapPeak = heapBefore;
      const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, memory())), 50);
      const done = new Promise<{ key: string; crc32c?: string }>((resolve, reject) => {
        el.addEventListener('su-upload-success', (e) => resolve((e as CustomEvent).detail), { once: true });
        el.addEventListener('su-upload-error', (e) => reject(new Error((e as CustomEvent).detail.message)), { once: true });
      });
      const started = performance.now();
      const transfer = new DataTransfer();
      transfer.items.add((window as unknown as { benchFile: File }).benchFile);
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: transfer }));
      const detail = await done;
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      return { seconds, heapGrowthMiB: (heapPeak - heapBefore) / 1024 / 1024, key: detail.key, checked: Boolean(detail.crc32c) };
    }, checksum);
    if (run.checked !== (checksum === 'crc32c')) throw new Error(`the element's upload ${run.checked ? 'carried' : 'lacked'} a checksum with checksum="${checksum}"`);
    await forget(run.key);
    return run;
  };

  const kinds = {
    plainPut: plainPutBy('fetch'),
    plainPutXhr: plainPutBy('xhr'),
    bareMultipart,
    elementChecksums: element('crc32c'),
    elementNoChecksums: element('off'),
    nodePut,
  } as const;
  type Kind = keyof typeof kinds;
  const order = Object.keys(kinds) as Kind[];
  const runs: Record<Kind, { seconds: number; heapGrowthMiB?: number; cpu: CpuSeconds }[]> = { plainPut: [], plainPutXhr: [], bareMultipart: [], elementChecksums: [], elementNoChecksums: [], nodePut: [] };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternating: each round starts one later, so none always runs on a fresh or a tired backend.
    for (const kind of [...order.slice(round), ...order.slice(0, round)]) {
      await settle(page, 1000);
      const before = await cpuSeconds();
      const run = await kinds[kind](round);
      runs[kind].push({ ...run, cpu: cpuBetween(before, await cpuSeconds()) });
    }
  }

  const mibps = (seconds: number) => SIZE_MIB / seconds;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const round1 = (n: number) => Math.round(n * 10) / 10;
  const stats = Object.fromEntries(
    order.map((kind) => {
      const speeds = runs[kind].map((r) => mibps(r.seconds));
      return [kind, { medianMiBps: round1(median(speeds)), minMiBps: round1(Math.min(...speeds)), maxMiBps: round1(Math.max(...speeds)) }];
    }),
  ) as Record<Kind, { medianMiBps: number; minMiBps: number; maxMiBps: number }>;
  const ratio = (a: Kind, b: Kind) => Math.round((stats[a].medianMiBps / stats[b].medianMiBps) * 100) / 100;
  // The plain PUT the element is held to: the faster of fetch and XMLHttpRequest in this run.
  const bestPlain: Kind = stats.plainPutXhr.medianMiBps > stats.plainPut.medianMiBps ? 'plainPutXhr' : 'plainPut';
  // CPU seconds per GiB by process (median over the rounds): where each way of uploading spends
  // the machine. `backend` is this Node process: the local backend (and, for nodePut, its client).
  const perGiB = SIZE_MIB / 1024;
  const cpu = Object.fromEntries(
    order.map((kind) => {
      const processes = [...new Set(runs[kind].flatMap((r) => Object.keys(r.cpu)))].sort();
      return [kind, Object.fromEntries(processes.map((process) => [process, round1(median(runs[kind].map((r) => r.cpu[process] ?? 0)) / perGiB)]))];
    }),
  ) as Record<Kind, CpuSeconds>;
  const heap = (kind: Kind) => round1(Math.max(...runs[kind].map((r) => r.heapGrowthMiB ?? 0)));
  const result = {
    benchmark: 'upload',
    sizeMiB: SIZE_MIB,
    rounds: ROUNDS,
    ...stats,
    bestPlainPut: bestPlain === 'plainPutXhr' ? 'xhr' : 'fetch',
    withChecksumsVsPlainPut: ratio('elementChecksums', bestPlain),
    withChecksumsVsBareMultipart: ratio('elementChecksums', 'bareMultipart'),
    // The issue's own wording measures against the fetch PUT: given too, beside the best.
    withChecksumsVsFetchPut: ratio('elementChecksums', 'plainPut'),
    withoutChecksumsVsPlainPut: ratio('elementNoChecksums', bestPlain),
    withoutChecksumsVsBareMultipart: ratio('elementNoChecksums', 'bareMultipart'),
    withoutChecksumsVsFetchPut: ratio('elementNoChecksums', 'plainPut'),
    plainPutBrowserVsNode: ratio(bestPlain, 'nodePut'),
    heapGrowthMiB: { withChecksums: heap('elementChecksums'), withoutChecksums: heap('elementNoChecksums') },
    cpuSecondsPerGiB: cpu,
  };
  const line = (kind: Kind) => `${stats[kind].medianMiBps} MiB/s (${stats[kind].minMiBps}–${stats[kind].maxMiBps})`;
  console.log(`upload: ${SIZE_MIB} MiB, ${ROUNDS} alternating rounds, median (min–max)`);
  console.log(`upload:   plain fetch PUT      ${line('plainPut')}; through XMLHttpRequest ${line('plainPutXhr')}; the faster (${result.bestPlainPut}) is the plain PUT below`);
  console.log(`upload:   the same PUT from Node, no browser: ${line('nodePut')} (browser/Node ${result.plainPutBrowserVsNode})`);
  console.log(`upload:   bare multipart loop  ${line('bareMultipart')}`);
  console.log(`upload:   element, checksums   ${line('elementChecksums')}: ${result.withChecksumsVsPlainPut}× the plain PUT (${result.withChecksumsVsFetchPut}× the fetch PUT), ${result.withChecksumsVsBareMultipart}× the bare loop; JS heap grew ${result.heapGrowthMiB.withChecksums} MiB`);
  console.log(`upload:   element, no checksum ${line('elementNoChecksums')}: ${result.withoutChecksumsVsPlainPut}× the plain PUT (${result.withoutChecksumsVsFetchPut}× the fetch PUT), ${result.withoutChecksumsVsBareMultipart}× the bare loop; JS heap grew ${result.heapGrowthMiB.withoutChecksums} MiB`);
  const cpuLine = (kind: Kind) => Object.entries(cpu[kind]).map(([process, seconds]) => `${process} ${seconds}`).join(', ');
  console.log(`upload: CPU seconds per GiB by process (median; backend = the local backend's Node process):`);
  for (const kind of order) console.log(`upload:   ${kind.padEnd(20)} ${cpuLine(kind)}`);
  console.log(JSON.stringify(result));
} catch (error) {
  // What the backend said last: the request that failed, and why.
  console.error(t.log.slice(-25).join('\n'));
  console.error(pageLog.slice(-25).join('\n'));
  throw error;
} finally {
  await rm(scratch, { recursive: true, force: true });
  await close();
}
