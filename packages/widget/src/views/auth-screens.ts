/**
 * The sign-in screens: sign in, create an account, confirm the email, forgot and reset the
 * password. Plain template functions over the AuthSession controller's state; every action
 * goes back to the controller.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AuthScreen, AuthSession } from '../controllers/auth-session.js';
import type { Catalog } from '../i18n/catalog.js';
import type { UploaderConfig } from '../lib/config.js';
import { DEFAULT_PASSWORD_POLICY, passwordRules } from '../lib/password-policy.js';
import { passwordRuleLabel } from '../messages.js';
import { heading, noticeAndError, onSubmit } from './common.js';

export interface AuthScreenOptions {
  t: Catalog;
  /** The level of the screen's heading (`heading-level`). */
  level: number;
  config: UploaderConfig;
  /** Opens read-only guest browsing; offered when the configuration allows guests. */
  continueAsGuest: () => void;
}

/** What a new password is typed into: the draft its rules are checked against as it is typed. */
export interface PasswordDraft {
  passwordDraft: string;
  typePassword(password: string): void;
}

/** A new password's field, with the pool's rules said met or not as it is typed. */
export function passwordField(t: Catalog, auth: PasswordDraft, label: string, config: UploaderConfig): TemplateResult {
  const rules = passwordRules(config.passwordPolicy ?? DEFAULT_PASSWORD_POLICY, auth.passwordDraft);
  return html`<label
      >${label}
      <input
        name="password"
        type="password"
        autocomplete="new-password"
        required
        aria-describedby="password-rules"
        @input=${(e: InputEvent) => auth.typePassword((e.target as HTMLInputElement).value)}
    /></label>
    <ul class="rules" id="password-rules" part="password-rules">
      ${rules.map(
        (rule) =>
          html`<li class=${rule.met ? 'met' : ''} data-rule=${rule.id}>
            ${passwordRuleLabel(t, rule)}<span class="visually-hidden">: ${rule.met ? t.rules.met : t.rules.notMet}</span>
          </li>`,
      )}
    </ul>`;
}

const emailField = (t: Catalog, auth: AuthSession, autocomplete: 'username' | 'email') =>
  html`<label>${t.auth.email} <input name="email" type="email" autocomplete=${autocomplete} required .value=${auth.email} /></label>`;

export const codeField = (t: Catalog, label = t.auth.code) =>
  html`<label>${label} <input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required /></label>`;

export const submitButton = (busy: boolean, idle: string, working: string) =>
  html`<button class="primary" type="submit" ?disabled=${busy}>${busy ? working : idle}</button>`;

const screenLink = (auth: AuthSession, label: string, screen: AuthScreen) =>
  html`<button type="button" class="link" @click=${() => auth.show(screen)}>${label}</button>`;

export function authScreen(auth: AuthSession, { t, level, config, continueAsGuest }: AuthScreenOptions): TemplateResult {
  const busy = auth.busy;
  const messages = noticeAndError(auth.notice?.(t), auth.error?.(t));
  const back = html`<div class="links">${screenLink(auth, t.auth.backToSignIn, 'sign-in')}</div>`;
  switch (auth.screen) {
    case 'sign-in':
      return html`${heading(level, t.auth.signInTitle)}
        ${messages}
        <form part="form sign-in" @submit=${onSubmit((value) => void auth.signIn(value('email'), value('password')))}>
          ${emailField(t, auth, 'username')}
          <label>${t.auth.password} <input name="password" type="password" autocomplete="current-password" required /></label>
          ${submitButton(busy, t.auth.signIn, t.auth.signingIn)}
        </form>
        <div class="links">
          ${screenLink(auth, t.auth.forgotPassword, 'forgot')} ${config.selfSignUp === false ? nothing : screenLink(auth, t.auth.createAnAccount, 'sign-up')}
          ${config.allowGuests ? html`<button type="button" class="link" @click=${continueAsGuest}>${t.auth.continueAsGuest}</button>` : nothing}
        </div>`;
    case 'sign-up':
      return html`${heading(level, t.auth.signUpTitle)}
        ${messages}
        <form part="form sign-up" @submit=${onSubmit((value) => void auth.signUp(value('email'), value('password')))}>
          ${emailField(t, auth, 'email')} ${passwordField(t, auth, t.auth.password, config)} ${submitButton(busy, t.auth.createAccount, t.auth.creatingAccount)}
        </form>
        <div class="links">${screenLink(auth, t.auth.haveAccount, 'sign-in')}</div>`;
    case 'confirm':
      return html`${heading(level, t.auth.confirmTitle)}
        ${messages}
        <form part="form confirm" @submit=${onSubmit((value) => void auth.confirm(value('code')))}>
          ${codeField(t)} ${submitButton(busy, t.auth.confirm, t.auth.confirming)}
        </form>
        <div class="links">
          <button type="button" class="link" ?disabled=${busy} @click=${() => void auth.resendCode()}>${t.auth.sendNewCode}</button>
          ${screenLink(auth, t.auth.backToSignIn, 'sign-in')}
        </div>`;
    case 'forgot':
      return html`${heading(level, t.auth.forgotTitle)}
        ${messages}
        <form part="form forgot" @submit=${onSubmit((value) => void auth.forgotPassword(value('email')))}>
          ${emailField(t, auth, 'username')} ${submitButton(busy, t.auth.sendCode, t.auth.sending)}
        </form>
        ${back}`;
    case 'new-password':
      return html`${heading(level, t.auth.newPasswordTitle)}
        ${messages}
        <form part="form new-password" @submit=${onSubmit((value) => void auth.answerChallenge(value('password')))}>
          ${passwordField(t, auth, t.auth.newPassword, config)} ${submitButton(busy, t.auth.finishSignIn, t.auth.saving)}
        </form>
        ${back}`;
    case 'reset':
      return html`${heading(level, t.auth.resetTitle)}
        ${messages}
        <form part="form reset" @submit=${onSubmit((value) => void auth.resetPassword(value('code'), value('password')))}>
          ${codeField(t)} ${passwordField(t, auth, t.auth.newPassword, config)} ${submitButton(busy, t.auth.setNewPassword, t.auth.saving)}
        </form>
        ${back}`;
    default:
      // The authenticator-app screens come with the account chunk (views/account-screens.ts).
      return html``;
  }
}
