/**
 * Makes thumbnails off the main thread: decodes an image (a Blob, or a URL it fetches itself)
 * straight to the thumbnail size with createImageBitmap, upright per EXIF, and encodes it.
 * Decoding a 24-megapixel photo on the main thread would freeze the page for seconds.
 * Shipped as its own file (not a blob: URL) so it runs under a strict CSP.
 */
type WorkerMessage = { id: number; source: Blob | string; width: number } | { cancel: number };

const scope = self as unknown as { onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null; postMessage(message: unknown): void };
const fetches = new Map<number, AbortController>();

scope.onmessage = async (event) => {
  if ('cancel' in event.data) return fetches.get(event.data.cancel)?.abort();
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
