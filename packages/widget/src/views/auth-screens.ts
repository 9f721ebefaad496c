/**
 * The sign-in screens: sign in, create an account, confirm the email, forgot and reset the
 * password. Plain template functions over the AuthSession controller's state; every action
 * goes back to the controller.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { AuthScreen, AuthSession } from '../controllers/auth-session.js';
import type { UploaderConfig } from '../lib/config.js';
import { DEFAULT_PASSWORD_POLICY, passwordRules } from '../lib/password-policy.js';
import { passwordRuleLabel } from '../messages.js';
import { noticeAndError, onSubmit } from './common.js';

export interface AuthScreenOptions {
  config: UploaderConfig;
  /** Opens read-only guest browsing; offered when the configuration allows guests. */
  continueAsGuest: () => void;
}

function passwordField(auth: AuthSession, label: string, config: UploaderConfig): TemplateResult {
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
    <ul class="rules" id="password-rules" part="password-rules" aria-live="polite">
      ${rules.map((rule) => html`<li class=${rule.met ? 'met' : ''} data-rule=${rule.id}>${passwordRuleLabel(rule)}</li>`)}
    </ul>`;
}

const emailField = (auth: AuthSession, autocomplete: 'username' | 'email') =>
  html`<label>Email <input name="email" type="email" autocomplete=${autocomplete} required .value=${auth.email} /></label>`;

const codeField = () => html`<label>Code <input name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required /></label>`;

const submitButton = (busy: boolean, idle: string, working: string) =>
  html`<button class="primary" type="submit" ?disabled=${busy}>${busy ? working : idle}</button>`;

const screenLink = (auth: AuthSession, label: string, screen: AuthScreen) =>
  html`<button type="button" class="link" @click=${() => auth.show(screen)}>${label}</button>`;

export function authScreen(auth: AuthSession, { config, continueAsGuest }: AuthScreenOptions): TemplateResult {
  const busy = auth.busy;
  const messages = noticeAndError(auth.notice, auth.error);
  switch (auth.screen) {
    case 'sign-in':
      return html`<h2>Sign in</h2>
        ${messages}
        <form part="form sign-in" @submit=${onSubmit((value) => void auth.signIn(value('email'), value('password')))}>
          ${emailField(auth, 'username')}
          <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
          ${submitButton(busy, 'Sign in', 'Signing in…')}
        </form>
        <div class="links">
          ${screenLink(auth, 'Forgot your password?', 'forgot')} ${config.selfSignUp === false ? nothing : screenLink(auth, 'Create an account', 'sign-up')}
          ${config.allowGuests ? html`<button type="button" class="link" @click=${continueAsGuest}>Continue as guest</button>` : nothing}
        </div>`;
    case 'sign-up':
      return html`<h2>Create an account</h2>
        ${messages}
        <form part="form sign-up" @submit=${onSubmit((value) => void auth.signUp(value('email'), value('password')))}>
          ${emailField(auth, 'email')} ${passwordField(auth, 'Password', config)} ${submitButton(busy, 'Create account', 'Creating account…')}
        </form>
        <div class="links">${screenLink(auth, 'I already have an account', 'sign-in')}</div>`;
    case 'confirm':
      return html`<h2>Confirm your email</h2>
        ${messages}
        <form part="form confirm" @submit=${onSubmit((value) => void auth.confirm(value('code')))}>
          ${codeField()} ${submitButton(busy, 'Confirm', 'Confirming…')}
        </form>
        <div class="links">
          <button type="button" class="link" ?disabled=${busy} @click=${() => void auth.resendCode()}>Send a new code</button>
          ${screenLink(auth, 'Back to sign in', 'sign-in')}
        </div>`;
    case 'forgot':
      return html`<h2>Reset your password</h2>
        ${messages}
        <form part="form forgot" @submit=${onSubmit((value) => void auth.forgotPassword(value('email')))}>
          ${emailField(auth, 'username')} ${submitButton(busy, 'Send me a code', 'Sending…')}
        </form>
        <div class="links">${screenLink(auth, 'Back to sign in', 'sign-in')}</div>`;
    case 'reset':
      return html`<h2>Choose a new password</h2>
        ${messages}
        <form part="form reset" @submit=${onSubmit((value) => void auth.resetPassword(value('code'), value('password')))}>
          ${codeField()} ${passwordField(auth, 'New password', config)} ${submitButton(busy, 'Set new password', 'Saving…')}
        </form>
        <div class="links">${screenLink(auth, 'Back to sign in', 'sign-in')}</div>`;
  }
}
