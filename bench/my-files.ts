/**
 * Benchmark: "My files" for an account of 10,000 files, 200 of them photos of 8 MiB, measured
 * from the click on "Sign in" until the first screen settles (no request open or started for
 * 500 ms): time to the first row, requests and bytes the browser fetched (counted by a proxy in
 * front of the local backend, so the thumbnail worker's requests count too). Then scrolling to
 * the last file: the longest gap between animation frames and the JS heap's peak.
 *   (a) the photos as the element uploads them (a small preview stored beside each);
 *   (b) the same photos put by another tool (no previews; cameras' EXIF thumbnails inside).
 * The baseline is the element as it was before (commit BASELINE_COMMIT: one HeadObject per
 * file, every row rendered, thumbnails from the full originals), built from git and run in the
 * same page and the same run, rounds alternating. Prints one JSON line at the end.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { chromium, type Browser } from 'playwright-core';
import { objectKey, previewKey, uploadId } from '../packages/widget/src/lib/keys.js';
import { withExifThumbnail } from '../packages/widget/test/fixtures/exif-jpeg.js';
import { credentialsFor, newSignedInUser, PASSWORD, s3Client, startTestBackend } from '../packages/backend/test/local/harness.js';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { freePort, serveDemo } from '../scripts/serve-demo.mjs';
import { buildBaselineElement } from './baseline-element.js';
import { startCountingProxy, untilQuiet } from './counting-proxy.js';

const FILES = Number(process.env.BENCH_LIST_FILES ?? 10_000);
const PHOTOS = Number(process.env.BENCH_LIST_PHOTOS ?? 200);
const PHOTO_BYTES = 8 * 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_LIST_ROUNDS ?? 3);
/** The element before issue "My files at real scale" landed. */
const BASELINE_COMMIT = 'b2337d5';
/** The baseline may take minutes; past these its numbers are lower bounds (and said to be). */
const SETTLE_TIMEOUT_MS = 60_000;
const SCROLL_TIMEOUT_MS = 60_000;

const root = fileURLToPath(new URL('..', import.meta.url));
type Variant = 'current' | 'baseline';
type Scenario = 'element-uploads' | 'other-tool';

execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
const baselineDist = await buildBaselineElement(BASELINE_COMMIT);
// The demo page twice: with the current build, and with the baseline's at /dist/.
const origins: Record<Variant, string> = { current: `http://127.0.0.1:${await freePort()}`, baseline: `http://127.0.0.1:${await freePort()}` };
const origin = origins.current;
// The proxy forwards the browser's Host header unchanged (SigV4 signs it): the backend must accept it.
const proxyPort = await freePort();
const t = await startTestBackend({ context: { allowedOrigins: Object.values(origins).join(',') }, allowedHosts: [`127.0.0.1:${proxyPort}`] });
const proxy = await startCountingProxy(t.backend.url, proxyPort);
const config = () => ({ ...t.backend.config, endpoint: proxy.url });
const demos = await Promise.all([
  serveDemo({ port: Number(new URL(origins.current).port), config }),
  serveDemo({ port: Number(new URL(origins.baseline).port), config, dist: baselineDist }),
]);
const browser: Browser = await chromium.launch({ executablePath: chromiumPath, args: [...chromiumArgs, '--enable-precise-memory-info'] });

/** Runs `jobs` with at most `limit` at a time. */
async function inParallel(limit: number, jobs: (() => Promise<unknown>)[]) {
  const queue = [...jobs];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  }));
}

/** A photo (1200×900 JPEG with a 160×120 camera thumbnail in its EXIF, padded to 8 MiB) and the 256 px preview the element stores for it. */
async function makePhoto(): Promise<{ photo: Uint8Array; preview: Uint8Array }> {
  const page = await browser.newPage();
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.goto(origin);
  const made = await page.evaluate(async () => {
    const draw = async (width: number, height: number, type: string) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const gradient = context.createLinearGradient(0, 0, width, height);
      gradient.addColorStop(0, '#2a6f97');
      gradient.addColorStop(1, '#f4a261');
      context.fillStyle = gradient;
      context.fillRect(0, 0, width, height);
      return [...new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.85 })).arrayBuffer())];
    };
    return { photo: await draw(1200, 900, 'image/jpeg'), thumb: await draw(160, 120, 'image/jpeg'), preview: await draw(256, 192, 'image/webp') };
  });
  await page.close();
  const withExif = withExifThumbnail(new Uint8Array(made.photo), new Uint8Array(made.thumb));
  const photo = new Uint8Array(PHOTO_BYTES);
  photo.set(withExif); // the rest after the end-of-image marker, as big camera files are big
  return { photo, preview: new Uint8Array(made.preview) };
}

