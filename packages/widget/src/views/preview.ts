/** A file's preview in a row of the queue or the file list (apart from common.ts: signed-in views only). */
import { html, type TemplateResult } from 'lit';
import type { Catalog } from '../i18n/catalog.js';
import { extensionOf } from '../lib/files.js';

/**
 * A thumbnail when there is one, else an icon with the file's extension. `orientation` is
 * the EXIF orientation of an embedded camera thumbnail, which is stored unrotated.
 */
export function preview(t: Catalog, thumbnail: string | undefined, name: string, orientation = 1): TemplateResult {
  return html`<div class="preview">
    ${thumbnail
      ? html`<img part="thumbnail" class=${orientation > 1 ? `orientation-${orientation}` : ''} src=${thumbnail} alt=${t.upload.previewOf(name)} />`
      : html`<span part="file-icon" aria-hidden="true">${extensionOf(name).toUpperCase().slice(0, 4) || 'FILE'}</span>`}
  </div>`;
}
