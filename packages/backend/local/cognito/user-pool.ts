/**
 * The Cognito user pool (X-Amz-Target: AWSCognitoIdentityProviderService.*): sign-up with an
 * emailed code, SRP sign-in, refresh, password reset and change, sign-out. Passwords are never
 * stored: only SRP verifiers. Rules (password policy, allowed flows, token lifetimes) come
 * from the synthesized template.
 */
import { createHmac, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { passwordRules, type PasswordRule } from '../../lib/element-config.js';
import { AwsJsonError } from '../errors.js';
import type { Logger } from '../log.js';
import type { BackendState, OutboxMessage, PendingCode, UserRecord } from '../model.js';
import type { JsonFile } from '../state.js';
import type { StackRules } from '../template.js';
import { createServerChallenge, createVerifier, deriveSessionKey, isValidClientPublic, passwordMatches, verifyPasswordClaim, type ServerChallenge, type SrpVerifier } from './srp.js';
import { isRevoked, type TokenClaims, type TokenIssuer } from './tokens.js';
import { newSecret, stepOf } from './totp.js';

export interface UserPoolOptions {
  /** How long emailed codes stay valid. Cognito: 24 hours. */
  codeTtlMs: number;
  /** Consecutive wrong passwords before sign-in is refused for a while. */
  maxFailedSignIns: number;
}

type Json = Record<string, unknown>;

/** An SRP exchange between InitiateAuth and RespondToAuthChallenge. */
interface SrpSession {
  sub?: string;
  verifier: SrpVerifier;
  challenge: ServerChallenge;
  A: string;
  clientId: string;
  expiresAt: number;
}

const MAX_CODE_ATTEMPTS = 5;

/** Cognito's words for the first rule a new password breaks. */
const COGNITO_PASSWORD_MESSAGES: Record<PasswordRule['id'], string> = {
  length: 'Password not long enough',
  lowercase: 'Password must have lowercase characters',
  uppercase: 'Password must have uppercase characters',
  number: 'Password must have numeric characters',
  symbol: 'Password must have symbol characters',
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class UserPool {
  private readonly sessions = new Map<string, SrpSession>();
  /** Sign-ins waiting for a challenge's answer (NEW_PASSWORD_REQUIRED), by their Session value. */
  private readonly challenges = new Map<string, { sub: string; clientId: string; name: ChallengeName; expiresAt: number }>();
  private readonly poolName: string;

  constructor(
    private readonly state: JsonFile<BackendState>,
    private readonly rules: StackRules,
    private readonly tokens: TokenIssuer,
    private readonly options: UserPoolOptions,
    private readonly log: Logger,
  ) {
    this.poolName = this.ids.userPoolId.split('_')[1]!;
  }

  private get ids() {
    return this.state.value.ids;
  }

  async handle(operation: string, body: Json): Promise<Json> {
    switch (operation) {
      case 'SignUp':
        return this.signUp(body);
      case 'ConfirmSignUp':
        return this.confirmSignUp(body);
      case 'ResendConfirmationCode':
        return this.resendConfirmationCode(body);
      case 'InitiateAuth':
        return this.initiateAuth(body);
      case 'RespondToAuthChallenge':
        return this.respondToAuthChallenge(body);
      case 'ForgotPassword':
        return this.forgotPassword(body);
      case 'ConfirmForgotPassword':
        return this.confirmForgotPassword(body);
      case 'ChangePassword':
        return this.changePassword(body);
      case 'GetUser':
        return this.getUser(body);
      case 'GlobalSignOut':
        return this.globalSignOut(body);
      case 'DeleteUser':
        return this.deleteUser(body);
      case 'AssociateSoftwareToken':
        return this.associateSoftwareToken(body);
      case 'VerifySoftwareToken':
        return this.verifySoftwareToken(body);
      case 'SetUserMFAPreference':
        return this.setUserMfaPreference(body);
      case 'RevokeToken':
        return this.revokeToken(body);
      case 'AdminConfirmSignUp':
        return this.adminConfirmSignUp(body);
      case 'AdminCreateUser':
        return this.adminCreateUser(body);
      default:
        throw new AwsJsonError('UnsupportedOperationException', `the local backend does not implement ${operation}`);
    }
  }

  // --- sign-up -------------------------------------------------------------------------

  private signUp(body: Json): Json {
    this.checkClient(body.ClientId);
    if (!this.rules.selfSignUp) throw new AwsJsonError('NotAuthorizedException', 'SignUp is not permitted for this user pool');
    const username = requireString(body, 'Username');
    const password = requireString(body, 'Password');
    const attributes = new Map(((body.UserAttributes as { Name: string; Value: string }[] | undefined) ?? []).map((a) => [a.Name, a.Value]));
    let email = attributes.get('email');
    if (this.rules.usernameAttributes.includes('email')) {
      if (!EMAIL.test(username)) throw new AwsJsonError('InvalidParameterException', 'Username should be an email.');
      email ??= username;
    }
    if (!email || !EMAIL.test(email)) throw new AwsJsonError('InvalidParameterException', 'Attributes did not conform to the schema: email: The attribute is required');
    email = email.toLowerCase();
    if (this.findByEmail(email)) throw new AwsJsonError('UsernameExistsException', 'An account with the given email already exists.');
    this.checkPasswordPolicy(password);

    const sub = randomUUID();
    const user: UserRecord = {
      sub,
      email,
      emailVerified: false,
      status: 'UNCONFIRMED',
      verifier: createVerifier(this.poolName, sub, password),
      createdAt: Date.now(),
      tokensValidAfter: 0,
      failedSignIns: 0,
    };
    this.state.value.users[sub] = user;
    user.confirmation = this.sendCode(user, 'confirm-sign-up');
    this.state.save();
    this.log.info(`user pool: signed up ${email} (sub ${sub}), waiting for confirmation`);
    return { UserConfirmed: false, UserSub: sub, CodeDeliveryDetails: this.delivery(email) };
  }

  private confirmSignUp(body: Json): Json {
    this.checkClient(body.ClientId);
    const user = this.findUser(requireString(body, 'Username'));
    if (!user) {
      // With PreventUserExistenceErrors, an unknown user's code is just wrong.
      if (this.rules.client.preventUserExistenceErrors) throw new AwsJsonError('CodeMismatchException', 'Invalid verification code provided, please try again.');
      throw new AwsJsonError('UserNotFoundException', 'Username/client id combination not found.');
    }
    if (user.status === 'CONFIRMED') throw new AwsJsonError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    this.checkCode(user, 'confirmation', requireString(body, 'ConfirmationCode'));
    this.confirm(user);
    return {};
  }

  private adminConfirmSignUp(body: Json): Json {
    if (body.UserPoolId !== this.ids.userPoolId) throw new AwsJsonError('ResourceNotFoundException', `User pool ${String(body.UserPoolId)} does not exist.`);
    const user = this.findUser(requireString(body, 'Username'));
    if (!user) throw new AwsJsonError('UserNotFoundException', 'User does not exist.');
    if (user.status === 'CONFIRMED') throw new AwsJsonError('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    this.confirm(user);
    return {};
  }

  /**
   * An administrator creates a user (the local admin token stands for IAM credentials): status
   * FORCE_CHANGE_PASSWORD with a temporary password, emailed to the user unless
   * MessageAction is SUPPRESS; the first sign-in then asks for a new password.
   */
  private adminCreateUser(body: Json): Json {
    if (body.UserPoolId !== this.ids.userPoolId) throw new AwsJsonError('ResourceNotFoundException', `User pool ${String(body.UserPoolId)} does not exist.`);
    const username = requireString(body, 'Username');
    const attributes = new Map(((body.UserAttributes as { Name: string; Value: string }[] | undefined) ?? []).map((a) => [a.Name, a.Value]));
    const email = (attributes.get('email') ?? (EMAIL.test(username) ? username : '')).toLowerCase();
    if (!EMAIL.test(email)) throw new AwsJsonError('InvalidParameterException', 'Attributes did not conform to the schema: email: The attribute is required');
    if (this.findByEmail(email)) throw new AwsJsonError('UsernameExistsException', 'User account already exists');
    const temporary = typeof body.TemporaryPassword === 'string' ? body.TemporaryPassword : temporaryPassword();
    this.checkPasswordPolicy(temporary);
    const sub = randomUUID();
    const user: UserRecord = {
      sub,
      email,
      emailVerified: attributes.get('email_verified') === 'true',
      status: 'FORCE_CHANGE_PASSWORD',
      verifier: createVerifier(this.poolName, sub, temporary),
      createdAt: Date.now(),
      tokensValidAfter: 0,
      failedSignIns: 0,
    };
    this.state.value.users[sub] = user;
    if (body.MessageAction !== 'SUPPRESS') {
      this.email(email, 'invitation', 'Your temporary password', `Your username is ${email} and temporary password is ${temporary}.`, temporary);
    }
    this.state.save();
    this.log.info(`user pool: an administrator created ${email}; the first sign-in sets a password`);
    return { User: { Username: sub, UserStatus: user.status, Enabled: true, Attributes: [{ Name: 'sub', Value: sub }, { Name: 'email', Value: email }] } };
  }

  private confirm(user: UserRecord) {
    user.status = 'CONFIRMED';
    if (this.rules.autoVerifiedAttributes.includes('email')) user.emailVerified = true;
    delete user.confirmation;
    this.state.save();
    this.log.info(`user pool: confirmed ${user.email}`);
  }

  private resendConfirmationCode(body: Json): Json {
    this.checkClient(body.ClientId);
    const user = this.findUser(requireString(body, 'Username'));
    if (!user) {
      if (this.rules.client.preventUserExistenceErrors) return { CodeDeliveryDetails: this.delivery(requireString(body, 'Username')) };
      throw new AwsJsonError('UserNotFoundException', 'Username/client id combination not found.');
    }
    if (user.status === 'CONFIRMED') throw new AwsJsonError('InvalidParameterException', 'User is already confirmed.');
    user.confirmation = this.sendCode(user, 'confirm-sign-up');
    this.state.save();
    return { CodeDeliveryDetails: this.delivery(user.email) };
  }

  // --- sign-in -------------------------------------------------------------------------

  private async initiateAuth(body: Json): Promise<Json> {
    const clientId = this.checkClient(body.ClientId);
    const flow = requireString(body, 'AuthFlow');
    const parameters = (body.AuthParameters ?? {}) as Record<string, string>;
    const allowed = this.rules.client.explicitAuthFlows;
    if (flow === 'REFRESH_TOKEN_AUTH' || flow === 'REFRESH_TOKEN') {
      // Cognito always allows refresh, whatever ExplicitAuthFlows says.
      return this.refresh(parameters, clientId);
    }
    if (!allowed.includes(`ALLOW_${flow}`)) throw new AwsJsonError('InvalidParameterException', `${flow} flow not enabled for this client`);
    if (flow === 'USER_SRP_AUTH') return this.startSrp(parameters, clientId);
    if (flow === 'USER_PASSWORD_AUTH') {
      const user = this.findUser(parameters.USERNAME ?? '');
      if (user) this.checkLockout(user);
      if (!user || !passwordMatches(this.poolName, user.sub, parameters.PASSWORD ?? '', user.verifier)) {
        if (user) this.recordFailedSignIn(user);
        throw this.signInFailed();
      }
      return this.completeSignIn(user, clientId);
    }
    throw new AwsJsonError('InvalidParameterException', `the local backend does not implement the ${flow} flow`);
  }

  private startSrp(parameters: Record<string, string>, clientId: string): Json {
    const username = parameters.USERNAME;
    const A = parameters.SRP_A;
    if (!username) throw new AwsJsonError('InvalidParameterException', 'Missing required parameter USERNAME');
    if (!A || !isValidClientPublic(A)) throw new AwsJsonError('InvalidParameterException', 'Invalid SRP_A value');
    const user = this.findUser(username);
    if (!user && !this.rules.client.preventUserExistenceErrors) throw new AwsJsonError('UserNotFoundException', 'User does not exist.');
    // An unknown user gets a challenge like any other, the same salt and id each time (as a
    // real user's are), and fails later: sign-in does not tell strangers which emails have accounts.
    const fake = user ? undefined : this.fakeUser(username);
    const verifier = user?.verifier ?? fake!.verifier;
    const challenge = createServerChallenge(verifier);
    const secretBlock = randomBytes(96).toString('base64');
    this.pruneSessions();
    this.sessions.set(secretBlock, { sub: user?.sub, verifier, challenge, A, clientId, expiresAt: Date.now() + 3 * 60_000 });
    const userId = user?.sub ?? fake!.id;
    return {
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeParameters: { SALT: verifier.salt, SECRET_BLOCK: secretBlock, SRP_B: challenge.B, USERNAME: userId, USER_ID_FOR_SRP: userId },
    };
  }

  /** A stable stand-in for an unknown user name: an id and salt derived with a secret of this pool. */
  private fakeUser(username: string): { id: string; verifier: SrpVerifier } {
    const digest = createHmac('sha256', this.state.value.signingKey.privateJwk.d ?? this.ids.userPoolId).update(username.trim().toLowerCase()).digest();
    const hex = digest.subarray(0, 16).toString('hex');
    const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    return { id, verifier: createVerifier(this.poolName, id, randomBytes(16).toString('hex'), digest.subarray(16, 32)) };
  }

  private async respondToAuthChallenge(body: Json): Promise<Json> {
    const clientId = this.checkClient(body.ClientId);
    if (body.ChallengeName === 'NEW_PASSWORD_REQUIRED') return this.newPassword(body, clientId);
    if (body.ChallengeName === 'SOFTWARE_TOKEN_MFA') return this.softwareTokenMfa(body, clientId);
    if (body.ChallengeName === 'MFA_SETUP') return this.mfaSetupDone(body, clientId);
    if (body.ChallengeName !== 'PASSWORD_VERIFIER') throw new AwsJsonError('InvalidParameterException', `the local backend does not implement the ${String(body.ChallengeName)} challenge`);
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    const secretBlock = responses.PASSWORD_CLAIM_SECRET_BLOCK ?? '';
    const session = this.sessions.get(secretBlock);
    this.sessions.delete(secretBlock);
    if (!session || session.expiresAt < Date.now() || session.clientId !== clientId) {
      throw new AwsJsonError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    const user = session.sub ? this.state.value.users[session.sub] : undefined;
    if (!user) throw this.signInFailed();
    this.checkLockout(user);
    const key = deriveSessionKey(session.verifier, session.challenge, session.A);
    const ok = verifyPasswordClaim(key, this.poolName, user.sub, secretBlock, responses.TIMESTAMP ?? '', responses.PASSWORD_CLAIM_SIGNATURE ?? '');
    if (!ok) {
      this.recordFailedSignIn(user);
      throw this.signInFailed();
    }
    return this.completeSignIn(user, clientId);
  }

  /** The answer to NEW_PASSWORD_REQUIRED: the password the user chose replaces the temporary one. */
  private async newPassword(body: Json, clientId: string): Promise<Json> {
    const token = typeof body.Session === 'string' ? body.Session : '';
    const challenge = this.takeChallenge(token, clientId, 'NEW_PASSWORD_REQUIRED');
    const user = this.state.value.users[challenge.sub];
    if (!user || user.status !== 'FORCE_CHANGE_PASSWORD') throw this.signInFailed();
    const responses = (body.ChallengeResponses ?? {}) as Record<string, string>;
    const password = responses.NEW_PASSWORD ?? '';
    try {
      this.checkPasswordPolicy(password);
    } catch (error) {
      // The session stays usable for a second try, as Cognito's does.
      this.challenges.set(token, challenge);
      throw error;
    }
    user.verifier = createVerifier(this.poolName, user.sub, password);
    user.status = 'CONFIRMED';
    user.emailVerified = true;
    this.state.save();
    this.log.info(`user pool: ${user.email} chose a password`);
    return this.completeSignIn(user, clientId);
  }

  /** A sign-in waits for the answer to a challenge: its Session value, valid three minutes. */
  private challenge(user: UserRecord, clientId: string, name: ChallengeName, parameters: Record<string, string>): Json {
    const session = randomBytes(48).toString('base64url');
    this.challenges.set(session, { sub: user.sub, clientId, name, expiresAt: Date.now() + 3 * 60_000 });
    return { ChallengeName: name, Session: session, ChallengeParameters: { USER_ID_FOR_SRP: user.sub, ...parameters } };
  }

  /** The challenge a Session value stands for; Cognito's error for an unknown, used or expired one. */
  private takeChallenge(session: string, clientId: string, name: ChallengeName): { sub: string; clientId: string; name: ChallengeName; expiresAt: number } {
    const challenge = this.challenges.get(session);
    this.challenges.delete(session);
    if (!challenge || challenge.expiresAt < Date.now() || challenge.clientId !== clientId || challenge.name !== name) {
      throw new AwsJsonError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    }
    return challenge;
  }

  /** After the password: a new password, a second factor or its set-up first, else tokens. */
  private async completeSignIn(user: UserRecord, clientId: string): Promise<Json> {
    if (user.status === 'FORCE_CHANGE_PASSWORD') {
      return this.challenge(user, clientId, 'NEW_PASSWORD_REQUIRED', { requiredAttributes: '[]', userAttributes: JSON.stringify({ email: user.email, email_verified: String(user.emailVerified) }) });
    }
    if (user.status !== 'CONFIRMED') throw new AwsJsonError('UserNotConfirmedException', 'User is not confirmed.');
    if (this.rules.mfa !== 'off' && user.totp?.enabled) return this.challenge(user, clientId, 'SOFTWARE_TOKEN_MFA', {});
    if (this.rules.mfa === 'required') return this.challenge(user, clientId, 'MFA_SETUP', { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' });
    return this.issueSession(user, clientId);
  }

  /** The answer to SOFTWARE_TOKEN_MFA: a current code, each code good once. */
  private async softwareTokenMfa(body: Json, clientId: string): Promise<Json> {
    const session = typeof body.Session === 'string' ? body.Session : '';
    const challenge = this.takeChallenge(session, clientId, 'SOFTWARE_TOKEN_MFA');
    const user = this.state.value.users[challenge.sub];
    if (!user?.totp?.secret) throw this.signInFailed();
    const code = ((body.ChallengeResponses ?? {}) as Record<string, string>).SOFTWARE_TOKEN_MFA_CODE ?? '';
    this.useCode(user, user.totp.secret, code, () => this.challenges.set(session, challenge));
    return this.issueSession(user, clientId);
  }

  /** Checks a code and spends its time step; `keep` lets the sign-in try again after a wrong code. */
  private useCode(user: UserRecord, secret: string, code: string, keep: () => void): number {
    const step = stepOf(secret, code);
    if (step === undefined) {
      keep();
      throw new AwsJsonError('CodeMismatchException', 'Invalid code received for user');
    }
    if (user.totp?.lastStep !== undefined && step <= user.totp.lastStep) {
      keep();
      throw new AwsJsonError('ExpiredCodeException', 'Your software token has already been used once.');
    }
    user.totp = { ...user.totp!, lastStep: step };
    this.state.save();
    return step;
  }

  /** The answer to MFA_SETUP (after VerifySoftwareToken with the same Session): signed in, MFA on. */
  private async mfaSetupDone(body: Json, clientId: string): Promise<Json> {
    const session = typeof body.Session === 'string' ? body.Session : '';
    const challenge = this.takeChallenge(session, clientId, 'MFA_SETUP');
    const user = this.state.value.users[challenge.sub];
    if (!user?.totp?.secret) throw new AwsJsonError('InvalidParameterException', 'Software token MFA has not been set up; call AssociateSoftwareToken and VerifySoftwareToken with this Session first.');
    return this.issueSession(user, clientId);
  }

  // --- software token MFA (TOTP) ----------------------------------------------------------

  /** The user (by access token) or the sign-in waiting for MFA set-up (by Session). */
  private async mfaSubject(body: Json): Promise<{ user: UserRecord; setup?: { session: string; clientId: string } }> {
    if (typeof body.Session === 'string' && body.Session !== '') {
      const challenge = this.challenges.get(body.Session);
      if (!challenge || challenge.name !== 'MFA_SETUP' || challenge.expiresAt < Date.now()) throw new AwsJsonError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
      const user = this.state.value.users[challenge.sub];
      if (!user) throw this.signInFailed();
      return { user, setup: { session: body.Session, clientId: challenge.clientId } };
    }
    return { user: await this.userFromAccessToken(body.AccessToken) };
  }

  private async associateSoftwareToken(body: Json): Promise<Json> {
    if (this.rules.mfa === 'off') throw new AwsJsonError('InvalidParameterException', 'Software token MFA is not enabled for this user pool.');
    const { user, setup } = await this.mfaSubject(body);
    const secret = newSecret();
    user.totp = { ...user.totp, enabled: user.totp?.enabled ?? false, pending: secret };
    this.state.save();
    return { SecretCode: secret, ...(setup ? { Session: setup.session } : {}) };
  }

  private async verifySoftwareToken(body: Json): Promise<Json> {
    const { user, setup } = await this.mfaSubject(body);
    const pending = user.totp?.pending;
    if (!pending) throw new AwsJsonError('InvalidParameterException', 'Call AssociateSoftwareToken first.');
    this.useCode(user, pending, typeof body.UserCode === 'string' ? body.UserCode : '', () => undefined);
    // Set up during sign-in (MFA_SETUP), the factor is on at once; otherwise SetUserMFAPreference turns it on.
    user.totp = { ...user.totp!, secret: pending, pending: undefined, enabled: setup ? true : user.totp!.enabled };
    this.state.save();
    this.log.info(`user pool: ${user.email} verified a software token`);
    return { Status: 'SUCCESS', ...(setup ? { Session: setup.session } : {}) };
  }

  private async setUserMfaPreference(body: Json): Promise<Json> {
    const user = await this.userFromAccessToken(body.AccessToken);
    const settings = body.SoftwareTokenMfaSettings as { Enabled?: boolean } | undefined;
    if (settings?.Enabled === undefined) return {};
    if (settings.Enabled && !user.totp?.secret) throw new AwsJsonError('InvalidParameterException', 'User has not verified software token mfa');
    if (!settings.Enabled && this.rules.mfa === 'required') throw new AwsJsonError('InvalidParameterException', 'MFA is required by this user pool and cannot be turned off.');
    user.totp = { ...user.totp, enabled: settings.Enabled };
    this.state.save();
    this.log.info(`user pool: ${user.email} turned software token MFA ${settings.Enabled ? 'on' : 'off'}`);
    return {};
  }

  /** Tokens and a refresh token: the sign-in is complete. */
  private async issueSession(user: UserRecord, clientId: string): Promise<Json> {
    user.failedSignIns = 0;
    delete user.lockedUntil;
    const originJti = randomUUID();
    const authTime = Math.floor(Date.now() / 1000);
    const refreshToken = randomBytes(96).toString('base64url');
    this.state.value.refreshTokens[refreshToken] = {
      sub: user.sub,
      clientId,
      originJti,
      authTime,
      expiresAt: Date.now() + this.rules.client.refreshTokenSeconds * 1000,
      revoked: false,
    };
    this.state.save();
    this.log.info(`user pool: ${user.email} signed in`);
    return { ChallengeParameters: {}, AuthenticationResult: { ...(await this.issueTokens(user, clientId, originJti, authTime)), RefreshToken: refreshToken } };
  }

  private async refresh(parameters: Record<string, string>, clientId: string): Promise<Json> {
    const record = this.state.value.refreshTokens[parameters.REFRESH_TOKEN ?? ''];
    if (!record || record.clientId !== clientId) throw new AwsJsonError('NotAuthorizedException', 'Invalid Refresh Token');
    if (record.revoked) throw new AwsJsonError('NotAuthorizedException', 'Refresh Token has been revoked');
    if (record.expiresAt < Date.now()) throw new AwsJsonError('NotAuthorizedException', 'Refresh Token has expired');
    const user = this.state.value.users[record.sub];
    if (!user) throw new AwsJsonError('NotAuthorizedException', 'Invalid Refresh Token');
    return { ChallengeParameters: {}, AuthenticationResult: await this.issueTokens(user, clientId, record.originJti, record.authTime) };
  }

  private async issueTokens(user: UserRecord, clientId: string, originJti: string, authTime: number) {
    const eventId = randomUUID();
    const idToken = await this.tokens.sign(
      {
        sub: user.sub,
        email_verified: user.emailVerified,
        'cognito:username': user.sub,
        origin_jti: originJti,
        aud: clientId,
        event_id: eventId,
        token_use: 'id',
        auth_time: authTime,
        email: user.email,
      },
      this.rules.client.idTokenSeconds,
    );
    const accessToken = await this.tokens.sign(
      {
        sub: user.sub,
        origin_jti: originJti,
        event_id: eventId,
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: authTime,
        client_id: clientId,
        username: user.sub,
      },
      this.rules.client.accessTokenSeconds,
    );
    return { AccessToken: accessToken, IdToken: idToken, ExpiresIn: this.rules.client.accessTokenSeconds, TokenType: 'Bearer' };
  }

  /**
   * Cognito's lockout: from the fifth wrong password in a row, sign-in (and ChangePassword) is
   * refused for a while that doubles with each further failure, at most 15 minutes; it ends
   * by itself, and a success resets it.
   */
  private checkLockout(user: UserRecord) {
    if (user.lockedUntil !== undefined && Date.now() < user.lockedUntil) throw new AwsJsonError('NotAuthorizedException', 'Password attempts exceeded');
  }

  private recordFailedSignIn(user: UserRecord) {
    user.failedSignIns += 1;
    const over = user.failedSignIns - this.options.maxFailedSignIns;
    if (over >= 0) user.lockedUntil = Date.now() + Math.min(15 * 60_000, 2000 * 2 ** Math.min(over, 20));
    this.state.save();
    this.log.warn(`user pool: wrong password for ${user.email} (${user.failedSignIns} in a row)`);
  }

  private signInFailed() {
    return new AwsJsonError('NotAuthorizedException', 'Incorrect username or password.');
  }

  // --- passwords -----------------------------------------------------------------------

  private forgotPassword(body: Json): Json {
    this.checkClient(body.ClientId);
    const username = requireString(body, 'Username');
    const user = this.findUser(username);
    if (!user) {
      if (this.rules.client.preventUserExistenceErrors) return { CodeDeliveryDetails: this.delivery(username) };
      throw new AwsJsonError('UserNotFoundException', 'Username/client id combination not found.');
    }
    if (!user.emailVerified) {
      // An account that never confirmed its email answers like an unknown one when existence is hidden.
      if (this.rules.client.preventUserExistenceErrors) return { CodeDeliveryDetails: this.delivery(username) };
      throw new AwsJsonError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
    }
    user.reset = this.sendCode(user, 'forgot-password');
    this.state.save();
    return { CodeDeliveryDetails: this.delivery(user.email) };
  }

  private confirmForgotPassword(body: Json): Json {
    this.checkClient(body.ClientId);
    const user = this.findUser(requireString(body, 'Username'));
    if (!user) throw new AwsJsonError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    const password = requireString(body, 'Password');
    this.checkCode(user, 'reset', requireString(body, 'ConfirmationCode'));
    this.checkPasswordPolicy(password);
    user.verifier = createVerifier(this.poolName, user.sub, password);
    user.failedSignIns = 0;
    delete user.lockedUntil;
    delete user.reset;
    this.state.save();
    this.log.info(`user pool: ${user.email} reset their password`);
    return {};
  }

  private async changePassword(body: Json): Promise<Json> {
    const user = await this.userFromAccessToken(body.AccessToken);
    this.checkLockout(user);
    if (!passwordMatches(this.poolName, user.sub, requireString(body, 'PreviousPassword'), user.verifier)) {
      this.recordFailedSignIn(user);
      throw this.signInFailed();
    }
    const proposed = requireString(body, 'ProposedPassword');
    this.checkPasswordPolicy(proposed);
    user.verifier = createVerifier(this.poolName, user.sub, proposed);
    user.failedSignIns = 0;
    delete user.lockedUntil;
    this.state.save();
    return {};
  }

  // --- session -------------------------------------------------------------------------

  private async getUser(body: Json): Promise<Json> {
    const user = await this.userFromAccessToken(body.AccessToken);
    return {
      Username: user.sub,
      UserAttributes: [
        { Name: 'sub', Value: user.sub },
        { Name: 'email_verified', Value: String(user.emailVerified) },
        { Name: 'email', Value: user.email },
      ],
      // As Cognito answers: the second factors that sign-in asks for, absent when none.
      ...(user.totp?.enabled ? { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'], PreferredMfaSetting: 'SOFTWARE_TOKEN_MFA' } : {}),
    };
  }

  private async globalSignOut(body: Json): Promise<Json> {
    const user = await this.userFromAccessToken(body.AccessToken);
    // Tokens issued before now stop working. Token times are whole seconds: one issued earlier in
    // this same second is caught by its revoked refresh token below, and a sign-in right after
    // this one (the same second) gets tokens that work, as on AWS.
    user.tokensValidAfter = Math.floor(Date.now() / 1000);
    for (const record of Object.values(this.state.value.refreshTokens)) if (record.sub === user.sub) record.revoked = true;
    this.state.save();
    this.log.info(`user pool: ${user.email} signed out everywhere`);
    return {};
  }

  /**
   * A signed-in user deletes their own account (Cognito's DeleteUser, with the access token):
   * the user is gone, every refresh token revoked, and the id and access tokens already issued
   * stop working, as on AWS. Their files are not touched: the element deletes those first.
   */
  private async deleteUser(body: Json): Promise<Json> {
    const user = await this.userFromAccessToken(body.AccessToken);
    for (const record of Object.values(this.state.value.refreshTokens)) if (record.sub === user.sub) record.revoked = true;
    delete this.state.value.users[user.sub];
    this.state.save();
    this.log.info(`user pool: ${user.email} deleted their account`);
    return {};
  }

  private revokeToken(body: Json): Json {
    const clientId = this.checkClient(body.ClientId);
    const record = this.state.value.refreshTokens[requireString(body, 'Token')];
    if (record && record.clientId === clientId) {
      record.revoked = true;
      this.state.save();
    }
    return {};
  }

  /** Verifies an access token and that it was not revoked; Cognito's errors otherwise. */
  async userFromAccessToken(token: unknown): Promise<UserRecord> {
    if (typeof token !== 'string' || token === '') throw new AwsJsonError('NotAuthorizedException', 'Invalid Access Token');
    let claims: TokenClaims;
    try {
      claims = await this.tokens.verify(token, 'access');
    } catch (error) {
      const expired = error instanceof Error && 'code' in error && error.code === 'ERR_JWT_EXPIRED';
      throw new AwsJsonError('NotAuthorizedException', expired ? 'Access Token has expired' : 'Invalid Access Token');
    }
    const user = this.state.value.users[claims.sub];
    if (!user) throw new AwsJsonError('NotAuthorizedException', 'Invalid Access Token');
    if (isRevoked(claims, this.state.value)) throw new AwsJsonError('NotAuthorizedException', 'Access Token has been revoked');
    return user;
  }

  // --- helpers -------------------------------------------------------------------------

  private checkClient(clientId: unknown): string {
    if (clientId !== this.ids.userPoolClientId) throw new AwsJsonError('ResourceNotFoundException', `User pool client ${String(clientId)} does not exist.`);
    return clientId;
  }

  /** Finds a user by email (case-insensitive) or by internal user name (the sub). */
  findUser(username: string): UserRecord | undefined {
    return this.state.value.users[username] ?? this.findByEmail(username.toLowerCase());
  }

  private findByEmail(email: string): UserRecord | undefined {
    return Object.values(this.state.value.users).find((u) => u.email === email);
  }

  /** The pool's rules, checked by the same code that shows them in the element. */
  private checkPasswordPolicy(password: string) {
    const unmet = passwordRules(this.rules.passwordPolicy, password).find((rule) => !rule.met);
    if (unmet) throw new AwsJsonError('InvalidPasswordException', `Password did not conform with policy: ${COGNITO_PASSWORD_MESSAGES[unmet.id]}`);
  }

  private checkCode(user: UserRecord, which: 'confirmation' | 'reset', code: string) {
    const pending: PendingCode | undefined = user[which];
    if (!pending) throw new AwsJsonError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    if (pending.failedAttempts >= MAX_CODE_ATTEMPTS) throw new AwsJsonError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
    if (pending.code !== code) {
      pending.failedAttempts += 1;
      this.state.save();
      throw new AwsJsonError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    }
    if (pending.expiresAt < Date.now()) throw new AwsJsonError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
  }

  private sendCode(user: UserRecord, kind: 'confirm-sign-up' | 'forgot-password'): PendingCode {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const subject = kind === 'confirm-sign-up' ? 'Your verification code' : 'Your password reset code';
    this.email(user.email, kind, subject, `${subject} is ${code}.`, code);
    return { code, expiresAt: Date.now() + this.options.codeTtlMs, failedAttempts: 0 };
  }

  /** "Sends" an email: into the outbox (the latest 500 kept) and the log, where a developer reads its code. */
  private email(to: string, kind: OutboxMessage['kind'], subject: string, body: string, code: string): void {
    const outbox = this.state.value.outbox;
    outbox.push({ id: (outbox.at(-1)?.id ?? 0) + 1, to, subject, body, code, kind, sentAt: new Date().toISOString() });
    if (outbox.length > 500) outbox.splice(0, outbox.length - 500);
    this.log.info(`outbox: to ${to}: ${subject} is ${code}`);
  }

  private delivery(email: string) {
    const [name = '', domain = ''] = email.split('@');
    return { Destination: `${name.slice(0, 1)}***@${domain.slice(0, 1)}***`, DeliveryMedium: 'EMAIL', AttributeName: 'email' };
  }

  private pruneSessions() {
    const now = Date.now();
    for (const [key, session] of this.sessions) if (session.expiresAt < now) this.sessions.delete(key);
    for (const [key, challenge] of this.challenges) if (challenge.expiresAt < now) this.challenges.delete(key);
  }
}

function requireString(body: Json, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new AwsJsonError('InvalidParameterException', `1 validation error detected: Value at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** The challenges a sign-in can wait on after the password. */
type ChallengeName = 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA' | 'MFA_SETUP';

/** A temporary password that meets any policy Cognito allows (upper, lower, digit, symbol; 16 characters). */
function temporaryPassword(): string {
  return `Tmp-${randomBytes(9).toString('base64url')}a1!A`;
}
