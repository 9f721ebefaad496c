/**
 * The stored files: a signed-in user's own ("My files": download, delete after a
 * confirmation) or, for a guest, the public files (download only).
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { StorageMode } from '../controllers/storage-access.js';
import type { ListedFile, StoredFiles } from '../controllers/stored-files.js';
import { formatBytes } from '../lib/files.js';
import { text } from '../messages.js';
import { preview } from './common.js';

export function storedFiles(list: StoredFiles, mode: StorageMode): TemplateResult {
  const title = mode === 'guest' ? text.publicFiles : text.myFiles;
  return html`<section class="files" part="files" aria-busy=${list.status === 'loading' ? 'true' : 'false'}>
    <header>
      <h3>${title}</h3>
      <button type="button" @click=${() => void list.refresh()} ?disabled=${list.status === 'loading'}>Refresh</button>
    </header>
    ${list.status === 'failed' ? html`<p part="error" role="alert">${list.error}</p>` : nothing}
    ${list.status === 'ready' && list.files.length === 0 ? html`<p class="muted" part="status">${text.noFiles}</p>` : nothing}
    ${list.status === 'loading' && list.files.length === 0 ? html`<p class="muted" part="status">${text.loadingFiles}</p>` : nothing}
    <ul class="items" aria-label=${title}>
      ${list.files.map((file) => storedFile(list, file, mode))}
    </ul>
  </section>`;
}

function storedFile(list: StoredFiles, file: ListedFile, mode: StorageMode): TemplateResult {
  return html`<li class="item" part="file" data-key=${file.key}>
    ${preview(file.thumbnail, file.name)}
    <div>
      <div class="name">${file.name}</div>
      <div class="meta">${formatBytes(file.size)} · <time datetime=${file.lastModified.toISOString()}>${file.lastModified.toLocaleString()}</time></div>
    </div>
    <div class="actions">
      ${file.confirmingDelete
        ? html`<span>${text.deleteQuestion}</span>
            <button type="button" class="danger" @click=${() => void list.delete(file)}>Delete</button>
            <button type="button" @click=${() => list.askDelete(file, false)}>Keep</button>`
        : html`<button type="button" @click=${() => void list.download(file)}>Download</button>
            ${mode === 'guest'
              ? nothing
              : html`<button type="button" ?disabled=${file.deleting} @click=${() => list.askDelete(file, true)}>${file.deleting ? text.deleting : 'Delete'}</button>`}`}
    </div>
  </li>`;
}
