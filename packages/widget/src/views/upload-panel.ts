/**
 * The upload side of the signed-in screen: the drop zone with its "Choose files" button and
 * limits, then the queue of picked files with previews, progress, cancel, retry and remove.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DropTarget } from '../controllers/drop-target.js';
import type { PickedFile, UploadItem, UploadQueue } from '../controllers/upload-queue.js';
import { formatBytes } from '../lib/files.js';
import { visibleName } from '../lib/keys.js';
import { text } from '../messages.js';
import { preview } from './common.js';

export interface UploadLimits {
  accept?: string;
  maxFileSize?: number;
  maxFiles?: number;
}

export function dropZone(drop: DropTarget, limits: UploadLimits, add: (files: PickedFile[]) => void): TemplateResult {
  const described = [
    limits.accept ? text.accepted(limits.accept) : '',
    limits.maxFileSize ? text.sizeLimit(limits.maxFileSize) : '',
    limits.maxFiles ? text.countLimit(limits.maxFiles) : '',
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
    tabindex="0"
    aria-label=${text.dropLabel}
    @dragenter=${drop.onDragOver}
    @dragover=${drop.onDragOver}
    @dragleave=${drop.onDragLeave}
    @drop=${drop.onDrop}
  >
    <p>${text.dropHint}</p>
    <button type="button" class="primary" part="choose-button" @click=${choose('files')}>Choose files</button>
    <button type="button" part="choose-folder-button" @click=${choose('folder')}>${text.chooseFolder}</button>
    <input class="files" type="file" multiple hidden accept=${limits.accept ?? nothing} @change=${picked} />
    <input class="folder" type="file" webkitdirectory hidden @change=${picked} />
    ${described.length ? html`<p class="muted">${described.join(' · ')}</p>` : nothing}
  </div>`;
}

const finished = (item: UploadItem) => item.status === 'done' || item.status === 'refused' || item.status === 'cancelled';

export function uploadQueue(queue: UploadQueue, autoUpload: boolean): TemplateResult | typeof nothing {
  const items = queue.items;
  if (items.length === 0) return nothing;
  const { loaded, total } = queue.totals;
  const ready = items.filter((i) => i.status === 'ready').length;
  const uploading = items.some((i) => i.status === 'uploading');
  return html`<ul class="items" part="queue" aria-label="Files to upload">
      ${items.map((item) => queueItem(queue, item))}
    </ul>
    <div class="total">
      ${total > 0
        ? html`<progress part="total-progress" max=${total} .value=${loaded} aria-label="Total progress"></progress>
            <span class="meta" part="total-status">${text.sentOfTotal(loaded, total)}${uploading || ready ? '' : text.allDone}</span>`
        : nothing}
      <div class="actions">
        ${ready > 0 && !autoUpload ? html`<button type="button" class="primary" @click=${() => queue.startAll()}>${text.uploadCount(ready)}</button>` : nothing}
        ${items.some(finished) ? html`<button type="button" @click=${() => queue.clearFinished()}>Clear finished</button>` : nothing}
      </div>
    </div>`;
}

function statusOf(item: UploadItem): string {
  switch (item.status) {
    case 'refused':
      return item.message ?? text.refused;
    case 'ready':
      return text.readyToUpload;
    case 'uploading':
      return text.uploading(item.file.size ? Math.floor((item.loaded / item.file.size) * 100) : 0);
    case 'done':
      return text.uploaded;
    case 'failed':
      return item.message ?? text.failed;
    case 'cancelled':
      return item.message ?? text.cancelled;
  }
}

function queueItem(queue: UploadQueue, item: UploadItem): TemplateResult {
  const name = visibleName(item.file.name);
  const alarming = item.status === 'refused' || item.status === 'failed';
  return html`<li class="item ${item.status}" part="queue-item" data-status=${item.status}>
    ${preview(item.thumbnail, name)}
    <div>
      <div class="name">${name}</div>
      <div class="meta">${formatBytes(item.file.size)} · <span part="item-status" role=${alarming ? 'alert' : nothing}>${statusOf(item)}</span></div>
      ${item.status === 'uploading' || item.status === 'done'
        ? html`<progress part="item-progress" max=${item.file.size} .value=${item.loaded} aria-label=${text.progressOf(name)}></progress>`
        : nothing}
    </div>
    <div class="actions">
      ${item.status === 'uploading' || item.status === 'ready' ? html`<button type="button" @click=${() => queue.cancel(item)}>Cancel</button>` : nothing}
      ${item.status === 'failed' || item.status === 'cancelled' ? html`<button type="button" @click=${() => queue.retry(item)}>Retry</button>` : nothing}
      ${item.status !== 'uploading' ? html`<button type="button" aria-label=${text.removeName(name)} @click=${() => queue.remove(item)}>Remove</button>` : nothing}
    </div>
  </li>`;
}
