/**
 * The stored files: a signed-in user's own ("My files": folders, upload target, select,
 * download, delete after a confirmation) or, for a guest, the public files (browse and
 * download only). A long folder keeps a bounded number of rows in the DOM (ScrollWindow).
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import { repeat } from 'lit/directives/repeat.js';
import type { FileBrowser } from '../controllers/file-browser.js';
import type { FileDeletion } from '../controllers/file-deletion.js';
import type { StorageMode } from '../controllers/storage-access.js';
import type { StoredFiles } from '../controllers/stored-files.js';
import { Viewer } from '../controllers/viewer.js';
import type { Catalog } from '../i18n/catalog.js';
import type { ServerLimits } from '../lib/config.js';
import type { FileRow, FolderRow, SortKey } from '../lib/file-rows.js';
import type { Format } from '../lib/format.js';
import { folderNames } from '../lib/keys.js';
import { ROW_HEIGHT } from '../lib/row-window.js';
import { heading, onSubmit } from './common.js';
import { preview } from './preview.js';

/** What every part of the file list needs besides the browser: the words and the formats. */
interface Words {
  t: Catalog;
  f: Format;
  /** The level of the list's heading (`heading-level`). */
  level: number;
}


export function storedFiles(w: Words, browser: FileBrowser, mode: StorageMode, limits?: ServerLimits): TemplateResult {
  const { t } = w;
  const { list } = browser;
  const title = mode === 'guest' ? t.files.publicFiles : t.files.myFiles;
  const rows = list.rows;
  const shown = browser.window.window(rows.length);
  const owner = mode === 'user';
  return html`<section class="files" part="files" aria-busy=${list.status === 'loading' ? 'true' : 'false'}>
    <header>
      ${heading(w.level, title, 'section')}
      <div class="actions">
        ${owner ? html`<button type="button" part="new-folder" @click=${() => list.setNaming(!list.naming)}>${t.files.newFolder}</button>` : nothing}
        <button type="button" @click=${() => list.refresh()} ?disabled=${list.status === 'loading'}>${t.files.refresh}</button>
      </div>
    </header>
    ${breadcrumbs(t, list, title)} ${list.naming && owner ? newFolderForm(t, list) : nothing} ${toolbar(t, list)} ${owner ? selectionBar(t, browser) : nothing}
    ${removedNotice(t, browser, limits)} ${list.error ? html`<p part="error" role="alert">${list.error(t)}</p>` : nothing}
    ${list.problem
      ? html`<p part="error problem">${list.problem(t)} <button type="button" class="link" @click=${() => list.dismissProblem()}>${t.files.dismiss}</button></p>`
      : nothing}
    ${list.status === 'ready' && rows.length === 0 ? html`<p class="muted" part="status">${list.filter ? t.files.noMatches : list.folder ? t.files.emptyFolder : t.files.noFiles}</p>` : nothing}
    ${list.status === 'loading' && rows.length === 0 ? html`<p class="muted" part="status">${t.files.loadingFiles}</p>` : nothing}
    <div class="scroller" part="file-list" @scroll=${browser.window.onScroll} ${ref(browser.window.scroller)}>
      <ul class="items rows" aria-label=${title} ${ref(spacing(shown.start * ROW_HEIGHT, (rows.length - shown.end) * ROW_HEIGHT))}>
        ${repeat(
          rows.slice(shown.start, shown.end),
          (row) => (row.kind === 'file' ? row.key : row.prefix),
          (row, i) => (row.kind === 'file' ? fileRow(w, browser, mode, row, shown.start + i + 1, rows.length) : folderRow(t, browser, mode, row, shown.start + i + 1, rows.length)),
        )}
      </ul>
    </div>
    ${list.complete || rows.length === 0 ? nothing : html`<p class="muted" part="status">${t.files.moreFiles(rows.length)}</p>`}
  </section>`;
}

