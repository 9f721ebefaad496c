import { css, unsafeCSS } from 'lit';
import { ROW_HEIGHT } from './lib/row-window.js';

/**
 * Styles of the signed-in parts: the drop zone and the upload queue, the file list and the
 * image viewer. They come with the upload panel's and the file browser's chunks (adopted by
 * the element when the first of them loads), so a page whose visitors never sign in does not
 * download them. The palette's properties (`--_text` …) are the element's (secure-uploader.styles.ts).
 */
export const filesStyles = css`
  [part~='dropzone'] {
    border: 2px dashed var(--_border);
    border-radius: var(--su-radius, 10px);
    padding: 28px 16px;
    text-align: center;
    transition: background 0.15s, border-color 0.15s;
  }
  [part~='dropzone'].dragging {
    border-color: var(--_accent);
    background: var(--_drag-surface);
  }
  ul.items {
    list-style: none;
    padding: 0;
    margin: 12px 0 0;
    display: grid;
    gap: 8px;
  }
  .item {
    display: grid;
    grid-template-columns: 48px 1fr auto;
    gap: 12px;
    align-items: center;
    padding: 8px;
    border: 1px solid var(--_border);
    border-radius: 8px;
  }
  .item.refused,
  .item.failed {
    border-color: var(--_danger);
  }
  .preview {
    width: 48px;
    height: 48px;
    border-radius: 6px;
    overflow: hidden;
    display: grid;
    place-items: center;
    background: var(--_button);
  }
  .preview img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  [part~='file-icon'] {
    font-size: 0.7em;
    font-weight: 700;
    color: var(--_muted);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    font-size: 0.85em;
    color: var(--_muted);
  }
  .meta .alarming {
    color: var(--_danger);
  }
  progress {
    width: 100%;
    height: 6px;
    accent-color: var(--_accent);
  }
  .actions {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
    justify-content: flex-end;
  }
  .total {
    display: grid;
    gap: 4px;
    margin-top: 12px;
  }
  section.files {
    margin-top: 24px;
  }
  /* The account screen: sections one under the other, their buttons where the text starts. */
  .account section {
    margin-top: 16px;
    padding-top: 12px;
    border-top: 1px solid var(--_border);
  }
  .account section p {
    margin: 6px 0 10px;
  }
  .account .actions {
    justify-content: flex-start;
  }
  .secret {
    overflow-wrap: anywhere;
    font-size: 1.05em;
  }
  section.files header {
    margin-bottom: 0;
  }
  section.files > * + * {
    margin-top: 10px;
  }
  .toolbar,
  .selection,
  form.inline,
  [part~='breadcrumbs'] {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
  }
  form.inline {
    max-width: none;
  }
  form.inline label {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  input[type='search'] {
    font: inherit;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    flex: 1 1 160px;
  }
  .sort {
    display: flex;
    gap: 4px;
  }
  .sort [aria-pressed='true'] {
    border-color: var(--_accent);
  }
  label.check {
    display: flex;
    align-items: center;
    gap: 6px;
    font-weight: 400;
  }
  .selection progress {
    flex: 1 1 120px;
  }
  [part~='breadcrumbs'] ol {
    display: flex;
    flex-wrap: wrap;
    list-style: none;
    margin: 0;
    padding: 0;
    gap: 4px;
  }
  [part~='breadcrumbs'] li + li::before {
    content: '/ ';
    color: var(--_muted);
  }
  /* The list scrolls inside the element; only the rows near the viewport are in the DOM. */
  .scroller {
    max-height: var(--su-files-height, 480px);
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  ul.rows {
    display: block;
    margin: 0;
  }
  ul.rows .item {
    height: ${unsafeCSS(ROW_HEIGHT)}px;
    grid-template-columns: 20px 48px minmax(0, 1fr) auto;
    border: none;
    border-bottom: 1px solid var(--_border);
    border-radius: 0;
    padding: 7px 8px;
    overflow: hidden;
  }
  ul.rows .name {
    display: block;
    max-width: 100%;
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
    text-align: start;
    text-decoration: none;
    color: inherit;
  }
  ul.rows .name:hover {
    text-decoration: underline;
  }
  ul.rows .actions {
    flex-wrap: nowrap;
  }
  [part~='folder-icon'] {
    font-size: 1.6em;
  }
  img.orientation-2 { transform: scaleX(-1); }
  img.orientation-3 { transform: rotate(180deg); }
  img.orientation-4 { transform: scaleY(-1); }
  img.orientation-5 { transform: rotate(90deg) scaleX(-1); }
  img.orientation-6 { transform: rotate(90deg); }
  img.orientation-7 { transform: rotate(-90deg) scaleX(-1); }
  img.orientation-8 { transform: rotate(-90deg); }
  dialog[part~='viewer'] {
    width: min(96vw, 1200px);
    max-height: 96vh;
    border: none;
    border-radius: var(--su-radius, 10px);
    padding: 16px;
    display: grid;
    gap: 10px;
    color: var(--_text);
    background: var(--_surface);
  }
  dialog[part~='viewer']::backdrop {
    background: rgb(0 0 0 / 0.7);
  }
  dialog .stage {
    display: grid;
    place-items: center;
    min-height: 40vh;
  }
  dialog .stage img {
    max-width: 100%;
    max-height: 75vh;
    object-fit: contain;
  }
  dialog .stage img.preview {
    width: min(100%, 75vh);
    image-rendering: auto;
    filter: blur(2px);
  }
  /* Windows high contrast and other forced colours. */
  @media (forced-colors: active) {
    [part~='dropzone'],
    li.item {
      border: 1px solid ButtonText;
    }
    [part~='dropzone'].dragging {
      outline: 3px solid Highlight;
    }
  }
  /*
   * A narrow host (a phone, a sidebar): a file row keeps its height (the list's window counts on
   * it) and puts the actions under the name, beside the size and date, instead of beside the name.
   */
  @container (max-width: 520px) {
    ul.rows .item {
      grid-template-columns: 20px 40px minmax(0, 1fr) auto;
      grid-template-rows: auto auto;
      column-gap: 8px;
      row-gap: 2px;
    }
    ul.rows .item > :first-child,
    ul.rows .item > .preview {
      grid-row: 1 / 3;
    }
    ul.rows .preview {
      width: 40px;
      height: 40px;
    }
    ul.rows .about {
      display: contents;
    }
    ul.rows .about .name {
      grid-column: 3 / 5;
      grid-row: 1;
    }
    ul.rows .about .meta {
      grid-column: 3;
      grid-row: 2;
      white-space: nowrap;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    ul.rows .actions {
      grid-column: 4;
      grid-row: 2;
      flex-wrap: nowrap;
    }
    ul.rows .actions button {
      padding: 1px 8px;
    }
  }
`;
