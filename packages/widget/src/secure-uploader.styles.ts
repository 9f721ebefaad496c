import { css, unsafeCSS } from 'lit';
import { ROW_HEIGHT } from './lib/row-window.js';

/**
 * Styles of the element. Theme it with `--su-*` custom properties from the page, or style
 * the exposed parts (`::part(dropzone)` …). Static styles are adopted stylesheets, so they
 * work under a strict CSP (`style-src 'self'`); no inline style attributes are rendered.
 */
export const styles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--su-font-family, system-ui, sans-serif);
    font-size: var(--su-font-size, 15px);
    color: var(--su-color-text, #1f2328);
    background: var(--su-color-surface, #ffffff);
    border: 1px solid var(--su-color-border, #d0d7de);
    border-radius: var(--su-radius, 10px);
    padding: var(--su-spacing, 20px);
    --su-accent: var(--su-color-accent, #0969da);
  }
  :host([hidden]) {
    display: none;
  }
  /* Carries lang and dir (an Arabic element on an English page is right to left); no box of its own. */
  .root {
    display: contents;
  }
  /* Read by screen readers, not shown: e.g. whether a password rule is met, besides its colour. */
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2 {
    font-size: 1.25em;
    margin: 0 0 12px;
  }
  h3 {
    font-size: 1.05em;
    margin: 0;
  }
  form {
    display: grid;
    gap: 12px;
    max-width: 380px;
  }
  label {
    display: grid;
    gap: 4px;
    font-weight: 600;
    font-size: 0.9em;
  }
  input[type='email'],
  input[type='password'],
  input[type='text'] {
    font: inherit;
    font-weight: 400;
    padding: 8px 10px;
    border: 1px solid var(--su-color-border, #d0d7de);
    border-radius: 6px;
  }
  input:focus-visible,
  button:focus-visible,
  [part~='dropzone']:focus-visible {
    outline: 2px solid var(--su-accent);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 6px;
    border: 1px solid var(--su-color-border, #d0d7de);
    background: var(--su-color-button, #f6f8fa);
    color: inherit;
    padding: 6px 12px;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  button.primary {
    background: var(--su-accent);
    border-color: var(--su-accent);
    color: var(--su-color-on-accent, #ffffff);
    padding: 8px 14px;
    font-weight: 600;
  }
  button.link {
    border: none;
    background: none;
    color: var(--su-accent);
    padding: 0;
    text-decoration: underline;
  }
  button.danger {
    color: var(--su-color-danger, #b42318);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 16px;
    margin-top: 12px;
  }
  [part~='error'] {
    color: var(--su-color-danger, #b42318);
    background: var(--su-color-danger-surface, #fef3f2);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 0 0 12px;
  }
  [part~='error'] ul {
    margin: 4px 0 0;
    padding-inline-start: 20px;
  }
  [part~='notice'] {
    background: var(--su-color-notice-surface, #ddf4ff);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 0 0 12px;
  }
  [part~='status'],
  .muted {
    color: var(--su-color-muted, #59636e);
  }
  .rules {
    list-style: none;
    margin: 0;
    padding: 0;
    font-size: 0.85em;
    display: grid;
    gap: 2px;
  }
  .rules li::before {
    content: '○ ';
  }
  .rules li.met {
    color: var(--su-color-success, #1a7f37);
  }
  .rules li.met::before {
    content: '✓ ';
  }
  header {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: 12px;
    margin-bottom: 16px;
  }
  [part~='dropzone'] {
    border: 2px dashed var(--su-color-border, #d0d7de);
    border-radius: var(--su-radius, 10px);
    padding: 28px 16px;
    text-align: center;
    transition: background 0.15s, border-color 0.15s;
  }
  [part~='dropzone'].dragging {
    border-color: var(--su-accent);
    background: var(--su-color-drag-surface, #ddf4ff);
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
    border: 1px solid var(--su-color-border, #d0d7de);
    border-radius: 8px;
  }
  .item.refused,
  .item.failed {
    border-color: var(--su-color-danger, #b42318);
  }
  .preview {
    width: 48px;
    height: 48px;
    border-radius: 6px;
    overflow: hidden;
    display: grid;
    place-items: center;
    background: var(--su-color-button, #f6f8fa);
  }
  .preview img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  [part~='file-icon'] {
    font-size: 0.7em;
    font-weight: 700;
    color: var(--su-color-muted, #59636e);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .meta {
    font-size: 0.85em;
    color: var(--su-color-muted, #59636e);
  }
  progress {
    width: 100%;
    height: 6px;
    accent-color: var(--su-accent);
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
    border: 1px solid var(--su-color-border, #d0d7de);
    border-radius: 6px;
    flex: 1 1 160px;
  }
  .sort {
    display: flex;
    gap: 4px;
  }
  .sort [aria-pressed='true'] {
    border-color: var(--su-accent);
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
    color: var(--su-color-muted, #59636e);
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
    border-bottom: 1px solid var(--su-color-border, #d0d7de);
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
    color: var(--su-color-text, #1f2328);
    background: var(--su-color-surface, #ffffff);
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
`;