/** A new account holding FILES files: documents, then the photos as the newest. */
async function seedAccount(scenario: Scenario, photo: Uint8Array, preview: Uint8Array): Promise<string> {
  const { email, session } = await newSignedInUser(t.backend, scenario);
  const credentials = await credentialsFor(t.backend, session.getIdToken().getJwtToken());
  const s3: S3Client = s3Client(t.backend, credentials);
  const put = (Key: string, Body: Uint8Array | string, ContentType: string) => () => s3.send(new PutObjectCommand({ Bucket: t.backend.config.bucket, Key, Body, ContentType }));
  const id = credentials.identityId;
  const start = Date.now() - 30 * 24 * 3600 * 1000;
  const documents = FILES - PHOTOS;
  await inParallel(32, Array.from({ length: documents }, (_, n) => put(objectKey(`private/${id}/`, `document ${n}.txt`, uploadId(start + n * 1000)), `document ${n}\n`.padEnd(1024, '.'), 'text/plain')));
  const photos = Array.from({ length: PHOTOS }, (_, n) => {
    if (scenario === 'other-tool') return [put(`private/${id}/IMG_${String(n).padStart(4, '0')}.JPG`, photo, 'image/jpeg')];
    const key = objectKey(`private/${id}/`, `Photo ${n}.jpg`, uploadId(Date.now() + n * 1000), true);
    return [put(key, photo, 'image/jpeg'), put(previewKey(key)!, preview, 'image/webp')];
  });
  await inParallel(8, photos.flat());
  return email;
}

interface Measurement {
  firstRowMs: number;
  /** Rows on the settled first screen that show a thumbnail. */
  thumbnails: number;
  requests: number;
  mib: number;
  settled: boolean;
  /** Reached the last file by scrolling within SCROLL_TIMEOUT_MS. */
  reachedEnd: boolean;
  longestFrameGapMs: number;
  heapPeakMiB: number;
}

async function measure(variant: Variant, email: string): Promise<Measurement> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  try {
    await page.goto(origins[variant]);
    const uploader = page.locator('secure-uploader');
    await uploader.getByLabel('Email').fill(email);
    await uploader.getByLabel('Password').fill(PASSWORD);
    await page.evaluate(() => {
      const root = document.querySelector('secure-uploader')!.shadowRoot!;
      const w = window as unknown as { clickedAt: number; firstRow: Promise<number> };
      root.addEventListener('submit', () => (w.clickedAt = performance.now()), true);
      w.firstRow = new Promise((resolve, reject) => {
        const giveUp = performance.now() + 60_000;
        const check = () => {
          if (root.querySelector('[part~="file"]')) resolve(performance.now());
          else if (performance.now() > giveUp) reject(new Error(`no file row after 60 s; the element says: ${root.textContent?.replace(/\s+/g, ' ').slice(0, 300)}`));
          else requestAnimationFrame(check);
        };
        check();
      });
    });
    proxy.reset();
    const clickedAt = performance.now();
    await uploader.getByRole('button', { name: 'Sign in' }).click();
    const firstRowMs = await page.evaluate(async () => {
      const w = window as unknown as { clickedAt: number; firstRow: Promise<number> };
      return (await w.firstRow) - w.clickedAt;
    });
    // Quiet on the network, and still quiet once the page's main thread has drawn a frame (a
    // page busy rendering starts its next requests only after).
    const deadline = performance.now() + SETTLE_TIMEOUT_MS;
    let quiet: { settled: boolean; seconds: number };
    for (;;) {
      quiet = await untilQuiet(proxy.counts, 500, Math.max(0, deadline - performance.now()));
      const seen = proxy.counts.requests;
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 100))));
      if (!quiet.settled || (proxy.counts.requests === seen && proxy.counts.open === 0)) break;
    }
    const settleSeconds = (proxy.counts.lastActivity - clickedAt) / 1000;
    const { requests, bytes } = proxy.counts;
    const thumbnails = await page.evaluate(() => {
      const root = document.querySelector('secure-uploader')!.shadowRoot!;
      const screen = root.host.getBoundingClientRect();
      return [...root.querySelectorAll('[part~="file"] img[part~="thumbnail"]')].filter((img) => {
        const box = img.getBoundingClientRect();
        return box.bottom > 0 && box.top < Math.min(innerHeight, screen.bottom);
      }).length;
    });
    // Scroll to the last file, a screenful per frame, as a visitor flinging the list would.
    const scroll = await page.evaluate(
      async ({ total, timeoutMs }) => {
        const root = document.querySelector('secure-uploader')!.shadowRoot!;
        const scroller = (root.querySelector('[part~="file-list"]') as HTMLElement | null) ?? (document.scrollingElement as HTMLElement);
        const heap = () => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
        const atEnd = () => {
          const rows = root.querySelectorAll('[part~="file"]');
          const last = rows[rows.length - 1];
          const position = last?.getAttribute('aria-posinset');
          // The baseline lists the stored previews as files too: at least every file.
          const allThere = position ? Number(position) === total : rows.length >= total;
          return allThere && scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 2;
        };
        let longest = 0;
        let peak = heap();
        const started = performance.now();
        let last = started;
        while (!atEnd() && performance.now() - started < timeoutMs) {
          scroller.scrollTop += scroller.clientHeight;
          const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
          longest = Math.max(longest, now - last);
          last = now;
          peak = Math.max(peak, heap());
        }
        return { longest, peak, reached: atEnd() };
      },
      { total: FILES, timeoutMs: SCROLL_TIMEOUT_MS },
    );
    const measured = { firstRowMs, thumbnails, requests, mib: bytes / 1024 / 1024, settled: quiet.settled, reachedEnd: scroll.reached, longestFrameGapMs: scroll.longest, heapPeakMiB: scroll.peak / 1024 / 1024 };
    console.log(`  ${variant}: first row ${Math.round(firstRowMs)} ms, ${thumbnails} thumbnails on screen, ${requests} requests, ${round2(measured.mib)} MiB ${quiet.settled ? `settled ${round2(settleSeconds)} s after the click` : 'still loading'}; scroll ${scroll.reached ? 'reached the end' : 'had not reached the end'}, longest frame gap ${Math.round(scroll.longest)} ms, heap peak ${round2(measured.heapPeakMiB)} MiB`);
    return measured;
  } finally {
    await context.close();
  }
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ratio = (a: number, b: number) => Number((a / b).toPrecision(2));
const summary = (values: number[]) => ({ median: round2(median(values)), min: round2(Math.min(...values)), max: round2(Math.max(...values)) });

