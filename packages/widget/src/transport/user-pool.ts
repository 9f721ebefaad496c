/**
 * The Cognito user pool, through amazon-cognito-identity-js: sign-up, confirmation, SRP
 * sign-in (the password never leaves the browser), password reset, sessions kept where
 * `keep-session` says (session-stores.ts) and refreshed with the refresh token. No UI here: errors carry stable codes.
 */
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from 'amazon-cognito-identity-js';
import type { UploaderConfig } from '../lib/config.js';
import { DEFAULT_KEEP_SESSION, type KeepSession } from '../lib/keep-session.js';
import { sessionStore } from './session-stores.js';
import { awsErrorName, isNetworkError, UploaderError, type ServiceErrorCode } from './errors.js';

export type UserPoolSettings = Pick<UploaderConfig, 'userPoolId' | 'userPoolClientId' | 'endpoint'> & {
  /** Where sessions are kept. @default 'tab' */
  keepSession?: KeepSession;
};

/**
 * What signing in gives: a session; or a question Cognito asks first, answered with `answer`:
 * the new password an administrator-created account must choose (`new-password`), a code from
 * the visitor's authenticator app (`app-code`), or the first code of that app being set up now
 * because the pool requires one (`app-setup`, with the `secret` to show).
 */
export type SignInResult = { session: Session } | { ask: 'new-password' | 'app-code' | 'app-setup'; secret?: string; answer: (text: string) => Promise<Session> };

/** The name an authenticator app is registered under in the user pool. */
const APP_NAME = 'secure-uploader';

export interface Session {
  email: string;
  /** The user pool's id for the user (not the identity id). */
  sub: string;
  idToken: string;
  /** Epoch ms when the id token was issued and when it expires. */
  issuedAt: number;
  expiresAt: number;
}

/** Cognito error names → our codes (messages.ts has the words). */
const CODES: Record<string, ServiceErrorCode> = {
  NotAuthorizedException: 'wrong-credentials',
  UserNotFoundException: 'wrong-credentials',
  UserNotConfirmedException: 'not-confirmed',
  UsernameExistsException: 'email-taken',
  InvalidPasswordException: 'weak-password',
  CodeMismatchException: 'wrong-code',
  ExpiredCodeException: 'expired-code',
  LimitExceededException: 'too-many-attempts',
  TooManyRequestsException: 'too-many-attempts',
  TooManyFailedAttemptsException: 'too-many-attempts',
  InvalidParameterException: 'invalid-input',
  CodeDeliveryFailureException: 'code-not-sent',
};

export function toUploaderError(error: unknown): UploaderError {
  if (error instanceof UploaderError) return error;
  const name = awsErrorName(error);
  const message = error instanceof Error ? error.message : String(error);
  if (isNetworkError(error)) return new UploaderError('network', message, { cause: error });
  let code: ServiceErrorCode = (name && CODES[name]) || 'auth-failed';
  if (name === 'NotAuthorizedException' && /attempts exceeded/i.test(message)) code = 'too-many-attempts';
  if (name === 'NotAuthorizedException' && /expired|revoked/i.test(message)) code = 'session-expired';
  return new UploaderError(code, message, { cause: error });
}

function sessionOf(session: CognitoUserSession): Session {
  const idToken = session.getIdToken();
  const payload = idToken.decodePayload() as { email?: string; sub?: string };
  return { email: payload.email ?? '', sub: payload.sub ?? '', idToken: idToken.getJwtToken(), issuedAt: idToken.getIssuedAt() * 1000, expiresAt: idToken.getExpiration() * 1000 };
}

export class UserPoolClient {
  private readonly pool: CognitoUserPool;
  private readonly storage: ICognitoStorage;

  constructor(settings: UserPoolSettings) {
    this.storage = sessionStore(settings.keepSession ?? DEFAULT_KEEP_SESSION, settings.userPoolClientId);
    this.pool = new CognitoUserPool({
      UserPoolId: settings.userPoolId,
      ClientId: settings.userPoolClientId,
      ...(settings.endpoint ? { endpoint: `${settings.endpoint}/` } : {}),
      Storage: this.storage,
    });
  }

  private user(email: string): CognitoUser {
    // The library's users fall back to localStorage unless given the store.
    return new CognitoUser({ Username: email.trim().toLowerCase(), Pool: this.pool, Storage: this.storage });
  }

