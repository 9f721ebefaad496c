/**
 * How the signed-in controllers' events reach the page and screen readers: an `su-*` event for
 * each, and words for the live region. Loaded with those controllers (uploads.ts,
 * file-browser.ts), so the first paint does not carry this wiring.
 */
import { fire, sayFailure, type ElementVoice } from '../events.js';
import type { ListedObject } from '../lib/file-rows.js';
import { folderNames, visibleName } from '../lib/keys.js';
import type { FileBrowserEvents } from './file-browser.js';
import { bytesOf, type QueueEvents, type UploadItem } from './upload-queue.js';

/** The file browser's events; the visitor's own deletions are announced. */
export function browserEvents(voice: ElementVoice): FileBrowserEvents {
  return {
    folderChanged: (folder, prefix) => fire(voice, 'su-folder-change', { path: folderNames(folder).join('/'), prefix }),
    deleted: (file) => {
      fire(voice, 'su-file-deleted', { key: file.key, name: file.name });
      voice.announcer.announce(voice.words().files.deleted(file.name));
    },
    bulkDeleted: (keys, folder) => fire(voice, 'su-files-deleted', { keys, count: keys.length, ...(folder ? { folder: folder.prefix } : {}) }),
    failed: (code, message) => sayFailure(voice, code, message),
    announce: (message) => voice.announcer.announce(message(voice.words())),
  };
}

/**
 * The queue's events as the page and screen readers get them: an `su-upload-*` event for each,
 * and the live region told once per batch of files started together (within 200 ms), then of
 * each file finished or failed. A finished file is shown in the list at once (`uploaded`) from
 * what the queue knows, without listing the folder again.
 */
export function uploadEvents(voice: ElementVoice, uploaded: (object: ListedObject, preview: Blob | undefined) => void): QueueEvents {
  const { announcer, words } = voice;
  let started = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const detail = (item: UploadItem) => ({ name: item.file.name, key: item.key ?? '', size: bytesOf(item) });
  // The batch is announced before anything about its files.
  const announceStarted = () => {
    clearTimeout(timer);
    if (started > 0) announcer.announce(words().upload.started(started));
    started = 0;
  };
  return {
    start: (item) => {
      fire(voice, 'su-upload-start', detail(item));
      started++;
      clearTimeout(timer);
      timer = setTimeout(announceStarted, 200);
    },
    progress: (item) => fire(voice, 'su-upload-progress', { ...detail(item), loaded: item.loaded }),
    success: (item) => {
      fire(voice, 'su-upload-success', { ...detail(item), etag: item.etag ?? '', ...(item.crc32c ? { crc32c: item.crc32c } : {}) });
      announceStarted();
      announcer.announce(words().upload.finished(visibleName(item.file.name)));
      void Promise.resolve(item.preview)
        .catch(() => undefined)
        .then((preview) => uploaded({ key: item.key!, size: bytesOf(item), lastModified: new Date(), etag: item.etag ?? '' }, preview));
    },
    failure: (item, code) => {
      const message = item.message?.(words()) ?? '';
      fire(voice, 'su-upload-error', { name: item.file.name, key: item.key, code, message });
      announceStarted();
      announcer.announce(words().upload.failedName(visibleName(item.file.name), message));
    },
  };
}
