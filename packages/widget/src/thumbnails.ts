/**
 * The main thread's side of thumbnails (and of photos made smaller before upload): one module worker, at most two images in flight (the
 * fastest first thumbnail and least memory, measured), each cancellable with an AbortSignal.
 * A thumbnail is a small WebP Blob: shown through an object URL (the caller revokes it) and
 * stored beside an uploaded image or video (a frame of it) as its preview. This file sits at the root of src/ (beside
 * the worker) so that the worker's URL is the same relative path in the sources and in dist/.
 */

import { WorkerJobs } from './worker-jobs.js';

/** Thumbnail width: about 256 px, sharp at the list's and the viewer's first paint. */
export const THUMBNAIL_WIDTH = 256;
const IN_FLIGHT = 2;

/** What the worker answers: a thumbnail or smaller image, `unchanged` (already small enough), or an error. */
type Reply = { id: number; blob?: Blob; unchanged?: boolean; width?: number; height?: number; error?: string };

export class ThumbnailMaker {
  private readonly jobs = new WorkerJobs<Reply>(new URL('./thumbnail-worker.js', import.meta.url), { name: 'thumbnail', inFlight: IN_FLIGHT, cancels: true });

  /** Whether this browser can make thumbnails without touching the main thread. */
  static get supported(): boolean {
    return typeof Worker !== 'undefined' && typeof OffscreenCanvas !== 'undefined' && typeof createImageBitmap !== 'undefined';
  }

  /** The thumbnail of an image (a Blob, or a URL the worker fetches); rejects when it cannot be decoded or `signal` aborts. */
  make(source: Blob | string, signal?: AbortSignal): Promise<Blob> {
    return this.run({ source, width: THUMBNAIL_WIDTH }, signal).then((reply) => reply.blob!);
  }

  /**
   * The image re-encoded in its own format (one of lib/files.ts's RESIZABLE_TYPES) at `quality`, its longest
   * side `maxSize` pixels, upright, with its colour profile; undefined when it is no larger.
   */
  async resize(image: Blob, { maxSize, quality, type }: { maxSize: number; quality: number; type: string }, signal?: AbortSignal): Promise<Blob | undefined> {
    const reply = await this.run({ resize: image, maxSize, quality, type }, signal);
    return reply.unchanged ? undefined : reply.blob;
  }

  private run(message: Record<string, unknown>, signal?: AbortSignal): Promise<Reply> {
    // Without a worker (or OffscreenCanvas) the caller shows an icon instead.
    if (!ThumbnailMaker.supported) return Promise.reject(new Error('thumbnails are not supported here'));
    return this.jobs.run(message, signal);
  }

  /**
   * A frame of a video as a thumbnail: the browser decodes the video in a <video> element (on
   * the main thread's media pipeline, not its JavaScript), a frame a tenth in (at most 1 s) is
   * drawn at the thumbnail size. Needs `media-src blob:` under a Content-Security-Policy.
   */
  frame(video: Blob): Promise<Blob> {
    return videoFrame(video);
  }

  dispose(): void {
    this.jobs.dispose();
  }
}

const FRAME_TIMEOUT_MS = 10_000;

async function videoFrame(video: Blob): Promise<Blob> {
  const url = URL.createObjectURL(video);
  const element = document.createElement('video');
  element.muted = true;
  element.preload = 'auto';
  element.src = url;
  const event = (name: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the video did not load in time')), FRAME_TIMEOUT_MS);
      element.addEventListener(name, () => (clearTimeout(timer), resolve()), { once: true });
      element.addEventListener('error', () => (clearTimeout(timer), reject(new Error('the video cannot be decoded here'))), { once: true });
    });
  try {
    await event('loadeddata');
    // Recordings without a duration (Infinity) show their first frame.
    if (Number.isFinite(element.duration) && element.duration > 0) {
      const seeked = event('seeked');
      element.currentTime = Math.min(1, element.duration / 10);
      await seeked;
    }
    if (!element.videoWidth || !element.videoHeight) throw new Error('the file has no picture');
    const canvas = new OffscreenCanvas(THUMBNAIL_WIDTH, Math.max(1, Math.round((THUMBNAIL_WIDTH * element.videoHeight) / element.videoWidth)));
    canvas.getContext('2d')!.drawImage(element, 0, 0, canvas.width, canvas.height);
    return await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
  } finally {
    element.removeAttribute('src');
    element.load();
    URL.revokeObjectURL(url);
  }
}