  signUp(email: string, password: string): Promise<{ confirmed: boolean }> {
    const normalized = email.trim().toLowerCase();
    return new Promise((resolve, reject) =>
      this.pool.signUp(normalized, password, [new CognitoUserAttribute({ Name: 'email', Value: normalized })], [], (error, result) =>
        error ? reject(toUploaderError(error)) : resolve({ confirmed: result?.userConfirmed ?? false }),
      ),
    );
  }

  confirmSignUp(email: string, code: string): Promise<void> {
    return new Promise((resolve, reject) => this.user(email).confirmRegistration(code.trim(), true, (error) => (error ? reject(toUploaderError(error)) : resolve())));
  }

  resendCode(email: string): Promise<void> {
    return new Promise((resolve, reject) => this.user(email).resendConfirmationCode((error) => (error ? reject(toUploaderError(error)) : resolve())));
  }

  /**
   * Signs in: a session, or the question Cognito asks before it (see `SignInResult`).
   */
  signIn(email: string, password: string): Promise<SignInResult> {
    const user = this.user(email);
    return new Promise((resolve, reject) =>
      // Every challenge gets an answer: the library would otherwise call a missing callback and never settle.
      user.authenticateUser(new AuthenticationDetails({ Username: email.trim().toLowerCase(), Password: password }), {
        onSuccess: (session) => resolve({ session: sessionOf(session) }),
        onFailure: (error) => reject(toUploaderError(error)),
        newPasswordRequired: () =>
          resolve({
            ask: 'new-password',
            answer: (newPassword) =>
              new Promise<Session>((done, fail) =>
                user.completeNewPasswordChallenge(newPassword, {}, {
                  onSuccess: (session) => done(sessionOf(session)),
                  onFailure: (error) => fail(toUploaderError(error)),
                }),
              ),
          }),
        totpRequired: () => resolve({ ask: 'app-code', answer: (code) => this.answerCode(user, code) }),
        mfaSetup: () =>
          user.associateSoftwareToken({
            associateSecretCode: (secret) => resolve({ ask: 'app-setup', secret, answer: (code) => this.confirmApp(user, code).then(sessionOf) }),
            onFailure: (error) => reject(toUploaderError(error)),
          }),
        // Text-message codes and a choice of factors are not offered by our stack; another pool may ask.
        mfaRequired: () => reject(new UploaderError('mfa-required', 'This account signs in with a text-message code, which this uploader does not support.')),
        selectMFAType: () => reject(new UploaderError('mfa-required', 'This account asks for a choice of second factors, which this uploader does not support.')),
        customChallenge: () => reject(new UploaderError('auth-failed', 'This account signs in with a custom challenge, which this uploader does not support.')),
      }),
    );
  }

