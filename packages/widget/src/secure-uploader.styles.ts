import { css } from 'lit';

/**
 * Styles of the element. Theme it with `--su-*` custom properties from the page, or style
 * the exposed parts (`::part(error)` …). Static styles are adopted stylesheets, so they
 * work under a strict CSP (`style-src 'self'`).
 */
export const styles = css`
  :host {
    display: block;
    box-sizing: border-box;
    font-family: var(--su-font-family, system-ui, sans-serif);
    color: var(--su-color-text, #1f2328);
    background: var(--su-color-surface, #ffffff);
    border: 1px solid var(--su-color-border, #d0d7de);
    border-radius: var(--su-radius, 8px);
    padding: var(--su-spacing, 16px);
  }
  :host([hidden]) {
    display: none;
  }
  [part='error'] {
    color: var(--su-color-danger, #b42318);
    background: var(--su-color-danger-surface, #fef3f2);
    border-radius: calc(var(--su-radius, 8px) / 2);
    padding: 8px 12px;
  }
  [part='error'] ul {
    margin: 4px 0 0;
    padding-left: 20px;
  }
  [part='status'] {
    color: var(--su-color-muted, #59636e);
  }
`;
