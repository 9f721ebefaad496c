/**
 * The image viewer: a modal dialog (the browser keeps focus inside it), the small preview at
 * once and the full image when loaded, previous and next with the arrow keys, Escape closes.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { FileBrowser } from '../controllers/file-browser.js';
import type { Catalog } from '../i18n/catalog.js';
import { heading } from './common.js';

export function viewerDialog(t: Catalog, level: number, browser: FileBrowser): TemplateResult | typeof nothing {
  const { viewer, list } = browser;
  const row = viewer.row;
  if (!row) return nothing;
  const images = browser.images; // only while open: it walks the folder's files
  const position = images.indexOf(row) + 1;
  const keys = (event: KeyboardEvent) => {
    if (event.key === 'ArrowRight') viewer.step(1);
    else if (event.key === 'ArrowLeft') viewer.step(-1);
    else return;
    event.preventDefault();
  };
  const src = viewer.full ?? row.thumbnail;
  return html`<dialog
    part="viewer"
    aria-label=${row.name}
    ${ref((dialog) => {
      // Called while the template is still being attached: open it once it is in the page.
      if (dialog instanceof HTMLDialogElement) queueMicrotask(() => dialog.isConnected && !dialog.open && dialog.showModal());
    })}
    @cancel=${(event: Event) => {
      event.preventDefault();
      viewer.close();
    }}
    @keydown=${keys}
  >
    <header>
      ${heading(level, row.name, 'section')}
      <span class="meta">${position > 0 ? t.viewer.positionOf(position, images.length) : ''}</span>
    </header>
    <div class="stage">
      ${src ? html`<img part="viewer-image" class=${viewer.full ? 'full' : 'preview'} src=${src} alt=${row.name} />` : nothing}
    </div>
    ${viewer.status === 'loading' ? html`<p class="muted" part="status" role="status">${t.viewer.loadingImage}</p>` : nothing}
    ${viewer.status === 'failed' ? html`<p part="error" role="alert">${t.viewer.imageFailed}</p>` : nothing}
    <div class="actions">
      <button type="button" @click=${() => viewer.step(-1)} ?disabled=${images.length < 2}>${t.viewer.previous}</button>
      <button type="button" @click=${() => viewer.step(1)} ?disabled=${images.length < 2}>${t.viewer.next}</button>
      <button type="button" @click=${() => void list.download(row)}>${t.files.download}</button>
      <button type="button" class="primary" @click=${() => viewer.close()}>${t.viewer.close}</button>
    </div>
  </dialog>`;
}
