// Software token MFA as Cognito does it, through amazon-cognito-identity-js, with codes from an
// independent TOTP implementation (otpauth), never the local backend's own.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthenticationDetails, CognitoUser, type CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import * as OTPAuth from 'otpauth';
import { newSignedInUser, PASSWORD, signUp, confirm, latestCode, startTestBackend, uniqueEmail, userPool, type TestBackend } from './harness.js';

const codeOf = (error: unknown) => (error as { code?: string }).code;
const authenticator = (secret: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

/** What a sign-in asks next: tokens, or a challenge to answer on the same CognitoUser. */
type Outcome = { kind: 'session'; session: CognitoUserSession } | { kind: 'totp' } | { kind: 'setup' };
function startSignIn(user: CognitoUser, email: string): Promise<Outcome> {
  return new Promise((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: PASSWORD }), {
      onSuccess: (session) => resolve({ kind: 'session', session }),
      onFailure: reject,
      totpRequired: () => resolve({ kind: 'totp' }),
      mfaSetup: () => resolve({ kind: 'setup' }),
    }),
  );
}
const sendCode = (user: CognitoUser, code: string) =>
  new Promise<CognitoUserSession>((resolve, reject) => user.sendMFACode(code, { onSuccess: resolve, onFailure: reject }, 'SOFTWARE_TOKEN_MFA'));
const associate = (user: CognitoUser) => new Promise<string>((resolve, reject) => user.associateSoftwareToken({ associateSecretCode: resolve, onFailure: reject }));
const verify = (user: CognitoUser, code: string) =>
  new Promise<CognitoUserSession>((resolve, reject) => user.verifySoftwareToken(code, 'phone', { onSuccess: resolve, onFailure: reject }));
/** GetUser's answer about second factors, as Cognito gives it. */
const factors = (user: CognitoUser) =>
  new Promise<{ list?: string[]; preferred?: string }>((resolve, reject) =>
    user.getUserData((error, data) => (error || !data ? reject(error) : resolve({ list: data.UserMFASettingList, preferred: data.PreferredMfaSetting })), { bypassCache: true }),
  );
const preference = (user: CognitoUser, enabled: boolean) =>
  new Promise<void>((resolve, reject) => user.setUserMfaPreference(null, { Enabled: enabled, PreferredMfa: enabled }, (error) => (error ? reject(error) : resolve())));

describe('software token MFA, optional (the stack\'s default)', () => {
  let t: TestBackend;
  before(async () => {
    t = await startTestBackend();
  });
  after(() => t.stop());

  it('sets up an authenticator, then asks for its code at sign-in; a wrong or replayed code is refused; turning it off ends that', async () => {
    const { pool, email, user } = await newSignedInUser(t.backend, 'totp');
    assert.deepEqual(await factors(user), { list: undefined, preferred: undefined }, 'GetUser names no factor before set-up');
    const secret = await associate(user);
    assert.match(secret, /^[A-Z2-7]{32}$/, 'a base32 secret an authenticator app reads');
    const app = authenticator(secret);
    await assert.rejects(verify(user, '000000'), (e) => codeOf(e) === 'CodeMismatchException' || codeOf(e) === 'EnableSoftwareTokenMFAException');
    await verify(user, app.generate());
    await preference(user, true);
    assert.deepEqual(await factors(user), { list: ['SOFTWARE_TOKEN_MFA'], preferred: 'SOFTWARE_TOKEN_MFA' }, 'GetUser names the authenticator once on');

    // Each code is good once: the one that verified the authenticator is spent, so sign in with
    // the next step's (a phone clock a little ahead), then try that one again.
    const ahead = app.generate({ timestamp: Date.now() + 30_000 });
    const next = new CognitoUser({ Username: email, Pool: pool });
    assert.equal((await startSignIn(next, email)).kind, 'totp', 'the password alone is not enough');
    await assert.rejects(sendCode(next, ahead === '123456' ? '654321' : '123456'), (e) => codeOf(e) === 'CodeMismatchException');
    const session = await sendCode(next, ahead);
    assert.ok(session.isValid());
    const replay = new CognitoUser({ Username: email, Pool: pool });
    assert.equal((await startSignIn(replay, email)).kind, 'totp');
    await assert.rejects(sendCode(replay, ahead), (e) => codeOf(e) === 'ExpiredCodeException', 'a replayed code');

    await preference(next, false);
    assert.deepEqual(await factors(next), { list: undefined, preferred: undefined });
    assert.equal((await startSignIn(new CognitoUser({ Username: email, Pool: pool }), email)).kind, 'session', 'off again');
  });
});

describe('software token MFA, required', () => {
  let t: TestBackend;
  let pool: CognitoUserPool;
  before(async () => {
    t = await startTestBackend({ context: { mfa: 'required' } });
    pool = userPool(t.backend);
  });
  after(() => t.stop());

  it('makes a new user set up an authenticator at the first sign-in, then asks for its code', async () => {
    const email = uniqueEmail('required');
    await signUp(pool, email, PASSWORD);
    await confirm(pool, email, await latestCode(t.backend, email));
    const user = new CognitoUser({ Username: email, Pool: pool });
    assert.equal((await startSignIn(user, email)).kind, 'setup');
    const app = authenticator(await associate(user));
    const session = await verify(user, app.generate());
    assert.ok(session.isValid(), 'signed in once the authenticator is verified');
    await assert.rejects(preference(user, false), (e) => codeOf(e) === 'InvalidParameterException', 'required cannot be turned off');
    const again = new CognitoUser({ Username: email, Pool: pool });
    assert.equal((await startSignIn(again, email)).kind, 'totp');
    await sendCode(again, app.generate({ timestamp: Date.now() + 30_000 }));
  });
});