  forgotPassword(email: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.user(email).forgotPassword({ onSuccess: () => resolve(), inputVerificationCode: () => resolve(), onFailure: (error) => reject(toUploaderError(error)) }),
    );
  }

  confirmForgotPassword(email: string, code: string, password: string): Promise<void> {
    return new Promise((resolve, reject) =>
      this.user(email).confirmPassword(code.trim(), password, { onSuccess: () => resolve(), onFailure: (error) => reject(toUploaderError(error)) }),
    );
  }

  /**
   * The kept session, refreshed with the refresh token when its tokens have expired;
   * undefined when there is none (or it can no longer be refreshed).
   */
  currentSession(): Promise<Session | undefined> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve(undefined);
    return new Promise((resolve, reject) =>
      user.getSession((error: Error | null, session: CognitoUserSession | null) => {
        if (error) {
          const failure = toUploaderError(error);
          // An expired or revoked refresh token simply means: signed out.
          if (failure.code === 'network') reject(failure);
          else resolve(undefined);
          return;
        }
        resolve(session && session.isValid() ? sessionOf(session) : undefined);
      }),
    );
  }

  /** Answers the sign-in's SOFTWARE_TOKEN_MFA challenge (a wrong code can be tried again). */
  private answerCode(user: CognitoUser, code: string): Promise<Session> {
    return new Promise((resolve, reject) =>
      user.sendMFACode(code.trim(), { onSuccess: (session) => resolve(sessionOf(session)), onFailure: (error) => reject(toUploaderError(error)) }, 'SOFTWARE_TOKEN_MFA'),
    );
  }

  /**
   * Confirms the authenticator app whose secret `associateSoftwareToken` gave, with its first
   * code: during sign-in (MFA_SETUP) this finishes signing in and resolves with the session.
   */
  private confirmApp(user: CognitoUser, code: string): Promise<CognitoUserSession> {
    return new Promise((resolve, reject) =>
      user.verifySoftwareToken(code.trim(), APP_NAME, {
        onSuccess: (session: CognitoUserSession) => resolve(session),
        onFailure: (error: unknown) => reject(toUploaderError(error)),
      }),
    );
  }

  /** The signed-in user with its session loaded (account changes need its access token). */
  private signedInUser(): Promise<CognitoUser> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.reject(new UploaderError('session-expired', 'not signed in'));
    return new Promise((resolve, reject) =>
      user.getSession((error: Error | null, session: CognitoUserSession | null) =>
        error || !session?.isValid() ? reject(error ? toUploaderError(error) : new UploaderError('session-expired', 'the session has ended')) : resolve(user),
      ),
    );
  }

  /** Whether sign-in asks this user for a code from an authenticator app. */
  async appCodeEnabled(): Promise<boolean> {
    const user = await this.signedInUser();
    return new Promise((resolve, reject) =>
      user.getUserData(
        (error, data) => (error || !data ? reject(toUploaderError(error)) : resolve((data.UserMFASettingList ?? []).includes('SOFTWARE_TOKEN_MFA'))),
        { bypassCache: true },
      ),
    );
  }

  /** Starts adding an authenticator app: the secret to show (as a QR code and as text). */
  async newAppSecret(): Promise<string> {
    const user = await this.signedInUser();
    return new Promise((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: (error) => reject(toUploaderError(error)) }));
  }

  /** Confirms the new app with its first code, then makes sign-in ask for its codes. */
  async turnOnAppCode(code: string): Promise<void> {
    const user = await this.signedInUser();
    await this.confirmApp(user, code);
    await setAppCodePreference(user, true);
  }

  /**
   * Stops asking for codes. Proving both factors again first: the password and a current code
   * are checked by signing in anew, so a session left open on a shared computer cannot remove
   * the second factor by itself.
   */
  async turnOffAppCode(email: string, password: string, code: string): Promise<void> {
    const result = await this.signIn(email, password);
    if ('ask' in result) {
      if (result.ask !== 'app-code') throw new UploaderError('auth-failed', `unexpected ${result.ask} question`);
      await result.answer(code);
    }
    await setAppCodePreference(await this.signedInUser(), false);
  }

  changePassword(previous: string, proposed: string): Promise<void> {
    return this.signedInUser().then(
      (user) => new Promise((resolve, reject) => user.changePassword(previous, proposed, (error) => (error ? reject(toUploaderError(error)) : resolve()))),
    );
  }

  /**
   * Signs the user out on every device (Cognito's GlobalSignOut): every refresh token is
   * revoked, and the identity pool no longer takes the tokens issued before.
   */
  signOutEverywhere(): Promise<void> {
    return this.signedInUser().then(
      (user) => new Promise((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: (error) => reject(toUploaderError(error)) })),
    );
  }

  /** Deletes the user from the pool (Cognito's DeleteUser); the files must go first. */
  deleteUser(): Promise<void> {
    return this.signedInUser().then((user) => new Promise((resolve, reject) => user.deleteUser((error) => (error ? reject(toUploaderError(error)) : resolve()))));
  }

  /** Ends the session here and revokes its refresh token. */
  signOut(): Promise<void> {
    const user = this.pool.getCurrentUser();
    if (!user) return Promise.resolve();
    return new Promise((resolve) => {
      // The library calls back with the revocation error, though its types say no argument.
      const afterRevoke = (error?: unknown) => {
        // Revocation failed (offline, already expired): still forget the session here.
        if (error) user.signOut();
        resolve();
      };
      user.signOut(afterRevoke as () => void);
    });
  }
}

function setAppCodePreference(user: CognitoUser, enabled: boolean): Promise<void> {
  return new Promise((resolve, reject) =>
    user.setUserMfaPreference(null, { Enabled: enabled, PreferredMfa: enabled }, (error) => (error ? reject(toUploaderError(error)) : resolve())),
  );
}
