/**
 * Benchmark: 20 phone photos of 24 MP (6000x4000 JPEG, 5 of them stored sideways with EXIF
 * Orientation 6, as phones held upright store them) dropped on <secure-uploader> at once. It
 * measures, until every thumbnail shows:
 *   - the page's main-thread busy time, three ways: the CPU time the kernel counted for the
 *     renderer's main thread; Chromium's count of its tasks' wall time (CDP TaskDuration, which
 *     also counts waits for a core while other threads decode); and the sum of long tasks
 *     (PerformanceObserver, tasks of 50 ms or more, so a lower bound);
 *   - the longest gap between animation frames (what a visitor sees as a freeze);
 *   - that every thumbnail is upright: each photo has a red block in its visual top-left corner
 *     (for the sideways ones, in the stored bottom-left), and the thumbnail must show it there,
 *     the sideways ones in portrait.
 * Against the usual way in the same page: decode each photo with an <img> and downscale it on a
 * canvas on the main thread. Three rounds, the order alternating; median and spread (min–max).
 */
import { openSignedInPage, settle } from './browser-session.js';
import { statCpuSeconds } from './process-cpu.js';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 20);
const SIDEWAYS = Math.min(5, PHOTOS);
const WIDTH = 6000;
const HEIGHT = 4000;
const ROUNDS = 3;

