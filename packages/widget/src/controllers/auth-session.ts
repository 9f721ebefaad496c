import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { errorMessage } from '../messages.js';
import { UploaderError } from '../transport/errors.js';
import type { Session, UserPoolClient, UserPoolSettings } from '../transport/user-pool.js';

export type AuthStatus = 'starting' | 'signed-out' | 'signed-in';
export type AuthScreen = 'sign-in' | 'sign-up' | 'confirm' | 'forgot' | 'reset';

export interface AuthCallbacks {
  signedIn(session: Session): void;
  signedOut(): void;
  failed(code: string, message: string): void;
}

/**
 * The sign-in state of the element: which screen shows, what is in progress, the last error in
 * plain words, and the session (kept across reloads by the user pool client).
 */
export class AuthSession implements ReactiveController {
  status: AuthStatus = 'starting';
  screen: AuthScreen = 'sign-in';
  busy = false;
  /** The last failure, in words for the user. */
  error?: string;
  /** A neutral message, e.g. "We emailed a code to …". */
  notice?: string;
  /** The email the user is working with across screens. */
  email = '';
  session?: Session;
  private client?: UserPoolClient;
  private settingsKey?: string;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly callbacks: AuthCallbacks,
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  /**
   * Points the controller at a user pool and restores a kept session. The Cognito library is
   * loaded here, with import(), so the element paints before it arrives.
   */
  configure(settings: UserPoolSettings | undefined): void {
    const key = JSON.stringify(settings ?? null);
    if (key === this.settingsKey) return;
    this.settingsKey = key;
    this.client = undefined;
    this.session = undefined;
    this.status = 'starting';
    this.host.requestUpdate();
    if (!settings) return;
    void import('../transport/user-pool.js')
      .then(({ UserPoolClient }) => {
        if (key !== this.settingsKey) return undefined;
        this.client = new UserPoolClient(settings);
        return this.client.currentSession();
      })
      .then(
        (session) => {
          if (key !== this.settingsKey) return;
          if (session) this.enter(session);
          else this.leave(false);
        },
        (error: unknown) => {
          if (key !== this.settingsKey) return;
          this.leave(false);
          this.fail(error);
        },
      );
  }

  show(screen: AuthScreen): void {
    this.screen = screen;
    this.error = undefined;
    this.notice = undefined;
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
      this.leave(true);
      throw new UploaderError('session-expired', 'the session could not be refreshed');
    }
    this.session = session;
    return session.idToken;
  };

  signIn = (email: string, password: string) =>
    this.run(async (client) => {
      this.email = email;
      try {
        this.enter(await client.signIn(email, password));
      } catch (error) {
        if (error instanceof UploaderError && error.code === 'not-confirmed') {
          this.show('confirm');
          this.notice = `Enter the code we emailed to ${email}.`;
        }
        throw error;
      }
    });

  signUp = (email: string, password: string) =>
    this.run(async (client) => {
      this.email = email;
      const { confirmed } = await client.signUp(email, password);
      if (confirmed) {
        this.show('sign-in');
        this.notice = 'Your account is ready. Sign in.';
      } else {
        this.show('confirm');
        this.notice = `We emailed a code to ${email}. Enter it to confirm your account.`;
      }
    });

  confirm = (code: string) =>
    this.run(async (client) => {
      await client.confirmSignUp(this.email, code);
      this.show('sign-in');
      this.notice = 'Your email is confirmed. Sign in.';
    });

  resendCode = () =>
    this.run(async (client) => {
      await client.resendCode(this.email);
      this.notice = `We sent a new code to ${this.email}.`;
    });

  forgotPassword = (email: string) =>
    this.run(async (client) => {
      this.email = email;
      await client.forgotPassword(email);
      this.show('reset');
      this.notice = `If ${email} has an account, we emailed it a code. Enter it with a new password.`;
    });

  resetPassword = (code: string, password: string) =>
    this.run(async (client) => {
      await client.confirmForgotPassword(this.email, code, password);
      this.show('sign-in');
      this.notice = 'Your password was changed. Sign in with the new one.';
    });

  signOut = async () => {
    await this.client?.signOut();
    this.leave(true);
  };

  private enter(session: Session) {
    this.session = session;
    this.email = session.email;
    this.status = 'signed-in';
    this.error = undefined;
    this.notice = undefined;
    this.host.requestUpdate();
    this.callbacks.signedIn(session);
  }

  /** Signed out; `announce` fires the event (not on a first visit with no session). */
  leave(announce: boolean) {
    const was = this.status;
    this.session = undefined;
    this.status = 'signed-out';
    this.screen = 'sign-in';
    this.host.requestUpdate();
    if (announce && was === 'signed-in') this.callbacks.signedOut();
  }

  private fail(error: unknown) {
    const code = error instanceof UploaderError ? error.code : 'auth-failed';
    this.error = errorMessage(code, error instanceof Error ? error.message : undefined);
    this.callbacks.failed(code, this.error);
  }

  private async run(action: (client: UserPoolClient) => Promise<void>): Promise<void> {
    if (!this.client || this.busy) return;
    this.busy = true;
    this.error = undefined;
    this.notice = undefined;
    this.host.requestUpdate();
    try {
      await action(this.client);
    } catch (error) {
      this.fail(error);
    } finally {
      this.busy = false;
      this.host.requestUpdate();
    }
  }
}
