/** Small pieces every view uses: a heading, a notice or error line, form submission. */
import { html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml, literal } from 'lit/static-html.js';

const HEADINGS = [literal`h1`, literal`h2`, literal`h3`, literal`h4`, literal`h5`, literal`h6`];

/**
 * A heading at the page's level (`heading-level`, h2 by default), focusable from script so
 * a new screen can take focus at its title. `kind` picks its size: a screen's title or a section's.
 */
export function heading(level: number, text: string, kind: 'title' | 'section' = 'title'): TemplateResult {
  const tag = HEADINGS[Math.min(6, Math.max(1, Math.round(level) || 2)) - 1]!;
  return staticHtml`<${tag} class="heading ${kind}" tabindex="-1">${text}</${tag}>`;
}

/** A neutral notice and an error, each shown only when there is one. */
export function noticeAndError(notice: string | undefined, error: string | undefined): TemplateResult {
  return html`${notice ? html`<p part="notice" role="status">${notice}</p>` : nothing}
  ${error ? html`<p part="error" role="alert">${error}</p>` : nothing}`;
}

/** A submit listener that stays on the page and hands over the form's values. */
export function onSubmit(handler: (values: (name: string) => string) => void) {
  return (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    handler((name) => String(data.get(name) ?? ''));
  };
}
