import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { arrange, fileRow, LISTING_ORDER, rowsOfPage, type FileRow, type FolderRow, type ListedObject, type Order, type Row, type SortKey } from '../lib/file-rows.js';
import { normalizeFolder } from '../lib/keys.js';
import { LatestCall } from '../lib/latest-call.js';
import { errorMessage, type Message } from '../messages.js';
import { errorCode, type ServiceErrorCode } from '../transport/errors.js';
import type { FileStorage } from '../transport/s3.js';

export type StoredFilesStatus = 'idle' | 'loading' | 'ready' | 'failed';

export interface StoredFilesEvents {
  /** The folder shown changed: `folder` is relative to the base (`a/b/`, '' at the top). */
  folderChanged(folder: string, prefix: string): void;
  failed(code: ServiceErrorCode, message: Message): void;
}

/** The storage client and the folder (key prefix) at the top of what the browser shows. */
export interface StoredFilesSource {
  client: FileStorage;
  base: string;
}

/** The first page is small so the first rows show at once; later pages are S3's largest. */
const FIRST_PAGE = 100;
export const NEXT_PAGES = 1000;

/**
 * The visitor's files, a folder at a time: pages listed as the visitor scrolls (names from the
 * keys, no request per file), sorted and filtered, sub-folders to open, a selection to download
 * (or to delete, with file-deletion.ts), new folders, and uploads shown the moment they finish.
 */
