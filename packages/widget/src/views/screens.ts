/**
 * The element's outer screens: loading, a configuration it cannot use, the signed-in screen
 * (who is signed in, the upload panel and My files) and the guest's read-only screen. The
 * parts inside come from the other views.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { StorageAccess } from '../controllers/storage-access.js';
import type { Catalog } from '../i18n/catalog.js';

export const loadingScreen = (t: Catalog) => html`<p part="status" role="status">${t.screens.loading}</p>`;

/** The problems themselves are for the site's developer, in English (lib/config.ts). */
export function configProblems(t: Catalog, problems: string[]): TemplateResult {
  return html`<div part="error" role="alert">
    <strong>${t.screens.configProblems}</strong>
    <ul>
      ${problems.map((problem) => html`<li>${problem}</li>`)}
    </ul>
  </div>`;
}

export interface SignedInScreen {
  t: Catalog;
  email: string;
  storage: StorageAccess;
  signOut: () => void;
  retryStorage: () => void;
  /** The account button, once its words have loaded: `current` while the account screen shows. */
  account?: { label: string; current: boolean; toggle: () => void };
  /** The upload panel and the files, or the account screen, once storage is open. */
  content: () => TemplateResult;
}

export function signedInScreen({ t, email, storage, signOut, retryStorage, account, content }: SignedInScreen): TemplateResult {
  const body =
    storage.status === 'open'
      ? content()
      : storage.status === 'failed'
        ? html`<p part="error" role="alert">${storage.error?.(t)} <button type="button" class="link" @click=${retryStorage}>${t.screens.tryAgain}</button></p>`
        : html`<p part="status" role="status">${t.screens.openingFiles}</p>`;
  return html`<header>
      <span>${t.auth.signedInAs} <strong>${email}</strong></span>
      <span class="actions">
        ${account ? html`<button type="button" part="account-button" aria-pressed=${account.current} @click=${account.toggle}>${account.label}</button>` : nothing}
        <button type="button" @click=${signOut}>${t.auth.signOut}</button>
      </span>
    </header>
    ${body}`;
}

export function guestScreen(t: Catalog, leave: () => void, files: TemplateResult): TemplateResult {
  return html`<header>
      <span>${t.auth.browsingAsGuest}</span>
      <button type="button" @click=${leave}>${t.auth.signIn}</button>
    </header>
    ${files}`;
}
