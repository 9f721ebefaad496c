/**
 * Benchmark: a large file uploaded by <secure-uploader> in Chromium (parallel multipart through
 * its XHR handler) against the plainest possible upload of the same bytes from the same page: one
 * `fetch` PUT of the File to a presigned URL on the same local backend. Also the page's JS heap
 * during the element's upload (File bodies should keep it flat). Prints one JSON line at the end.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { credentialsFor, s3Client } from '../packages/backend/test/local/harness.js';
import { openSignedInPage } from './browser-session.js';

const SIZE_MIB = Number(process.env.BENCH_UPLOAD_MIB ?? 256);
const ROUNDS = 2;

const { t, page, idToken, close } = await openSignedInPage({ autoUpload: true, extraArgs: ['--enable-precise-memory-info'] });
try {
  const credentials = await credentialsFor(t.backend, idToken);
  const s3 = s3Client(t.backend, credentials);

  // The same bytes for both: a File built from 1 MiB items, so slicing it copies nothing.
  await page.evaluate((mib) => {
    const item = new Uint8Array(1024 * 1024).map((_, i) => i % 251);
    (window as unknown as { benchFile: File }).benchFile = new File(Array.from({ length: mib }, () => item), 'bench.bin', { type: 'application/octet-stream' });
  }, SIZE_MIB);

  const plainFetch = async () => {
    const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: t.backend.config.bucket, Key: `private/${credentials.identityId}/plain.bin` }), { expiresIn: 600 });
    return page.evaluate(async (target) => {
      const started = performance.now();
      const response = await fetch(target, { method: 'PUT', body: (window as unknown as { benchFile: File }).benchFile });
      if (!response.ok) throw new Error(`plain PUT failed: ${response.status}`);
      return (performance.now() - started) / 1000;
    }, url);
  };

  const element = () =>
    page.evaluate(async () => {
      const memory = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
      const el = document.querySelector('secure-uploader')!;
      const zone = el.shadowRoot!.querySelector('[part~="dropzone"]')!;
      const heapBefore = memory();
      let heapPeak = heapBefore;
      const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, memory())), 50);
      const started = performance.now();
      const done = new Promise<void>((resolve, reject) => {
        el.addEventListener('su-upload-success', () => resolve(), { once: true });
        el.addEventListener('su-upload-error', (e) => reject(new Error((e as CustomEvent).detail.message)), { once: true });
      });
      const transfer = new DataTransfer();
      transfer.items.add((window as unknown as { benchFile: File }).benchFile);
      zone.dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: transfer }));
      await done;
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      return { seconds, heapGrowthMiB: (heapPeak - heapBefore) / 1024 / 1024 };
    });

  let fetchSeconds = Infinity;
  let elementSeconds = Infinity;
  let heapGrowthMiB = 0;
  for (let round = 0; round < ROUNDS; round++) {
    fetchSeconds = Math.min(fetchSeconds, await plainFetch());
    const run = await element();
    elementSeconds = Math.min(elementSeconds, run.seconds);
    heapGrowthMiB = Math.max(heapGrowthMiB, run.heapGrowthMiB);
  }
  const result = {
    benchmark: 'upload',
    sizeMiB: SIZE_MIB,
    plainFetchMiBps: Math.round((SIZE_MIB / fetchSeconds) * 10) / 10,
    elementMiBps: Math.round((SIZE_MIB / elementSeconds) * 10) / 10,
    elementVsPlainFetch: Math.round((fetchSeconds / elementSeconds) * 100) / 100,
    elementHeapGrowthMiB: Math.round(heapGrowthMiB * 10) / 10,
  };
  console.log(`upload: ${SIZE_MIB} MiB by the element at ${result.elementMiBps} MiB/s, ${result.elementVsPlainFetch}× a plain fetch PUT (${result.plainFetchMiBps} MiB/s); JS heap grew ${result.elementHeapGrowthMiB} MiB`);
  console.log(JSON.stringify(result));
} finally {
  await close();
}