export class StoredFiles implements ReactiveController {
  status: StoredFilesStatus = 'idle';
  error?: Message;
  /** A download, delete or new folder that failed (the list itself is fine). */
  problem?: Message;
  /** The folder shown, relative to the base: `a/b/`, or '' at the top. */
  folder = '';
  folders: FolderRow[] = [];
  files: FileRow[] = [];
  order: Order = LISTING_ORDER;
  filter = '';
  readonly selected = new Set<FileRow>();
  /** The whole folder is listed (no more pages). */
  complete = false;
  /** The "New folder" form is open. */
  naming = false;
  private source?: StoredFilesSource;
  private next?: string;
  private loadingMore = false;
  private pageSignal?: AbortSignal;
  private readonly listing = new LatestCall();
  /** The rows and the files among them as shown; computed once per change, not per render. */
  private arranged?: { rows: Row[]; files: FileRow[] };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly events: StoredFilesEvents,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.listing.cancel();
    this.revokeAll();
  }

  /** The prefix listed now. */
  get prefix(): string | undefined {
    return this.source && this.source.base + this.folder;
  }

  /** The rows in the order shown (computed once per change, not per render). */
  get rows(): Row[] {
    return this.shown.rows;
  }

  private get shown(): { rows: Row[]; files: FileRow[] } {
    if (!this.arranged) {
      const rows = arrange(this.folders, this.files, this.order, this.filter);
      this.arranged = { rows, files: rows.filter((row): row is FileRow => row.kind === 'file') };
    }
    return this.arranged;
  }

  setStorage(source: StoredFilesSource | undefined): void {
    this.source = source;
    this.show('', source !== undefined);
  }

  /** Opens a folder (relative to the base). */
  open(folder: string): void {
    this.show(folder, true);
  }

  /** Lists the current folder again from its first page. */
  refresh(): void {
    this.show(this.folder, false);
  }

  private show(folder: string, announce: boolean) {
    this.pageSignal = this.listing.begin();
    this.revokeAll();
    Object.assign(this, { folder, files: [], folders: [], next: undefined, complete: false, error: undefined, problem: undefined, loadingMore: false });
    this.selected.clear();
    this.status = this.source ? 'loading' : 'idle';
    this.changed();
    if (!this.source) return this.listing.cancel();
    if (announce) this.events.folderChanged(folder, this.prefix!);
    void this.loadPage(this.pageSignal, FIRST_PAGE);
  }

  private changed() {
    this.arranged = undefined;
    this.host.requestUpdate();
  }

  private async loadPage(signal: AbortSignal, maxKeys: number): Promise<void> {
    const prefix = this.prefix;
    if (!this.source || prefix === undefined) return;
    try {
      const page = await this.source.client.listPage(prefix, { folders: true, after: this.next, maxKeys, signal });
      if (signal.aborted) return;
      const { files, folders } = rowsOfPage(prefix, page);
      // An upload shown when it finished may come again in a page.
      const known = new Set(this.files.map((f) => f.key));
      this.files.push(...files.filter((f) => !known.has(f.key)));
      const knownFolders = new Set(this.folders.map((f) => f.prefix));
      this.folders.push(...folders.filter((f) => !knownFolders.has(f.prefix)));
      this.next = page.next;
      this.complete = !page.next;
      this.status = 'ready';
      this.changed();
    } catch (error) {
      if (signal.aborted) return;
      this.fail(errorCode(error, 'list-failed'), true);
    }
  }

  /** The next page, when the visitor scrolls near the end (or a sort or filter needs them all). */
  loadMore(): void {
    const signal = this.pageSignal;
    if (!signal || signal.aborted || this.complete || this.loadingMore || this.status !== 'ready') return;
    this.loadingMore = true;
    void this.loadPage(signal, NEXT_PAGES).finally(() => {
      if (signal.aborted) return;
      this.loadingMore = false;
      if (this.needsEveryPage) this.loadMore();
    });
  }

  /** A filter or an order other than the listing's covers the whole folder only once it is all listed. */
  private get needsEveryPage(): boolean {
    return this.filter.trim() !== '' || this.order.by !== LISTING_ORDER.by || this.order.descending !== LISTING_ORDER.descending;
  }

  /** Sorts by a column; the same column again reverses it. Names start A–Z, dates and sizes largest first. */
  sortBy(by: SortKey): void {
    this.order = by === this.order.by ? { by, descending: !this.order.descending } : { by, descending: by !== 'name' };
    this.changed();
    if (this.needsEveryPage) this.loadMore();
  }

  setFilter(filter: string): void {
    this.filter = filter;
    this.changed();
    if (this.needsEveryPage) this.loadMore();
  }

  /** The files shown (the filter applies). */
  get shownFiles(): FileRow[] {
    return this.shown.files;
  }

  select(row: FileRow, selected: boolean): void {
    if (selected) this.selected.add(row);
    else this.selected.delete(row);
    this.host.requestUpdate();
  }

  selectAll(selected: boolean): void {
    this.selected.clear();
    if (selected) for (const row of this.shownFiles) this.selected.add(row);
    this.host.requestUpdate();
  }

  /** A finished upload, shown at once from what the uploader knows (no listing). */
  added(object: ListedObject, preview?: Blob): void {
    const prefix = this.prefix;
    if (prefix === undefined || !object.key.startsWith(prefix) || this.status === 'failed') return;
    const rest = object.key.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) {
      // Uploaded into a sub-folder (a dropped folder): the sub-folder is what shows here.
      this.addFolder(prefix, prefix + rest.slice(0, slash + 1));
    } else if (!this.files.some((f) => f.key === object.key)) {
      const row = fileRow(object);
      if (preview) row.thumbnail = URL.createObjectURL(preview);
      this.files.push(row);
    }
    if (this.status === 'loading' && this.complete) this.status = 'ready';
    this.changed();
  }

  private addFolder(prefix: string, folderPrefix: string) {
    if (!this.folders.some((f) => f.prefix === folderPrefix)) this.folders.push(...rowsOfPage(prefix, { files: [], folders: [folderPrefix] }).folders);
  }

  setNaming(naming: boolean): void {
    this.naming = naming;
    this.host.requestUpdate();
  }

  /** Creates an empty folder here and closes the form. Returns false when it failed (the visitor is told). */
  async createFolder(name: string): Promise<boolean> {
    const prefix = this.prefix;
    // One folder per name: a slash is not a path here.
    const segment = normalizeFolder(name.replaceAll('/', ' ').replace(/\s+/g, ' '));
    if (!this.source || prefix === undefined || !segment) return false;
    try {
      await this.source.client.createFolder(prefix + segment);
      this.addFolder(prefix, prefix + segment);
      this.naming = false;
      this.changed();
      return true;
    } catch (error) {
      this.fail(errorCode(error, 'folder-failed'));
      return false;
    }
  }

  /** Saves the file under its original name, through a signed URL. */
  async download(row: FileRow): Promise<void> {
    if (!this.source) return;
    try {
      const url = await this.source.client.signedUrl(row.key, row.name);
      const link = document.createElement('a');
      link.href = url;
      link.download = row.name;
      link.rel = 'noopener';
      link.style.display = 'none';
      (this.host as unknown as HTMLElement).shadowRoot?.append(link);
      link.click();
      link.remove();
    } catch (error) {
      this.fail(errorCode(error, 'download-failed'));
    }
  }

  /** Downloads the selected files one after another (the browser may ask once to allow several). */
  async downloadSelected(): Promise<void> {
    for (const row of [...this.selected]) {
      await this.download(row);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  /** The storage client, while there is one. */
  get client(): FileStorage | undefined {
    return this.source?.client;
  }

  /** Takes deleted files (and a deleted folder) off the list. */
  removed(rows: readonly FileRow[], folder?: FolderRow): void {
    for (const row of rows) {
      if (row.thumbnail) URL.revokeObjectURL(row.thumbnail);
      this.selected.delete(row);
    }
    const gone = new Set(rows);
    this.files = this.files.filter((f) => !gone.has(f));
    if (folder) this.folders = this.folders.filter((f) => f !== folder);
    this.changed();
  }

  /**
   * Reports a failure in words: a listing's as the list's state; a download's, delete's or new
   * folder's as the list's `problem`, shown until the next thing the visitor does here.
   */
  fail(code: ServiceErrorCode, listing = false): void {
    const message = errorMessage(code);
    if (listing) {
      this.status = 'failed';
      this.error = message;
    } else {
      this.problem = message;
    }
    this.host.requestUpdate();
    this.events.failed(code, message);
  }

  /** The visitor has read the problem. */
  dismissProblem(): void {
    this.problem = undefined;
    this.host.requestUpdate();
  }

  private revokeAll() {
    for (const file of this.files) if (file.thumbnail) URL.revokeObjectURL(file.thumbnail);
  }
}