try {
  const { photo, preview } = await makePhoto();
  const accounts: Record<Scenario, string> = {
    'element-uploads': await seedAccount('element-uploads', photo, preview),
    'other-tool': await seedAccount('other-tool', photo, preview),
  };
  const results: Record<Scenario, Record<Variant, Measurement[]>> = {
    'element-uploads': { current: [], baseline: [] },
    'other-tool': { current: [], baseline: [] },
  };
  for (let round = 0; round < ROUNDS; round++) {
    for (const scenario of Object.keys(accounts) as Scenario[]) {
      for (const variant of (round % 2 ? ['baseline', 'current'] : ['current', 'baseline']) as Variant[]) {
        console.log(`round ${round + 1}, ${scenario}:`);
        results[scenario][variant].push(await measure(variant, accounts[scenario]));
      }
    }
  }
  const report: Record<string, unknown> = { benchmark: 'my-files', files: FILES, photos: PHOTOS, photoMiB: PHOTO_BYTES / 1024 / 1024, rounds: ROUNDS, baselineCommit: BASELINE_COMMIT };
  for (const scenario of Object.keys(results) as Scenario[]) {
    const row: Record<string, unknown> = {};
    for (const metric of ['firstRowMs', 'thumbnails', 'requests', 'mib', 'longestFrameGapMs', 'heapPeakMiB'] as const) {
      const current = summary(results[scenario].current.map((m) => m[metric]));
      const baseline = summary(results[scenario].baseline.map((m) => m[metric]));
      row[metric] = { current, baseline, ratio: ratio(current.median, baseline.median) };
      console.log(`my-files ${scenario}: ${metric} ${current.median} [${current.min}–${current.max}] vs before ${baseline.median} [${baseline.min}–${baseline.max}] (${ratio(current.median, baseline.median)}x)`);
    }
    for (const variant of ['current', 'baseline'] as const) {
      const runs = results[scenario][variant];
      row[`${variant}Settled`] = runs.every((m) => m.settled);
      row[`${variant}ReachedEnd`] = runs.every((m) => m.reachedEnd);
      if (!row[`${variant}Settled`]) console.log(`my-files ${scenario}: ${variant} had not settled after ${SETTLE_TIMEOUT_MS / 1000} s: its requests and bytes are lower bounds`);
      if (!row[`${variant}ReachedEnd`]) console.log(`my-files ${scenario}: ${variant} had not reached the last file after ${SCROLL_TIMEOUT_MS / 1000} s of scrolling: its frame gap and heap are lower bounds`);
    }
    report[scenario] = row;
  }
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
  for (const demo of demos) demo.close();
  await proxy.close();
  await t.stop();
}
