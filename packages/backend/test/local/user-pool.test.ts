import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CognitoRefreshToken } from 'amazon-cognito-identity-js';
import { cognitoUser, confirm, latestCode, newSignedInUser, PASSWORD, signIn, signUp, startTestBackend, uniqueEmail, userPool, type TestBackend } from './harness.js';

/** Calls a user pool operation directly, as any SDK would. */
async function callPool(t: TestBackend, operation: string, body: Record<string, unknown>) {
  const response = await fetch(`${t.backend.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, 'x-local-token': t.backend.adminToken },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const codeOf = (error: unknown) => (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name;

describe('local user pool, driven by amazon-cognito-identity-js', () => {
  let t: TestBackend;
  before(async () => {
    t = await startTestBackend({ codeTtlSeconds: 2 });
  });
  after(() => t.stop());

  it('signs up, confirms with the outbox code, then signs in 300 times in a row by SRP', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('srp');
    const sub = await signUp(pool, email, PASSWORD);
    assert.match(sub, /^[0-9a-f-]{36}$/);
    const code = await latestCode(t.backend, email);
    assert.match(code, /^\d{6}$/);
    await confirm(pool, email, code);
    for (let i = 0; i < 300; i++) {
      const { session } = await signIn(pool, email, PASSWORD);
      assert.equal(session.getIdToken().payload.sub, sub, `login ${i + 1}`);
    }
  });

  it('issues Cognito-shaped RS256 tokens whose keys are in the pool JWKS', async () => {
    const { email, session } = await newSignedInUser(t.backend, 'tokens');
    const id = session.getIdToken().payload;
    const access = session.getAccessToken().payload;
    assert.equal(id.token_use, 'id');
    assert.equal(id.aud, t.backend.config.userPoolClientId);
    assert.equal(id.email, email);
    assert.equal(id.email_verified, true);
    assert.equal(id.iss, `${t.backend.url}/${t.backend.config.userPoolId}`);
    assert.equal(access.token_use, 'access');
    assert.equal(access.client_id, t.backend.config.userPoolClientId);
    assert.equal(access.scope, 'aws.cognito.signin.user.admin');
    const header = JSON.parse(Buffer.from(session.getIdToken().getJwtToken().split('.')[0]!, 'base64url').toString());
    assert.equal(header.alg, 'RS256');
    const jwks = (await (await fetch(`${id.iss}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    assert.ok(jwks.keys.some((k) => k.kid === header.kid));
  });

  it('refuses a wrong password, and after five in a row refuses even the right one for a while', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('wrong');
    await signUp(pool, email, PASSWORD);
    await confirm(pool, email, await latestCode(t.backend, email));
    await assert.rejects(signIn(pool, email, 'Wrong-Password-1'), (e) => codeOf(e) === 'NotAuthorizedException' && /Incorrect username or password/.test((e as Error).message));
    await signIn(pool, email, PASSWORD); // a success resets the count
    for (let i = 0; i < 5; i++) await assert.rejects(signIn(pool, email, 'Wrong-Password-1'));
    await assert.rejects(signIn(pool, email, PASSWORD), (e) => codeOf(e) === 'NotAuthorizedException' && /Password attempts exceeded/.test((e as Error).message));
  });

  it('does not tell strangers which emails have accounts', async () => {
    await assert.rejects(signIn(userPool(t.backend), uniqueEmail('nobody'), PASSWORD), (e) => codeOf(e) === 'NotAuthorizedException');
  });

  it('refuses sign-in before confirmation, a wrong code, an expired code, and too many wrong codes', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('unconfirmed');
    await signUp(pool, email, PASSWORD);
    await assert.rejects(signIn(pool, email, PASSWORD), (e) => codeOf(e) === 'UserNotConfirmedException');
    await assert.rejects(confirm(pool, email, '000000x'), (e) => codeOf(e) === 'CodeMismatchException');
    const code = await latestCode(t.backend, email);
    await new Promise((r) => setTimeout(r, 2100)); // codes live 2 s in this test backend
    await assert.rejects(confirm(pool, email, code), (e) => codeOf(e) === 'ExpiredCodeException');
    await new Promise<void>((resolve, reject) => cognitoUser(pool, email).resendConfirmationCode((error) => (error ? reject(error) : resolve())));
    for (let i = 0; i < 4; i++) await assert.rejects(confirm(pool, email, 'nope'), (e) => codeOf(e) === 'CodeMismatchException');
    await assert.rejects(confirm(pool, email, 'nope'), (e) => codeOf(e) === 'CodeMismatchException');
    await assert.rejects(confirm(pool, email, await latestCode(t.backend, email)), (e) => codeOf(e) === 'LimitExceededException');
  });

  it('refuses a duplicate email and a password the pool policy rejects', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('dup');
    await signUp(pool, email, PASSWORD);
    await assert.rejects(signUp(pool, email.toUpperCase(), PASSWORD), (e) => codeOf(e) === 'UsernameExistsException');
    for (const [password, why] of [
      ['Sh0rt!', /not long enough/],
      ['alllowercase1!', /uppercase/],
      ['ALLUPPERCASE1!', /lowercase/],
      ['NoDigits-here', /numeric/],
      ['NoSymbols123', /symbol/],
    ] as const) {
      await assert.rejects(signUp(pool, uniqueEmail('weak'), password), (e) => codeOf(e) === 'InvalidPasswordException' && why.test((e as Error).message));
    }
    await assert.rejects(signUp(pool, 'not-an-email', PASSWORD), (e) => codeOf(e) === 'InvalidParameterException');
  });

  it('refreshes the session with the refresh token', async () => {
    const { user, session } = await newSignedInUser(t.backend, 'refresh');
    await new Promise((r) => setTimeout(r, 1100)); // so the new tokens have a later iat
    const refreshed = await new Promise<typeof session>((resolve, reject) =>
      user.refreshSession(new CognitoRefreshToken({ RefreshToken: session.getRefreshToken().getToken() }), (error, s) => (error ? reject(error) : resolve(s))),
    );
    assert.notEqual(refreshed.getIdToken().getJwtToken(), session.getIdToken().getJwtToken());
    assert.ok(refreshed.getIdToken().getIssuedAt() > session.getIdToken().getIssuedAt());
    assert.equal(refreshed.getIdToken().payload.sub, session.getIdToken().payload.sub);
    const bad = await callPool(t, 'InitiateAuth', { ClientId: t.backend.config.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'forged' } });
    assert.equal(bad.body.__type, 'NotAuthorizedException');
  });

  it('resets a forgotten password with the emailed code', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('forgot');
    await signUp(pool, email, PASSWORD);
    await confirm(pool, email, await latestCode(t.backend, email));
    const user = cognitoUser(pool, email);
    await new Promise<void>((resolve, reject) => user.forgotPassword({ onSuccess: () => resolve(), onFailure: reject, inputVerificationCode: () => resolve() }));
    const code = await latestCode(t.backend, email);
    await assert.rejects(
      new Promise<void>((resolve, reject) => user.confirmPassword('999999', 'New-Password-2', { onSuccess: () => resolve(), onFailure: reject })),
      (e) => codeOf(e) === 'CodeMismatchException',
    );
    await new Promise<void>((resolve, reject) => user.confirmPassword(code, 'New-Password-2', { onSuccess: () => resolve(), onFailure: reject }));
    await assert.rejects(signIn(pool, email, PASSWORD), (e) => codeOf(e) === 'NotAuthorizedException');
    await signIn(pool, email, 'New-Password-2');
  });

  it('changes the password, reads the user, and signs out everywhere', async () => {
    const { pool, email, user, session } = await newSignedInUser(t.backend, 'change');
    await new Promise<void>((resolve, reject) => user.changePassword(PASSWORD, 'Changed-Password-3', (error) => (error ? reject(error) : resolve())));
    await signIn(pool, email, 'Changed-Password-3');
    const attributes = await new Promise<{ Name: string; Value: string }[]>((resolve, reject) => user.getUserAttributes((error, a) => (error ? reject(error) : resolve(a!.map((x) => ({ Name: x.getName(), Value: x.getValue() }))))));
    assert.deepEqual(attributes.find((a) => a.Name === 'email')?.Value, email);
    await new Promise<void>((resolve, reject) => user.globalSignOut({ onSuccess: () => resolve(), onFailure: reject }));
    const after = await callPool(t, 'GetUser', { AccessToken: session.getAccessToken().getJwtToken() });
    assert.equal(after.body.__type, 'NotAuthorizedException');
    const refresh = await callPool(t, 'InitiateAuth', { ClientId: t.backend.config.userPoolClientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: session.getRefreshToken().getToken() } });
    assert.equal(refresh.body.__type, 'NotAuthorizedException');
  });

  it('confirms a user with AdminConfirmSignUp', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('admin');
    await signUp(pool, email, PASSWORD);
    const result = await callPool(t, 'AdminConfirmSignUp', { UserPoolId: t.backend.config.userPoolId, Username: email });
    assert.equal(result.status, 200);
    await signIn(pool, email, PASSWORD);
  });

  it('allows only the flows the template gives the client', async () => {
    const result = await callPool(t, 'InitiateAuth', { ClientId: t.backend.config.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'a@b.c', PASSWORD } });
    assert.equal(result.status, 400);
    assert.equal(result.body.__type, 'InvalidParameterException');
    assert.match(String(result.body.message), /USER_PASSWORD_AUTH flow not enabled for this client/);
    const wrongClient = await callPool(t, 'SignUp', { ClientId: 'nope', Username: 'a@b.c', Password: PASSWORD });
    assert.equal(wrongClient.body.__type, 'ResourceNotFoundException');
  });

  it('never stores a password, only SRP verifiers', async () => {
    const { readFile } = await import('node:fs/promises');
    const state = await readFile(`${t.dataDir}/state.json`, 'utf8');
    assert.ok(!state.includes(PASSWORD));
    assert.ok(!state.includes('New-Password-2'));
    assert.match(state, /"verifier"/);
  });
});
