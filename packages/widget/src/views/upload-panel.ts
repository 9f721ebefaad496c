/**
 * The upload side of the signed-in screen: the drop zone with its "Choose files" button and
 * limits, then the queue of picked files with previews, progress, cancel, retry and remove.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DropTarget } from '../controllers/drop-target.js';
import { bytesOf, type PickedFile, type UploadItem, type UploadQueue } from '../controllers/upload-queue.js';
import type { Catalog } from '../i18n/catalog.js';
import type { Format } from '../lib/format.js';
import { visibleName } from '../lib/keys.js';
import { preview } from './preview.js';

export interface UploadLimits {
  accept?: string;
  maxFileSize?: number;
  maxFiles?: number;
}

export function dropZone(t: Catalog, drop: DropTarget, limits: UploadLimits, add: (files: PickedFile[]) => void): TemplateResult {
  const described = [
    limits.accept ? t.upload.accepted(limits.accept) : '',
    limits.maxFileSize ? t.upload.sizeLimit(limits.maxFileSize) : '',
    limits.maxFiles ? t.upload.countLimit(limits.maxFiles) : '',
  ].filter(Boolean);
  const choose = (which: string) => (event: Event) => (event.currentTarget as HTMLElement).parentElement?.querySelector<HTMLInputElement>(`input.${which}`)?.click();
  const picked = (event: Event) => {
    const input = event.target as HTMLInputElement;
    // A chosen folder's files carry their path inside it: `Trip/Day 1/a.jpg`.
    add([...(input.files ?? [])].map((file) => ({ file, folder: file.webkitRelativePath.split('/').slice(0, -1).join('/') })));
    input.value = '';
  };
  return html`<div
    part="dropzone"
    class=${drop.dragging ? 'dragging' : ''}
    role="group"
    aria-label=${t.upload.dropGroup}
    @dragenter=${drop.onDragOver}
    @dragover=${drop.onDragOver}
    @dragleave=${drop.onDragLeave}
    @drop=${drop.onDrop}
  >
    <p>${t.upload.dropHint}</p>
    <button type="button" class="primary" part="choose-button" @click=${choose('files')}>${t.upload.chooseFiles}</button>
    <button type="button" part="choose-folder-button" @click=${choose('folder')}>${t.upload.chooseFolder}</button>
    <input class="files" type="file" multiple hidden accept=${limits.accept ?? nothing} @change=${picked} />
    <input class="folder" type="file" webkitdirectory hidden @change=${picked} />
    ${described.length ? html`<p class="muted">${described.join(' · ')}</p>` : nothing}
  </div>`;
}

const finished = (item: UploadItem) => item.status === 'done' || item.status === 'refused' || item.status === 'cancelled';

export function uploadQueue(t: Catalog, f: Format, queue: UploadQueue, autoUpload: boolean): TemplateResult | typeof nothing {
  const items = queue.items;
  if (items.length === 0) return nothing;
  const { loaded, total } = queue.totals;
  const ready = items.filter((i) => i.status === 'ready').length;
  const uploading = items.some((i) => i.status === 'uploading');
  return html`<ul class="items" part="queue" aria-label=${t.upload.queue}>
      ${items.map((item) => queueItem(t, f, queue, item))}
    </ul>
    <div class="total">
      ${total > 0
        ? html`<progress part="total-progress" max=${total} .value=${loaded} aria-label=${t.upload.totalProgress}></progress>
            <span class="meta" part="total-status">${t.upload.sentOfTotal(loaded, total)}${uploading || ready ? '' : t.upload.allDone}</span>`
        : nothing}
      <div class="actions">
        ${ready > 0 && !autoUpload ? html`<button type="button" class="primary" @click=${() => queue.startAll()}>${t.upload.uploadCount(ready)}</button>` : nothing}
        ${items.some(finished) ? html`<button type="button" @click=${() => queue.clearFinished()}>${t.upload.clearFinished}</button>` : nothing}
      </div>
    </div>`;
}

function statusOf(t: Catalog, item: UploadItem): string {
  switch (item.status) {
    case 'refused':
      return item.message?.(t) ?? t.upload.refused;
    case 'ready':
      return t.upload.readyToUpload;
    case 'uploading': {
      const progress = t.upload.uploading(bytesOf(item) ? Math.floor((item.loaded / bytesOf(item)) * 100) : 0);
      return item.message ? `${progress} ${item.message(t)}` : progress;
    }
    case 'paused':
      return item.message?.(t) ?? t.upload.paused;
    case 'done':
      return t.upload.uploaded;
    case 'failed':
      return item.message?.(t) ?? t.upload.failed;
    case 'cancelled':
      return item.message?.(t) ?? t.upload.cancelled;
  }
}

function queueItem(t: Catalog, f: Format, queue: UploadQueue, item: UploadItem): TemplateResult {
  const name = visibleName(item.file.name);
  const alarming = item.status === 'refused' || item.status === 'failed';
  return html`<li class="item ${item.status}" part="queue-item" data-status=${item.status}>
    ${preview(t, item.thumbnail, name)}
    <div>
      <div class="name">${name}</div>
      <div class="meta">${f.bytes(bytesOf(item))} · <span part="item-status" class=${alarming ? 'alarming' : ''}>${statusOf(t, item)}</span></div>
      ${item.status === 'uploading' || item.status === 'paused' || item.status === 'done'
        ? html`<progress part="item-progress" max=${bytesOf(item)} .value=${item.loaded} aria-label=${t.upload.progressOf(name)}></progress>`
        : nothing}
    </div>
    <div class="actions">
      ${item.status === 'uploading' ? html`<button type="button" aria-label=${t.upload.pauseName(name)} @click=${() => queue.pause(item)}>${t.upload.pause}</button>` : nothing}
      ${item.status === 'paused' ? html`<button type="button" aria-label=${t.upload.resumeName(name)} @click=${() => queue.resume(item)}>${t.upload.resume}</button>` : nothing}
      ${item.status === 'uploading' || item.status === 'ready' || item.status === 'paused'
        ? html`<button type="button" aria-label=${t.upload.cancel(name)} @click=${() => queue.cancel(item)}>${t.files.cancel}</button>`
        : nothing}
      ${item.status === 'failed' || item.status === 'cancelled'
        ? html`<button type="button" aria-label=${t.upload.retry(name)} @click=${() => queue.retry(item)}>${t.upload.retryShort}</button>`
        : nothing}
      ${item.status !== 'uploading' && item.status !== 'paused' ? html`<button type="button" aria-label=${t.upload.remove(name)} @click=${() => queue.remove(item)}>${t.upload.removeShort}</button>` : nothing}
    </div>
  </li>`;
}
