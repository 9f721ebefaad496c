import type { ReactiveControllerHost } from 'lit';
import type { FileRow, FolderRow } from '../lib/file-rows.js';
import { previewKey, previewsPrefix } from '../lib/keys.js';
import type { Message } from '../messages.js';
import { errorCode } from '../transport/errors.js';
import type { FileStorage } from '../transport/s3.js';
import { NEXT_PAGES, type StoredFiles } from './stored-files.js';

/** What a delete removes: one file, a folder with everything in it, or the selected files. */
export type DeleteTarget = { kind: 'file'; row: FileRow } | { kind: 'folder'; row: FolderRow } | { kind: 'selected' };

/** A delete under way: `total` is unknown while a folder is still being listed. */
export interface DeleteProgress {
  target: DeleteTarget;
  done: number;
  total?: number;
}

/** Where focus goes around a delete. */
export type FocusTarget = 'keep' | 'select-all' | 'heading' | { row: FileRow | FolderRow; part: 'open' | 'delete' };

export interface FileDeletionEvents {
  /** One file was deleted. */
  deleted(row: FileRow): void;
  /** Selected files or a folder were deleted: every key removed (previews included). */
  bulkDeleted(keys: string[], folder?: FolderRow): void;
  /** Words for the live region: the question, when asked. */
  announce(message: Message): void;
  /** Moves focus, once rendered: to "Keep", to select-all, to the list's heading, or to a row. */
  focus(target: FocusTarget): void;
}

/**
 * Deleting, always after the visitor confirms: one file, the selected files, or a folder and
 * everything under it; previews go with their files; DeleteObjects of at most 1,000 keys a
 * request, with progress. A key S3 refuses stays listed and the visitor is told.
 */
export class FileDeletion {
  deleting?: DeleteProgress;
  private asked?: { target: DeleteTarget; prefix: string | undefined };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly list: StoredFiles,
    private readonly events: FileDeletionEvents,
  ) {}

  /** What waits for the visitor's confirmation (a question about another folder is dropped). */
  get confirming(): DeleteTarget | undefined {
    return this.asked && this.asked.prefix === this.list.prefix ? this.asked.target : undefined;
  }

  /**
   * Asks the visitor to confirm, with focus on "Keep" (the safe answer) and the question
   * announced; undefined keeps everything, and focus returns to what asked.
   */
  ask(target: DeleteTarget | undefined): void {
    const before = this.asked?.target;
    this.asked = target && { target, prefix: this.list.prefix };
    this.host.requestUpdate();
    if (target) {
      this.events.announce((t) => (target.kind === 'file' ? t.files.deleteQuestion(target.row.name) : target.kind === 'folder' ? t.files.deleteFolderQuestion(target.row.name) : t.files.deleteSelectedQuestion(this.list.selected.size)));
      this.events.focus('keep');
    } else if (before) {
      this.events.focus(before.kind === 'selected' ? 'select-all' : { row: before.row, part: 'delete' });
    }
  }

  async confirm(): Promise<void> {
    const target = this.confirming;
    const client = this.list.client;
    const prefix = this.list.prefix;
    if (!target || !client || this.deleting) return;
    this.asked = undefined;
    const progress: DeleteProgress = (this.deleting = { target, done: 0 });
    this.host.requestUpdate();
    // After a row's delete, focus goes to the row that takes its place (or the one before).
    const position = target.kind === 'selected' ? -1 : this.list.rows.indexOf(target.row);
    try {
      const rows = target.kind === 'file' ? [target.row] : target.kind === 'selected' ? [...this.list.selected] : [];
      const keys = target.kind === 'folder' ? await treeKeys(client, target.row.prefix) : rows.flatMap(keysOf);
      progress.total = keys.length;
      this.host.requestUpdate();
      const onProgress = (done: number) => {
        progress.done = done;
        this.host.requestUpdate();
      };
      const refused = new Set(await client.deleteMany(keys, { onProgress }));
      const deleted = keys.filter((key) => !refused.has(key));
      // The list shows what is gone, unless the visitor went to another folder meanwhile.
      if (this.list.prefix === prefix) this.list.removed(rows.filter((row) => !refused.has(row.key)), target.kind === 'folder' && refused.size === 0 ? target.row : undefined);
      if (refused.size > 0) this.list.fail('access-denied');
      if (target.kind !== 'file') this.events.bulkDeleted(deleted, target.kind === 'folder' ? target.row : undefined);
      else if (!refused.has(target.row.key)) this.events.deleted(target.row);
    } catch (error) {
      this.list.fail(errorCode(error, 'delete-failed'));
    } finally {
      this.deleting = undefined;
      this.host.requestUpdate();
      const rows = this.list.rows;
      const next = position >= 0 ? rows[Math.min(position, rows.length - 1)] : undefined;
      this.events.focus(next ? { row: next, part: 'open' } : 'heading');
    }
  }
}

/** A file's key and, when the element stored one, its preview's. */
function keysOf(row: FileRow): string[] {
  const preview = row.hasPreview ? previewKey(row.key) : undefined;
  return preview ? [row.key, preview] : [row.key];
}

/** Every key under a prefix, the whole tree, a page of `NEXT_PAGES` at a time. */
export async function keysUnder(client: Pick<FileStorage, 'listPage'>, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let after: string | undefined;
  do {
    const page = await client.listPage(prefix, { folders: false, after, maxKeys: NEXT_PAGES });
    keys.push(...page.files.map((f) => f.key));
    after = page.next;
  } while (after);
  return keys;
}

/** Every key under a folder prefix, and the previews stored for them. */
async function treeKeys(client: FileStorage, folderPrefix: string): Promise<string[]> {
  const previews = previewsPrefix(folderPrefix);
  return [...(await keysUnder(client, folderPrefix)), ...(previews === undefined ? [] : await keysUnder(client, previews))];
}
