/**
 * The account screen (two-step sign-in, password, signing out everywhere, deleting the
 * account) and the sign-in's authenticator-app screens: a code, or setting the app up when the
 * pool requires it. They come with the account chunk (account.ts), with the QR code drawer.
 */
import { html, nothing, svg, type TemplateResult } from 'lit';
import { generate } from 'lean-qr/nano';
import { appCodeMessage, type AccountSettings } from '../controllers/account-settings.js';
import type { AuthSession } from '../controllers/auth-session.js';
import type { Catalog } from '../i18n/catalog.js';
import type { UploaderConfig } from '../lib/config.js';
import { codeField, passwordField, submitButton } from './auth-screens.js';
import { heading, noticeAndError, onSubmit } from './common.js';

/**
 * The `otpauth://` address an authenticator app reads (Google's Key Uri Format): the site as
 * issuer, so the app's entry says where the code is for, and the visitor's email.
 */
export function authenticatorUri(secret: string, email: string, issuer: string): string {
  const label = encodeURIComponent(`${issuer}:${email}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/** The secret in groups of four, as people copy it by hand. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * A QR code drawn here, as SVG (no image service sees the secret): one path of dark squares on
 * a light square with the four-module quiet zone readers need; dark on light in every theme.
 */
export function qrCode(text: string, label: string): TemplateResult {
  const code = generate(text);
  const quiet = 4;
  const size = code.size + quiet * 2;
  let path = '';
  for (let y = 0; y < code.size; y++) for (let x = 0; x < code.size; x++) if (code.get(x, y)) path += `M${x + quiet} ${y + quiet}h1v1h-1z`;
  return html`<svg part="qr-code" class="qr" role="img" aria-label=${label} viewBox="0 0 ${size} ${size}" width="200" height="200" shape-rendering="crispEdges">
    ${svg`<rect width=${size} height=${size} fill="#fff" /><path d=${path} fill="#000" />`}
  </svg>`;
}

/** The QR code, the key as text, and where the first code goes. */
function appSetup(t: Catalog, secret: string, email: string, busy: boolean, confirm: (code: string) => void, cancel?: () => void): TemplateResult {
  return html`<p>${t.account.setupSteps}</p>
    ${qrCode(authenticatorUri(secret, email, location.hostname || 'secure-uploader'), t.account.qrLabel)}
    <p>${t.account.secretLabel} <code part="secret" class="secret" dir="ltr">${grouped(secret)}</code></p>
    <form part="form app-setup" @submit=${onSubmit((value) => confirm(value('code')))}>
      ${codeField(t, t.account.appCode)}
      <div class="actions">
        ${submitButton(busy, t.account.turnOn, t.account.checking)}
        ${cancel ? html`<button type="button" @click=${cancel}>${t.account.cancel}</button>` : nothing}
      </div>
    </form>`;
}

/** The sign-in's authenticator screens (`app-code`, `app-setup`). */
export function appSignInScreen(auth: AuthSession, t: Catalog, level: number): TemplateResult {
  const messages = noticeAndError(auth.notice?.(t), auth.error?.(t));
  const back = html`<div class="links"><button type="button" class="link" @click=${() => auth.show('sign-in')}>${t.auth.backToSignIn}</button></div>`;
  const answer = (code: string) => void auth.answerChallenge(code, appCodeMessage);
  if (auth.screen === 'app-setup' && auth.appSecret) {
    return html`${heading(level, t.account.setupTitle)} ${messages} ${appSetup(t, auth.appSecret, auth.email, auth.busy, answer)} ${back}`;
  }
  return html`${heading(level, t.account.codeTitle)}
    ${messages}
    <p>${t.account.codeHint}</p>
    <form part="form app-code" @submit=${onSubmit((value) => answer(value('code')))}>
      ${codeField(t, t.account.appCode)} ${submitButton(auth.busy, t.account.continue, t.account.checking)}
    </form>
    ${back}`;
}

export interface AccountScreenOptions {
  t: Catalog;
  level: number;
  config: UploaderConfig;
  email: string;
  /** Back to the files. */
  close: () => void;
}

/** The account screen: its overview of four sections, or the form one of them opened. */
export function accountScreen(account: AccountSettings, { t, level, config, email, close }: AccountScreenOptions): TemplateResult {
  const messages = noticeAndError(account.notice?.(t), account.error?.(t));
  const busy = account.busy;
  const toOverview = () => account.show('overview');
  const cancel = html`<button type="button" @click=${toOverview}>${t.account.cancel}</button>`;
  const section = (title: string, body: TemplateResult) => html`<section part="account-section">${heading(level + 1, title, 'section')} ${body}</section>`;
  let body: TemplateResult;
  switch (account.panel) {
    case 'app-setup':
      body = section(t.account.setupTitle, appSetup(t, account.secret ?? '', email, busy, (code) => void account.confirmAppSetup(code), toOverview));
      break;
    case 'app-off':
      body = section(
        t.account.appTitle,
        html`<p>${t.account.turnOffHint}</p>
          <form part="form app-off" @submit=${onSubmit((value) => void account.turnOffAppCode(value('password'), value('code')))}>
            <label>${t.auth.password} <input name="password" type="password" autocomplete="current-password" required /></label>
            ${codeField(t, t.account.appCode)}
            <div class="actions">${submitButton(busy, t.account.turnOff, t.account.checking)} ${cancel}</div>
          </form>`,
      );
      break;
    case 'password':
      body = section(
        t.account.passwordTitle,
        html`<form part="form change-password" @submit=${onSubmit((value) => void account.changePassword(value('current'), value('password')))}>
          <label>${t.account.currentPassword} <input name="current" type="password" autocomplete="current-password" required /></label>
          ${passwordField(t, account, t.auth.newPassword, config)}
          <div class="actions">${submitButton(busy, t.account.changePassword, t.auth.saving)} ${cancel}</div>
        </form>`,
      );
      break;
    case 'delete':
      body = section(
        t.account.deleteTitle,
        html`<p>${t.account.deleteHint}</p>
          <form part="form delete-account" @submit=${onSubmit((value) => void account.deleteAccount(value('confirm')))}>
            <label>${t.account.typeEmail(email)} <input name="confirm" type="text" autocomplete="off" spellcheck="false" required /></label>
            ${account.deletion
              ? html`<p part="status" role="status">
                  ${account.deletion.total === undefined ? t.account.deletingFiles : t.files.deletedOf(account.deletion.done, account.deletion.total)}
                  <progress part="delete-progress" max=${account.deletion.total ?? 1} .value=${account.deletion.total ? account.deletion.done : 0} aria-label=${t.account.deletingFiles}></progress>
                </p>`
              : nothing}
            <div class="actions">
              <button class="danger" part="delete-account" type="submit" ?disabled=${busy}>${busy ? t.account.deletingAccount : t.account.deleteAccount}</button>
              ${busy ? nothing : cancel}
            </div>
          </form>`,
      );
      break;
    case 'overview': {
      const mfa = config.mfa ?? 'optional';
      const appStatus = account.appCode === undefined ? t.account.appUnknown : account.appCode ? t.account.appOn : t.account.appOff;
      body = html`${mfa === 'off'
          ? nothing
          : section(
              t.account.appTitle,
              html`<p part="app-status">${appStatus}${mfa === 'required' ? html` ${t.account.appRequired}` : nothing}</p>
                ${account.appCode === false
                  ? html`<button type="button" ?disabled=${busy} @click=${() => void account.startAppSetup()}>${t.account.turnOn}</button>`
                  : account.appCode && mfa !== 'required'
                    ? html`<button type="button" @click=${() => account.show('app-off')}>${t.account.turnOff}</button>`
                    : nothing}`,
            )}
        ${section(t.account.passwordTitle, html`<button type="button" @click=${() => account.show('password')}>${t.account.changePassword}</button>`)}
        ${section(
          t.account.everywhereTitle,
          html`<p>${t.account.everywhereHint}</p>
            <button type="button" ?disabled=${busy} @click=${() => void account.signOutEverywhere()}>${t.account.signOutEverywhere}</button>`,
        )}
        ${section(
          t.account.deleteTitle,
          html`<p>${t.account.deleteHint}</p>
            <button type="button" class="danger" @click=${() => account.show('delete')}>${t.account.deleteTitle}</button>`,
        )}`;
      break;
    }
  }
  return html`<div part="account" class="account">
    ${heading(level, t.account.title)} ${messages} ${body}
    <div class="links"><button type="button" class="link" @click=${close}>${t.account.backToFiles}</button></div>
  </div>`;
}
