import type { ReactiveControllerHost } from 'lit';
import type { FileRow, FolderRow, ListedObject } from '../lib/file-rows.js';
import { ROW_HEIGHT } from '../lib/row-window.js';
import type { Message } from '../messages.js';
import type { ServiceErrorCode } from '../transport/errors.js';
import type { FileStorage } from '../transport/s3.js';
import type { ThumbnailMaker } from '../thumbnails.js';
import { FileDeletion, type FocusTarget } from './file-deletion.js';
import { Previews } from './previews.js';
import { RemovedFiles } from './removed-files.js';
import { ScrollWindow } from './scroll-window.js';
import { StoredFiles } from './stored-files.js';
import { Viewer } from './viewer.js';

export interface FileBrowserEvents {
  folderChanged(folder: string, prefix: string): void;
  deleted(row: FileRow): void;
  bulkDeleted(keys: string[], folder?: FolderRow): void;
  failed(code: ServiceErrorCode, message: Message): void;
  /** Words for the live region (the question before a delete). */
  announce(message: Message): void;
}

/**
 * The file browser's parts, wired to each other: the listed folder (StoredFiles), which rows
 * are in the DOM (ScrollWindow), thumbnails for the rows on screen (Previews), deleting
 * (FileDeletion) and the image viewer (Viewer). The component holds one of these.
 */
export class FileBrowser {
  readonly list: StoredFiles;
  readonly window: ScrollWindow;
  readonly previews: Previews;
  readonly deletion: FileDeletion;
  readonly viewer: Viewer;
  readonly removedFiles: RemovedFiles;

  constructor(host: ReactiveControllerHost & HTMLElement, thumbnails: Pick<ThumbnailMaker, 'make'>, events: FileBrowserEvents) {
    this.list = new StoredFiles(host, {
      folderChanged: (folder, prefix) => {
        this.window.reset();
        this.viewer.close();
        events.folderChanged(folder, prefix);
      },
      failed: events.failed,
    });
    this.window = new ScrollWindow(host, ROW_HEIGHT, () => this.list.loadMore());
    this.previews = new Previews(host, thumbnails, () => {
      const { start, end } = this.window.visible;
      return this.list.rows.slice(start, end).filter((row): row is FileRow => row.kind === 'file');
    });
    const focus = (target: FocusTarget) => {
      const selector =
        typeof target !== 'string'
          ? `${target.row.kind === 'file' ? `[data-key="${CSS.escape(target.row.key)}"]` : `[data-prefix="${CSS.escape(target.row.prefix)}"]`} [part~="${target.part}"]`
          : { keep: '[part~="keep"]', 'select-all': '[part~="select-all"]', heading: 'section.files .heading' }[target];
      void host.updateComplete.then(() => host.shadowRoot?.querySelector<HTMLElement>(selector)?.focus());
    };
    this.deletion = new FileDeletion(host, this.list, { ...events, focus });
    this.removedFiles = new RemovedFiles(host, {
      // A file the backend removed may still be on the list (added when its upload finished).
      found: (records) => {
        const gone = new Set(records.map((r) => r.key));
        this.list.removed(this.list.shownFiles.filter((row) => gone.has(row.key)));
      },
      failed: events.failed,
    });
    this.viewer = new Viewer(
      host,
      () => this.list.client,
      () => this.images,
      (key) => host.shadowRoot?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"] [part~="open"]`)?.focus(),
    );
  }

  /** The files the viewer steps through: the images shown, in the order shown. */
  get images(): FileRow[] {
    return this.list.shownFiles.filter(Viewer.shows);
  }

  /**
   * Points the browser at a storage client and the folder at its top (undefined: signed out);
   * `ownerFolder` is the signed-in user's own folder at the level, where removal records are.
   */
  setStorage(storage: { client: FileStorage; base: string; ownerFolder?: string } | undefined): void {
    this.viewer.close();
    this.previews.setStorage(storage?.client);
    this.list.setStorage(storage && { client: storage.client, base: storage.base });
    this.removedFiles.setStorage(storage?.ownerFolder === undefined ? undefined : { client: storage.client, ownerFolder: storage.ownerFolder });
  }

  /** A finished upload, shown at once (and the backend's limits checked on it). */
  added(object: ListedObject, preview?: Blob): void {
    this.list.added(object, preview);
    this.removedFiles.uploaded();
  }
}
