import { css, unsafeCSS } from 'lit';

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
  button:focus-visible {
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
    button {
      border: 1px solid ButtonText;
    }
    input:focus-visible,
    button:focus-visible {
      outline-color: Highlight;
    }
    [part~='error'] {
      border: 1px solid CanvasText;
    }
  }
`;
