/**
 * Makes thumbnails off the main thread: decodes an image (a Blob, or a URL it fetches itself)
 * straight to the thumbnail size with createImageBitmap, upright per EXIF, and encodes it.
 * Decoding a 24-megapixel photo on the main thread would freeze the page for seconds.
 * Also makes a photo smaller before upload (`max-image-size`): decoded upright and without
 * colour conversion, drawn smaller, encoded in its own format at `image-quality`, with the
 * original's colour profile put back (lib/color-profile.ts).
 * Shipped as its own file (not a blob: URL) so it runs under a strict CSP.
 */
import { colorProfileOf, withColorProfile } from './lib/color-profile.js';

type WorkerMessage =
  | { id: number; source: Blob | string; width: number }
  | { id: number; resize: Blob; maxSize: number; quality: number; type: string }
  | { cancel: number };

/** Where a colour profile is looked for: every format keeps it before the image data. */
const PROFILE_HEAD_BYTES = 1024 * 1024;

const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null; postMessage(message: unknown): void };
const fetches = new Map<number, AbortController>();

scope.onmessage = async (event) => {
  if ('cancel' in event.data) return fetches.get(event.data.cancel)?.abort();
  if ('resize' in event.data) return resize(event.data);
  const { id, source, width } = event.data;
  const abort = new AbortController();
  fetches.set(id, abort);
  try {
    const blob = typeof source === 'string' ? await (await fetch(source, { signal: abort.signal })).blob() : source;
    const bitmap = await createImageBitmap(blob, { resizeWidth: width, resizeQuality: 'medium', imageOrientation: 'from-image' });
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
    bitmap.close();
    scope.postMessage({ id, blob: await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  } finally {
    fetches.delete(id);
  }
};

async function resize({ id, resize: blob, maxSize, quality, type }: { id: number; resize: Blob; maxSize: number; quality: number; type: string }) {
  try {
    // Upright pixels with the original's values: its profile, put back below, keeps their colours.
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', colorSpaceConversion: 'none' });
    const scale = maxSize / Math.max(bitmap.width, bitmap.height);
    if (scale >= 1) {
      bitmap.close();
      scope.postMessage({ id, unchanged: true });
      return;
    }
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d')!;
    context.imageSmoothingQuality = 'high';
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const encoded = new Uint8Array(await (await canvas.convertToBlob({ type, quality })).arrayBuffer());
    const profile = colorProfileOf(new Uint8Array(await blob.slice(0, PROFILE_HEAD_BYTES).arrayBuffer()));
    const bytes = profile ? withColorProfile(encoded, profile, { width, height }) : encoded;
    scope.postMessage({ id, blob: new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), width, height });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
}
