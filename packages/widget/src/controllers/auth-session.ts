import type { ReactiveControllerHost } from 'lit';
import { LatestCall } from '../lib/latest-call.js';
import { errorMessage, type Message } from '../messages.js';
import { errorCode, UploaderError, type ServiceErrorCode } from '../transport/errors.js';
import { DEFAULT_KEEP_SESSION } from '../lib/keep-session.js';
import { hasKeptSession, sessionStore } from '../transport/session-stores.js';
import type { Session, UserPoolClient, UserPoolSettings } from '../transport/user-pool.js';

export type AuthStatus = 'starting' | 'signed-out' | 'signed-in';
export type AuthScreen = 'sign-in' | 'sign-up' | 'confirm' | 'forgot' | 'reset' | 'new-password' | 'app-code' | 'app-setup';

/** The sign-in screens whose views and words come with the account chunk (account.ts): `app-…`. */
export const isAccountScreen = (screen: AuthScreen) => screen.startsWith('app-');

export interface AuthCallbacks {
  signedIn(session: Session): void;
  signedOut(): void;
  failed(code: ServiceErrorCode, message: Message): void;
}

/**
 * The sign-in state of the element: which screen shows, what is in progress, the last error in
 * plain words, and the session (kept across reloads by the user pool client). It needs no
 * lifecycle hooks: a session outlives the element being moved in the page.
 */
