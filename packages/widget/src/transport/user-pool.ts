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

/** What signing in gives: a session, or the new password an administrator-created account must choose first. */
export type SignInResult = { session: Session } | { choosePassword: (password: string) => Promise<Session> };

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
   * Signs in: a session, or, for an account an administrator created, the question of its new
   * password (Cognito's NEW_PASSWORD_REQUIRED), answered with `choosePassword`.
   */
  signIn(email: string, password: string): Promise<SignInResult> {
    const user = this.user(email);
    return new Promise((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: email.trim().toLowerCase(), Password: password }), {
        onSuccess: (session) => resolve({ session: sessionOf(session) }),
        onFailure: (error) => reject(toUploaderError(error)),
        newPasswordRequired: () =>
          resolve({
            choosePassword: (newPassword) =>
              new Promise<Session>((done, fail) =>
                user.completeNewPasswordChallenge(newPassword, {}, {
                  onSuccess: (session) => done(sessionOf(session)),
                  onFailure: (error) => fail(toUploaderError(error)),
                }),
              ),
          }),
        mfaRequired: () => reject(new UploaderError('mfa-required', 'This account requires a second factor, which this uploader does not support yet.')),
        totpRequired: () => reject(new UploaderError('mfa-required', 'This account requires a second factor, which this uploader does not support yet.')),
        // Every other challenge gets an answer too: the library would otherwise call a missing callback and never settle.
        mfaSetup: () => reject(new UploaderError('mfa-required', 'This account must set up a second factor, which this uploader does not support yet.')),
        selectMFAType: () => reject(new UploaderError('mfa-required', 'This account requires a second factor, which this uploader does not support yet.')),
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
