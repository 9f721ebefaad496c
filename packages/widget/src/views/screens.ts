/**
 * The element's outer screens: loading, a configuration it cannot use, the signed-in screen
 * (who is signed in, the upload panel and My files) and the guest's read-only screen. The
 * parts inside come from the other views.
 */
import { html, type TemplateResult } from 'lit';
import type { StorageAccess } from '../controllers/storage-access.js';
import { errorMessage, text } from '../messages.js';

export const loadingScreen = () => html`<p part="status" role="status">${text.loading}</p>`;

export function configProblems(problems: string[]): TemplateResult {
  return html`<div part="error" role="alert">
    <strong>${errorMessage('config-invalid')}</strong>
    <ul>
      ${problems.map((problem) => html`<li>${problem}</li>`)}
    </ul>
  </div>`;
}

export interface SignedInScreen {
  email: string;
  storage: StorageAccess;
  signOut: () => void;
  retryStorage: () => void;
  /** The upload panel and the files, once storage is open. */
  content: () => TemplateResult;
}

export function signedInScreen({ email, storage, signOut, retryStorage, content }: SignedInScreen): TemplateResult {
  const body =
    storage.status === 'open'
      ? content()
      : storage.status === 'failed'
        ? html`<p part="error" role="alert">${storage.error} <button type="button" class="link" @click=${retryStorage}>${text.tryAgain}</button></p>`
        : html`<p part="status" role="status">${text.openingFiles}</p>`;
  return html`<header>
      <span>${text.signedInAs} <strong>${email}</strong></span>
      <button type="button" @click=${signOut}>Sign out</button>
    </header>
    ${body}`;
}

export function guestScreen(leave: () => void, files: TemplateResult): TemplateResult {
  return html`<header>
      <span>${text.browsingAsGuest}</span>
      <button type="button" @click=${leave}>Sign in</button>
    </header>
    ${files}`;
}