// No auto-upload: this measures previews only.
const { page, browser, close } = await openSignedInPage({ autoUpload: false });
try {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')!.value;
  // The CPU time the renderers' main threads used (the kernel's count, /proc/PID/task/PID/stat):
  // TaskDuration is wall time, so on a machine whose cores are all decoding it also counts the
  // time a task waited to be scheduled (a trace showed 0.94 s of tasks holding 0.40 s of CPU).
  const browserCdp = await browser.newBrowserCDPSession();
  const mainThreadCpuSeconds = async () => {
    const { processInfo } = (await browserCdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    let seconds = 0;
    for (const { id } of processInfo.filter((p) => p.type === 'renderer')) seconds += statCpuSeconds(`/proc/${id}/task/${id}/stat`);
    return seconds;
  };

  // Large, detailed photos (noise defeats JPEG compression, as real photos do), each with the red
  // block where its visual top-left will be; the sideways ones carry an EXIF APP1 segment
  // (Orientation 6) right after the JPEG's start marker.
  await page.evaluate(
    async ({ count, sideways, width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const noise = context.createImageData(width, height);
      for (let i = 0; i < noise.data.length; i++) noise.data[i] = (i % 4 === 3 ? 255 : (i * 2654435761) >>> 24);
      // TIFF little-endian, IFD0 with one entry: 0x0112 Orientation, SHORT, 1, value 6.
      const tiff = [0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0];
      const exif = [...new TextEncoder().encode('Exif\0\0'), ...tiff];
      const app1 = new Uint8Array([0xff, 0xe1, (exif.length + 2) >> 8, (exif.length + 2) & 0xff, ...exif]);
      const photos: File[] = [];
      for (let n = 0; n < count; n++) {
        const turned = n < sideways;
        context.putImageData(noise, 0, 0);
        context.fillStyle = `hsl(${n * 18 + 120} 60% 50% / 0.3)`;
        context.fillRect(0, 0, width, height);
        context.fillStyle = 'rgb(255 0 0)';
        // Orientation 6 shows the stored bottom-left corner at the visual top-left.
        context.fillRect(0, turned ? (height * 3) / 4 : 0, width / 4, height / 4);
        const jpeg = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })).arrayBuffer());
        const bytes = turned ? [jpeg.subarray(0, 2), app1, jpeg.subarray(2)] : [jpeg];
        photos.push(new File(bytes, `photo-${n}${turned ? '-sideways' : ''}.jpg`, { type: 'image/jpeg' }));
      }
      (window as unknown as { photos: File[] }).photos = photos;
    },
    { count: PHOTOS, sideways: SIDEWAYS, width: WIDTH, height: HEIGHT },
  );
  const totalMiB = await page.evaluate(() => (window as unknown as { photos: File[] }).photos.reduce((s, p) => s + p.size, 0) / 1024 / 1024);

  /** Runs one way of making thumbnails while recording frame gaps and long tasks; returns the thumbnails' checks. */
  const measure = async (which: 'element' | 'main-thread') => {
    // Neither way pays for the other's decoded images: they are freed first.
    await settle(page, 1500);
    const tasksBefore = await taskSeconds();
    const cpuBefore = await mainThreadCpuSeconds();
    const run = await page.evaluate(async (which) => {
      const photos = (window as unknown as { photos: File[] }).photos;
      let last = performance.now();
      let longestGap = 0;
      let running = true;
      const frame = (now: number) => {
        longestGap = Math.max(longestGap, now - last);
        last = now;
        if (running) requestAnimationFrame(frame);
      };
      let longTasks = 0;
      const observer = new PerformanceObserver((list) => list.getEntries().forEach((task) => (longTasks += task.duration)));
      observer.observe({ type: 'longtask' });
      requestAnimationFrame(frame);
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      let thumbnails: { src: string; name: string }[];
      if (which === 'element') {
        const el = document.querySelector('secure-uploader')!;
        const shown = () => [...el.shadowRoot!.querySelectorAll<HTMLImageElement>('[part~="queue"] img[part~="thumbnail"]')];
        const before = shown().length;
        const transfer = new DataTransfer();
        for (const photo of photos) transfer.items.add(photo);
        el.shadowRoot!.querySelector('[part~="dropzone"]')!.dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: transfer }));
        await new Promise<void>((resolve) => {
          const check = () => {
            const fresh = shown().slice(before);
            if (fresh.length >= photos.length && fresh.every((img) => img.complete && img.naturalWidth > 0)) resolve();
            else setTimeout(check, 20);
          };
          check();
        });
        thumbnails = shown()
          .slice(before)
          .map((img) => ({ src: img.src, name: img.alt }));
      } else {
        thumbnails = [];
        for (const photo of photos) {
          const url = URL.createObjectURL(photo);
          const image = new Image();
          image.src = url;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = 256;
          canvas.height = Math.round((256 * image.naturalHeight) / image.naturalWidth);
          canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
          const blob = await new Promise<Blob>((r) => canvas.toBlob((b) => r(b!), 'image/webp', 0.8));
          URL.revokeObjectURL(url);
          thumbnails.push({ src: URL.createObjectURL(blob), name: photo.name });
        }
      }
      const seconds = (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 100));
      running = false;
      observer.disconnect();
      (window as unknown as { thumbnails: typeof thumbnails }).thumbnails = thumbnails;
      return { seconds, longestGapMs: longestGap, longTaskMs: longTasks };
    }, which);
    // Taken before the checks below, which are the benchmark's own work.
    const busySeconds = (await taskSeconds()) - tasksBefore;
    const cpuSeconds = (await mainThreadCpuSeconds()) - cpuBefore;
    const checked = await page.evaluate(async () => {
      const thumbnails = (window as unknown as { thumbnails: { src: string; name: string }[] }).thumbnails;
      // Upright: the red block in the top-left, nowhere near the bottom-right; sideways photos portrait.
      const checks = await Promise.all(
        thumbnails.map(async ({ src, name }) => {
          const image = new Image();
          image.src = src;
          await image.decode();
          const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0);
          const redAt = (fx: number, fy: number) => {
            const [r, g, b] = context.getImageData(Math.floor(canvas.width * fx), Math.floor(canvas.height * fy), 1, 1).data;
            return r! > 180 && g! < 90 && b! < 90;
          };
          const portrait = image.naturalHeight > image.naturalWidth;
          return { name, upright: redAt(0.1, 0.1) && !redAt(0.9, 0.9) && portrait === name.includes('sideways') };
        }),
      );
      return { wrong: checks.filter((c) => !c.upright).map((c) => c.name), count: checks.length };
    });
    if (checked.count !== PHOTOS || checked.wrong.length > 0) throw new Error(`${which}: ${checked.count} thumbnails, not upright: ${checked.wrong.join(', ') || 'none'}`);
    return { ...run, busySeconds, cpuSeconds };
  };

  const ways = ['main-thread', 'element'] as const;
  const runs: Record<(typeof ways)[number], Awaited<ReturnType<typeof measure>>[]> = { 'main-thread': [], element: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const way of round % 2 ? [...ways].reverse() : ways) runs[way].push(await measure(way));
  }

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const summary = (way: (typeof ways)[number], pick: (run: Awaited<ReturnType<typeof measure>>) => number) => {
    const values = runs[way].map(pick);
    return { median: round2(median(values)), min: round2(Math.min(...values)), max: round2(Math.max(...values)) };
  };
  const of = (way: (typeof ways)[number]) => ({
    seconds: summary(way, (r) => r.seconds),
    mainThreadCpuSeconds: summary(way, (r) => r.cpuSeconds),
    mainThreadTaskSeconds: summary(way, (r) => r.busySeconds),
    longTaskSeconds: summary(way, (r) => r.longTaskMs / 1000),
    longestFrameGapMs: summary(way, (r) => Math.round(r.longestGapMs)),
  });
  const element = of('element');
  const mainThread = of('main-thread');
  const result = {
    benchmark: 'previews',
    photos: PHOTOS,
    sideways: SIDEWAYS,
    megapixels: (WIDTH * HEIGHT) / 1e6,
    totalMiB: round2(totalMiB),
    rounds: ROUNDS,
    allUpright: true,
    element,
    mainThread,
    // Each round's element numbers in order, to tell a page's first drop from the later ones.
    elementRounds: runs.element.map((r) => ({ cpuSeconds: round2(r.cpuSeconds), taskSeconds: round2(r.busySeconds), longestFrameGapMs: Math.round(r.longestGapMs) })),
    busyVsMainThread: round2(element.mainThreadCpuSeconds.median / mainThread.mainThreadCpuSeconds.median),
    longestGapVsMainThread: round2(element.longestFrameGapMs.median / mainThread.longestFrameGapMs.median),
  };
  const line = (s: { median: number; min: number; max: number }, unit: string) => `${s.median}${unit} (${s.min}–${s.max})`;
  console.log(`previews: ${PHOTOS} photos of ${result.megapixels} MP (${SIDEWAYS} sideways, EXIF Orientation 6; ${result.totalMiB} MiB), ${ROUNDS} alternating rounds, median (min–max); every thumbnail upright`);
  for (const [label, s] of [['element', element], ['main-thread decoding', mainThread]] as const) {
    console.log(
      `previews:   ${label}: all thumbnails in ${line(s.seconds, ' s')}; main thread busy ${line(s.mainThreadCpuSeconds, ' s')} of CPU (its tasks' wall time ${line(s.mainThreadTaskSeconds, ' s')}; long tasks ${line(s.longTaskSeconds, ' s')}); longest frame gap ${line(s.longestFrameGapMs, ' ms')}`,
    );
  }
  console.log(`previews:   element vs main-thread decoding: ${result.busyVsMainThread}x the main thread's CPU time, ${result.longestGapVsMainThread}x the longest frame gap`);
  console.log(JSON.stringify(result));
} finally {
  await close();
}