/** Files the backend removed after upload, and why, until the owner dismisses them. */
function removedNotice(t: Catalog, { removedFiles }: FileBrowser, limits: ServerLimits | undefined) {
  if (removedFiles.records.length === 0) return nothing;
  return html`<div part="error removed" role="alert">
    <ul>
      ${removedFiles.records.map((r) => html`<li>${t.files.removedByServer(r.name, r.reason, limits)}</li>`)}
    </ul>
    <button type="button" @click=${() => void removedFiles.dismiss()}>${t.files.dismiss}</button>
  </div>`;
}

/**
 * The space of the rows not in the DOM, above and below, set through the CSSOM: a style
 * attribute (as lit's styleMap writes on first render) is refused under `style-src 'self'`.
 */
const spacing = (above: number, below: number) => (element: Element | undefined) => {
  if (!(element instanceof HTMLElement)) return;
  element.style.paddingTop = `${above}px`;
  element.style.paddingBottom = `${below}px`;
};

/** The question before a delete, with its two answers. */
function deleteQuestion(t: Catalog, deletion: FileDeletion, question: string): TemplateResult {
  return html`<span>${question}</span>
    <button type="button" class="danger" @click=${() => void deletion.confirm()}>${t.files.delete}</button>
    <button type="button" part="keep" @click=${() => deletion.ask(undefined)}>${t.files.keep}</button>`;
}

function breadcrumbs(t: Catalog, list: StoredFiles, title: string): TemplateResult | typeof nothing {
  if (!list.folder) return nothing;
  const names = folderNames(list.folder);
  const folderAt = (depth: number) => list.folder.split('/').slice(0, depth).map((s) => `${s}/`).join('');
  return html`<nav part="breadcrumbs" aria-label=${t.files.folders}>
    <ol>
      <li><button type="button" class="link" @click=${() => list.open('')}>${title}</button></li>
      ${names.map((name, i) =>
        i === names.length - 1
          ? html`<li aria-current="page">${name}</li>`
          : html`<li><button type="button" class="link" @click=${() => list.open(folderAt(i + 1))}>${name}</button></li>`,
      )}
    </ol>
    <button type="button" part="up" @click=${() => list.open(folderAt(names.length - 1))}>${t.files.up}</button>
  </nav>`;
}

function newFolderForm(t: Catalog, list: StoredFiles): TemplateResult {
  const create = onSubmit((value) => void list.createFolder(value('name')));
  return html`<form class="inline" part="new-folder-form" @submit=${create}>
    <label>${t.files.folderName} <input type="text" name="name" required maxlength="200" autocomplete="off" /></label>
    <button type="submit" class="primary">${t.files.create}</button>
    <button type="button" @click=${() => list.setNaming(false)}>${t.files.cancel}</button>
  </form>`;
}

const SORTS: SortKey[] = ['date', 'name', 'size'];

function toolbar(t: Catalog, list: StoredFiles): TemplateResult {
  return html`<div class="toolbar">
    <input
      type="search"
      part="filter"
      placeholder=${t.files.filterPlaceholder}
      aria-label=${t.files.filterLabel}
      .value=${list.filter}
      @input=${(e: Event) => list.setFilter((e.target as HTMLInputElement).value)}
    />
    <span class="sort" role="group" aria-label=${t.files.sortBy}>
      ${SORTS.map(
        (by) => html`<button type="button" part="sort" aria-pressed=${list.order.by === by ? 'true' : 'false'} @click=${() => list.sortBy(by)}>
          ${t.files.sortNames[by]}${list.order.by === by
            ? html`<span aria-hidden="true">${list.order.descending ? ' ↓' : ' ↑'}</span><span class="visually-hidden">, ${list.order.descending ? t.files.descending : t.files.ascending}</span>`
            : nothing}
        </button>`,
      )}
    </span>
  </div>`;
}

