/**
 * Benchmark: many large photos dropped on <secure-uploader> at once. Time until every thumbnail
 * shows, and the longest the page's main thread stalled meanwhile (the largest gap between
 * animation frames), against the usual way in the same page: decode each photo with an <img>
 * and downscale it on a canvas on the main thread. Prints one JSON line at the end.
 */
import { openSignedInPage } from './browser-session.js';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 12);
const WIDTH = 4000;
const HEIGHT = 3000;

// No auto-upload: this measures previews only.
const { page, close } = await openSignedInPage({ autoUpload: false });
try {
  // Large, detailed photos (noise defeats JPEG compression, as real photos do).
  await page.evaluate(
    async ({ count, width, height }) => {
      const canvas = new OffscreenCanvas(width, height);
      const context = canvas.getContext('2d')!;
      const noise = context.createImageData(width, height);
      for (let i = 0; i < noise.data.length; i++) noise.data[i] = (i * 2654435761) >>> 24;
      const photos: File[] = [];
      for (let n = 0; n < count; n++) {
        context.putImageData(noise, 0, 0);
        context.fillStyle = `hsl(${n * 30} 70% 50% / 0.5)`;
        context.fillRect(0, 0, width, height);
        photos.push(new File([await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 })], `photo-${n}.jpg`, { type: 'image/jpeg' }));
      }
      (window as unknown as { photos: File[] }).photos = photos;
    },
    { count: PHOTOS, width: WIDTH, height: HEIGHT },
  );
  const totalMiB = await page.evaluate(() => (window as unknown as { photos: File[] }).photos.reduce((s, p) => s + p.size, 0) / 1024 / 1024);

  /** Runs `work` while recording the largest gap between animation frames. */
  const measure = (work: 'element' | 'main-thread') =>
    page.evaluate(async (which) => {
      const photos = (window as unknown as { photos: File[] }).photos;
      let last = performance.now();
      let longestGap = 0;
      let running = true;
      const frame = (now: number) => {
        longestGap = Math.max(longestGap, now - last);
        last = now;
        if (running) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      await new Promise((r) => setTimeout(r, 100));
      const started = performance.now();
      if (which === 'element') {
        const el = document.querySelector('secure-uploader')!;
        const transfer = new DataTransfer();
        for (const photo of photos) transfer.items.add(photo);
        el.shadowRoot!.querySelector('[part~="dropzone"]')!.dispatchEvent(new DragEvent('drop', { bubbles: true, composed: true, cancelable: true, dataTransfer: transfer }));
        await new Promise<void>((resolve) => {
          const check = () => (el.shadowRoot!.querySelectorAll('[part~="queue"] img[part~="thumbnail"]').length >= photos.length ? resolve() : setTimeout(check, 20));
          check();
        });
      } else {
        for (const photo of photos) {
          const url = URL.createObjectURL(photo);
          const image = new Image();
          image.src = url;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = 160;
          canvas.height = Math.round((160 * image.naturalHeight) / image.naturalWidth);
          canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height);
          await new Promise((r) => canvas.toBlob(r, 'image/webp', 0.8));
          URL.revokeObjectURL(url);
        }
      }
      const seconds = (performance.now() - started) / 1000;
      await new Promise((r) => setTimeout(r, 100));
      running = false;
      return { seconds, longestGapMs: longestGap };
    }, work);

  const baseline = await measure('main-thread');
  const element = await measure('element');
  const round = (n: number) => Math.round(n * 100) / 100;
  const result = {
    benchmark: 'previews',
    photos: PHOTOS,
    megapixels: (WIDTH * HEIGHT) / 1e6,
    totalMiB: round(totalMiB),
    elementSeconds: round(element.seconds),
    elementLongestFrameGapMs: Math.round(element.longestGapMs),
    mainThreadSeconds: round(baseline.seconds),
    mainThreadLongestFrameGapMs: Math.round(baseline.longestGapMs),
    timeVsMainThread: round(element.seconds / baseline.seconds),
    longestGapVsMainThread: round(element.longestGapMs / baseline.longestGapMs),
  };
  console.log(
    `previews: ${PHOTOS} photos of ${result.megapixels} MP: all thumbnails in ${result.elementSeconds} s (${result.timeVsMainThread}x decoding on the main thread), ` +
      `longest main-thread stall ${result.elementLongestFrameGapMs} ms (${result.longestGapVsMainThread}x the main-thread way's ${result.mainThreadLongestFrameGapMs} ms)`,
  );
  console.log(JSON.stringify(result));
} finally {
  await close();
}
