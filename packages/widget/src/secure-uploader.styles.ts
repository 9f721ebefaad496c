import { css, unsafeCSS } from 'lit';
import { ROW_HEIGHT } from './lib/row-window.js';

/**
 * The two palettes: each colour an internal property (`--_text`) that a page's `--su-color-*`
 * replaces in both themes. Written once here, placed by the styles below.
 */
const LIGHT = {
  'text': '#1f2328',
  'surface': '#ffffff',
  'border': '#d0d7de',
  'muted': '#59636e',
  'accent': '#0969da',
  'link': '#0969da',
  'on-accent': '#ffffff',
  'button': '#f6f8fa',
  'danger': '#b42318',
  'danger-surface': '#fef3f2',
  'notice-surface': '#ddf4ff',
  'success': '#1a7f37',
  'drag-surface': '#ddf4ff',
} as const;
const DARK: Record<keyof typeof LIGHT, string> = {
  'text': '#e6edf3',
  'surface': '#0d1117',
  'border': '#3d444d',
  'muted': '#9198a1',
  'accent': '#1f6feb',
  'link': '#4493f8',
  'on-accent': '#ffffff',
  'button': '#21262d',
  'danger': '#ff7b72',
  'danger-surface': '#3c1618',
  'notice-surface': '#0c2d6b',
  'success': '#3fb950',
  'drag-surface': '#0c2d6b',
};
const palette = (colors: Record<string, string>) =>
  unsafeCSS(Object.entries(colors).map(([name, value]) => `--_${name}: var(--su-color-${name}, ${value});`).join('\n'));

/**
 * Styles of the element. Theme it with `--su-*` custom properties from the page, or style
 * the exposed parts (`::part(dropzone)` …). Static styles are adopted stylesheets, so they
 * work under a strict CSP (`style-src 'self'`); no inline style attributes are rendered.
 */
export const styles = css`
  /*
   * Two palettes: light, and dark for theme="dark" or, with theme="auto" (the default), for a
   * visitor who prefers dark. A page's --su-color-* properties replace a colour in both.
   */
  :host {
    display: block;
    box-sizing: border-box;
    container-type: inline-size;
    color-scheme: light;
    ${palette(LIGHT)}
    font-family: var(--su-font-family, system-ui, sans-serif);
    font-size: var(--su-font-size, 15px);
    color: var(--_text);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--su-radius, 10px);
    padding: var(--su-spacing, 20px);
  }
  :host([theme='dark']) {
    color-scheme: dark;
    ${palette(DARK)}
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      color-scheme: dark;
      ${palette(DARK)}
    }
  }
  :host([hidden]) {
    display: none;
  }
  /* Carries lang and dir (an Arabic element on an English page is right to left), as the block its content lays out in. */
  .root {
    display: block;
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
  .heading.title {
    font-size: 1.25em;
    margin: 0 0 12px;
  }
  .heading.section {
    font-size: 1.05em;
    margin: 0;
  }
  .heading:focus {
    outline: none;
  }
  .heading:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
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
  input[type='text'],
  input[type='search'] {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    font-weight: 400;
    padding: 8px 10px;
    border: 1px solid var(--_border);
    border-radius: 6px;
  }
  input:focus-visible,
  button:focus-visible,
  [part~='dropzone']:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    cursor: pointer;
    border-radius: 6px;
    border: 1px solid var(--_border);
    background: var(--_button);
    color: inherit;
    padding: 6px 12px;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: default;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
    padding: 8px 14px;
    font-weight: 600;
  }
  button.link {
    border: none;
    background: none;
    color: var(--_link);
    padding: 0;
    text-decoration: underline;
  }
  button.danger {
    color: var(--_danger);
  }
  .links {
    display: flex;
    flex-wrap: wrap;
    gap: 16px;
    margin-top: 12px;
  }
  [part~='error'] {
    color: var(--_danger);
    background: var(--_danger-surface);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 0 0 12px;
  }
  [part~='error'] ul {
    margin: 4px 0 0;
    padding-inline-start: 20px;
  }
  [part~='notice'] {
    background: var(--_notice-surface);
    border-radius: 6px;
    padding: 8px 12px;
    margin: 0 0 12px;
  }
  [part~='status'],
  .muted {
    color: var(--_muted);
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
    color: var(--_success);
  }
  .rules li.met::before {
    content: '✓ ';
  }
  header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    align-items: center;
    gap: 12px;
    margin-bottom: 16px;
  }
  header strong {
    overflow-wrap: anywhere;
  }
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
  /* Motion only for those who have not asked for less. */
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }
  /* Windows high contrast and other forced colours: keep every state visible without our palette. */
  @media (forced-colors: active) {
    button,
    [part~='dropzone'],
    li.item {
      border: 1px solid ButtonText;
    }
    input:focus-visible,
    button:focus-visible {
      outline-color: Highlight;
    }
    [part~='dropzone'].dragging {
      outline: 3px solid Highlight;
    }
    [part~='error'] {
      border: 1px solid CanvasText;
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