function selectionBar(t: Catalog, { list, deletion }: FileBrowser): TemplateResult | typeof nothing {
  const files = list.shownFiles;
  const deleting = deletion.deleting;
  if (files.length === 0 && !deleting) return nothing;
  const count = list.selected.size;
  return html`<div class="selection" part="selection">
    <label class="check"
      ><input
        type="checkbox"
        part="select-all"
        .checked=${count > 0 && count === files.length}
        .indeterminate=${count > 0 && count < files.length}
        @change=${(e: Event) => list.selectAll((e.target as HTMLInputElement).checked)}
      />
      ${count ? t.files.selectedCount(count) : t.files.selectAll}</label
    >
    ${deletion.confirming?.kind === 'selected'
      ? deleteQuestion(t, deletion, t.files.deleteSelectedQuestion(count))
      : count > 0 && !deleting
        ? html`<button type="button" @click=${() => void list.downloadSelected()}>${t.files.downloadSelected}</button>
            <button type="button" class="danger" @click=${() => deletion.ask({ kind: 'selected' })}>${t.files.deleteSelected}</button>`
        : nothing}
    ${deleting && deleting.target.kind !== 'file'
      ? html`<progress part="delete-progress" max=${deleting.total ?? 1} .value=${deleting.total ? deleting.done : 0} aria-label=${t.files.deletingProgress}></progress>
          <span class="meta" role="status">${t.files.deletedOf(deleting.done, deleting.total)}</span>`
      : nothing}
  </div>`;
}

function fileRow({ t, f }: Words, { list, viewer, deletion }: FileBrowser, mode: StorageMode, row: FileRow, position: number, total: number): TemplateResult {
  const confirming = deletion.confirming?.kind === 'file' && deletion.confirming.row === row;
  const deleting = deletion.deleting?.target.kind === 'file' && deletion.deleting.target.row === row;
  const open = () => (Viewer.shows(row) ? viewer.open(row) : void list.download(row));
  return html`<li class="item row" part="file" data-key=${row.key} aria-setsize=${total} aria-posinset=${position}>
    ${mode === 'user'
      ? html`<input type="checkbox" aria-label=${t.files.selectName(row.name)} .checked=${list.selected.has(row)} @change=${(e: Event) => list.select(row, (e.target as HTMLInputElement).checked)} />`
      : html`<span></span>`}
    ${preview(t, row.thumbnail, row.name, row.orientation)}
    <div class="about">
      <button type="button" class="name link" part="open" title=${row.name} @click=${open}>${row.name}</button>
      <div class="meta">${f.bytes(row.size)} · <time datetime=${row.lastModified.toISOString()}>${f.date(row.lastModified)}</time></div>
    </div>
    <div class="actions">
      ${confirming
        ? deleteQuestion(t, deletion, t.files.deleteQuestion(row.name))
        : html`<button type="button" aria-label=${t.files.downloadName(row.name)} @click=${() => void list.download(row)}>${t.files.download}</button>
            ${mode === 'guest'
              ? nothing
              : html`<button type="button" part="delete" aria-label=${t.files.deleteName(row.name)} ?disabled=${deleting} @click=${() => deletion.ask({ kind: 'file', row })}>
                  ${deleting ? t.files.deleting : t.files.delete}
                </button>`}`}
    </div>
  </li>`;
}

function folderRow(t: Catalog, { list, deletion }: FileBrowser, mode: StorageMode, row: FolderRow, position: number, total: number): TemplateResult {
  const confirming = deletion.confirming?.kind === 'folder' && deletion.confirming.row === row;
  const deleting = deletion.deleting?.target.kind === 'folder' && deletion.deleting.target.row === row;
  const relative = row.prefix.slice((list.prefix ?? '').length - list.folder.length);
  return html`<li class="item row folder" part="folder" data-prefix=${row.prefix} aria-setsize=${total} aria-posinset=${position}>
    <span></span>
    <div class="preview"><span part="folder-icon" aria-hidden="true">📁</span></div>
    <div class="about">
      <button type="button" class="name link" part="open" @click=${() => list.open(relative)}>${row.name}</button>
      <div class="meta">${t.files.folder}</div>
    </div>
    <div class="actions">
      ${confirming
        ? deleteQuestion(t, deletion, t.files.deleteFolderQuestion(row.name))
        : mode === 'guest'
          ? nothing
          : html`<button type="button" part="delete" aria-label=${t.files.deleteName(row.name)} ?disabled=${deleting} @click=${() => deletion.ask({ kind: 'folder', row })}>
              ${deleting ? t.files.deleting : t.files.delete}
            </button>`}
    </div>
  </li>`;
}