export class AuthSession {
  status: AuthStatus = 'starting';
  screen: AuthScreen = 'sign-in';
  busy = false;
  /** The last failure, in words for the user. */
  error?: Message;
  /** A neutral message, e.g. "We emailed a code to …". */
  notice?: Message;
  /** The email the user is working with across screens. */
  email = '';
  /** The password being typed on a screen that shows the policy's rules. */
  passwordDraft = '';
  session?: Session;
  private client?: UserPoolClient;
  private clientLoading?: Promise<UserPoolClient>;
  /** Answers the question the sign-in waits on (screens `new-password`, `app-code`, `app-setup`). */
  private answer?: (text: string) => Promise<Session>;
  /** The secret of the authenticator app being set up at sign-in (screen `app-setup`). */
  appSecret?: string;
  private settings?: UserPoolSettings;
  private settingsKey?: string;
  private readonly loading = new LatestCall();

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: AuthCallbacks,
  ) {}

  /**
   * Points the controller at a user pool. With a kept session the Cognito library loads at once
   * (with import(), after first paint) to restore it; without one, the sign-in screen shows
   * straight away and the library waits until the visitor reaches for the element (`prepare`),
   * so a page whose visitors never sign in never downloads it.
   */
  configure(settings: UserPoolSettings | undefined): void {
    const key = JSON.stringify(settings ?? null);
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.settings = settings;
    this.client = undefined;
    this.clientLoading = undefined;
    this.session = undefined;
    this.loading.cancel();
    if (!settings) {
      this.status = 'starting';
      this.host.requestUpdate();
      return;
    }
    const keep = settings.keepSession ?? DEFAULT_KEEP_SESSION;
    // Choosing where sessions are kept forgets them everywhere else at once (session-stores.ts).
    sessionStore(keep, settings.userPoolClientId);
    if (!hasKeptSession(keep, settings.userPoolClientId)) {
      this.leave('no-session');
      return;
    }
    this.status = 'starting';
    this.host.requestUpdate();
    const signal = this.loading.begin();
    void this.prepare()
      .then((client) => (signal.aborted ? undefined : client.currentSession()))
      .then(
        (session) => {
          if (signal.aborted) return;
          if (session) this.enter(session);
          else this.leave('no-session');
        },
        (error: unknown) => {
          if (signal.aborted) return;
          this.leave('no-session');
          this.fail(error);
        },
      );
  }

  /** Loads the Cognito library and makes the client, once per configuration. */
  prepare(): Promise<UserPoolClient> {
    const settings = this.settings;
    if (!settings) return Promise.reject(new UploaderError('config-invalid', 'the element is not configured'));
    this.clientLoading ??= import('../transport/user-pool.js').then(
      ({ UserPoolClient }) => {
        const client = new UserPoolClient(settings);
        if (this.settings === settings) this.client = client;
        return client;
      },
      (error: unknown) => {
        this.clientLoading = undefined; // a chunk that failed to load is tried again next time
        throw error;
      },
    );
    return this.clientLoading;
  }

  show(screen: AuthScreen): void {
    this.screen = screen;
    this.error = undefined;
    this.notice = undefined;
    this.passwordDraft = '';
    this.host.requestUpdate();
  }

  typePassword(password: string): void {
    this.passwordDraft = password;
    this.host.requestUpdate();
  }

  /** A current id token, refreshed when expired; undefined when signed out. */
  idToken = async (): Promise<string | undefined> => {
    if (!this.client || !this.session) return undefined;
    // Renewed in the last minute of its life (or last quarter, for short-lived tokens).
    const margin = Math.min(60_000, (this.session.expiresAt - this.session.issuedAt) / 4);
    if (this.session.expiresAt - Date.now() > margin) return this.session.idToken;
    const session = await this.client.currentSession();
    if (!session) {
      this.leave('expired');
      throw new UploaderError('session-expired', 'the session could not be refreshed');
    }
    this.session = session;
    return session.idToken;
  };

  signIn = (email: string, password: string) =>
    this.run(async (client) => {
      this.email = email;
      try {
        const result = await client.signIn(email, password);
        if ('session' in result) return this.enter(result.session);
        // A question first: the new password of an account an administrator created (the
        // temporary one was right), an authenticator app's code, or that app's set-up.
        this.answer = result.answer;
        this.show(result.ask);
        this.appSecret = result.secret;
        if (result.ask === 'new-password') this.notice = (t) => t.notices.choosePassword;
      } catch (error) {
        if (errorCode(error, 'auth-failed') === 'not-confirmed') {
          this.show('confirm');
          this.notice = (t) => t.notices.enterCode(email);
        }
        throw error;
      }
    });

  /**
   * Answers the question the sign-in waits on: a new password, or an app's code (a wrong one
   * may be tried again); its failures said in `words` (the usual sentences unless given).
   */
  answerChallenge = (text: string, words?: (code: ServiceErrorCode) => Message) =>
    this.run(async () => {
      if (!this.answer) return this.show('sign-in');
      const session = await this.answer(text);
      this.answer = this.appSecret = undefined;
      this.enter(session);
    }, words);

  signUp = (email: string, password: string) =>
    this.run(async (client) => {
      this.email = email;
      const { confirmed } = await client.signUp(email, password);
      if (confirmed) {
        this.show('sign-in');
        this.notice = (t) => t.notices.accountReady;
      } else {
        this.show('confirm');
        this.notice = (t) => t.notices.codeSent(email);
      }
    });

  confirm = (code: string) =>
    this.run(async (client) => {
      await client.confirmSignUp(this.email, code);
      this.show('sign-in');
      this.notice = (t) => t.notices.emailConfirmed;
    });

  resendCode = () =>
    this.run(async (client) => {
      await client.resendCode(this.email);
      this.notice = (t) => t.notices.codeResent(this.email);
    });

  forgotPassword = (email: string) =>
    this.run(async (client) => {
      this.email = email;
      await client.forgotPassword(email);
      this.show('reset');
      this.notice = (t) => t.notices.resetCodeSent(email);
    });

  resetPassword = (code: string, password: string) =>
    this.run(async (client) => {
      await client.confirmForgotPassword(this.email, code, password);
      this.show('sign-in');
      this.notice = (t) => t.notices.passwordChanged;
    });

  signOut = async () => {
    await this.client?.signOut();
    this.leave('signed-out');
  };

  /**
   * The session ended by the account's own change (signed out everywhere, or the account
   * deleted): back to the sign-in screen with `notice` saying what happened.
   */
  ended(notice: Message): void {
    this.leave('signed-out');
    this.notice = notice;
    this.host.requestUpdate();
  }

  private enter(session: Session) {
    this.session = session;
    this.email = session.email;
    this.status = 'signed-in';
    this.error = undefined;
    this.notice = undefined;
    this.host.requestUpdate();
    this.callbacks.signedIn(session);
  }

  /**
   * Back to the sign-in screen. A session that ends (signed out, or no longer refreshable)
   * is announced; finding no session on a first visit is not.
   */
  private leave(reason: 'signed-out' | 'expired' | 'no-session') {
    const was = this.status;
    this.session = undefined;
    this.answer = this.appSecret = undefined;
    this.status = 'signed-out';
    this.screen = 'sign-in';
    this.host.requestUpdate();
    if (reason !== 'no-session' && was === 'signed-in') this.callbacks.signedOut();
  }

  private fail(error: unknown, words: (code: ServiceErrorCode, detail?: string) => Message = errorMessage) {
    const code = errorCode(error, 'auth-failed');
    this.error = words(code, error instanceof Error ? error.message : undefined);
    this.callbacks.failed(code, this.error);
  }

  /** Runs one action of a screen: busy meanwhile, its failure said in `words` (the usual sentences unless given). */
  private async run(action: (client: UserPoolClient) => Promise<void>, words?: (code: ServiceErrorCode) => Message): Promise<void> {
    if (!this.settings || this.busy) return;
    this.busy = true;
    this.error = undefined;
    this.notice = undefined;
    this.host.requestUpdate();
    try {
      // Usually loaded already (on the first focus or pointer over the element).
      await action(this.client ?? (await this.prepare()));
    } catch (error) {
      this.fail(error, words);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
