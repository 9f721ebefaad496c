// Entry point: registers the element. Importing this module is all a page needs.
import { SecureUploaderElement } from './secure-uploader.component.js';
import type { SecureUploaderEventMap } from './events.js';

export { SecureUploaderElement };
export type { UploaderConfig } from './lib/config.js';
export type * from './events.js';

if (!customElements.get('secure-uploader')) customElements.define('secure-uploader', SecureUploaderElement);

declare global {
  interface HTMLElementTagNameMap {
    'secure-uploader': SecureUploaderElement;
  }
  // Typed listeners: el.addEventListener('su-error', (e) => e.detail.code)
  interface HTMLElementEventMap extends SecureUploaderEventMap {}
}
export type { Catalog, MessageOverrides } from './i18n/catalog.js';
