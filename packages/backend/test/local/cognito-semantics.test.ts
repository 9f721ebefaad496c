// The local user pool and identity pool follow AWS's documented semantics where tests would
// otherwise pass locally and fail on AWS (or the reverse): existence errors hidden by
// PreventUserExistenceErrors, a lockout that ends, ChangePassword under the lockout, and
// ServerSideTokenCheck refusing a signed-out session's id token. Each case was a finding.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { AuthenticationDetails, CognitoUser, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { confirm, credentialsFor, identityClient, latestCode, newSignedInUser, PASSWORD, signIn, signUp, startTestBackend, uniqueEmail, userPool, type TestBackend } from './harness.js';

describe('Cognito as AWS documents it', () => {
  let t: TestBackend;
  before(async () => {
    t = await startTestBackend();
  });
  after(() => t.stop());

  const call = async (operation: string, body: Record<string, unknown>, admin = false) => {
    const response = await fetch(`${t.backend.url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
        ...(admin ? { 'x-local-token': t.backend.adminToken } : {}),
      },
      body: JSON.stringify(body),
    });
    return (await response.json()) as Record<string, unknown> & { __type?: string };
  };
  const clientId = () => t.backend.config.userPoolClientId;
  const codeOf = (error: unknown) => (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name;

  it('ConfirmSignUp of an unknown user is a wrong code, not "no such user"', async () => {
    const answer = await call('ConfirmSignUp', { ClientId: clientId(), Username: uniqueEmail('ghost'), ConfirmationCode: '123456' });
    assert.equal(answer.__type, 'CodeMismatchException');
  });

  it('an unknown user\'s SRP challenge is as stable as a real user\'s (same salt and id each time)', async () => {
    const challenge = async (email: string) => {
      const answer = await call('InitiateAuth', { ClientId: clientId(), AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: email, SRP_A: 'abcdef' } });
      const parameters = answer.ChallengeParameters as Record<string, string>;
      return [parameters.SALT, parameters.USER_ID_FOR_SRP];
    };
    const ghost = uniqueEmail('ghost');
    assert.deepEqual(await challenge(ghost), await challenge(ghost));
    assert.notDeepEqual(await challenge(ghost), await challenge(uniqueEmail('other-ghost')));
  });

  it('ForgotPassword answers an unconfirmed account as it answers an unknown one', async () => {
    const email = uniqueEmail('unconfirmed');
    await signUp(userPool(t.backend), email, PASSWORD);
    const known = await call('ForgotPassword', { ClientId: clientId(), Username: email });
    const unknown = await call('ForgotPassword', { ClientId: clientId(), Username: uniqueEmail('ghost') });
    assert.equal(known.__type, undefined);
    assert.deepEqual(Object.keys(known), Object.keys(unknown));
  });

  it('ends the lockout after wrong passwords by itself', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('locked');
    await signUp(pool, email, PASSWORD);
    await confirm(pool, email, await latestCode(t.backend, email));
    for (let i = 0; i < 5; i++) await assert.rejects(signIn(pool, email, 'Wrong-Password-1'));
    await assert.rejects(signIn(pool, email, PASSWORD), (e) => /Password attempts exceeded/.test((e as Error).message));
    await new Promise((resolve) => setTimeout(resolve, 2100)); // the first lockout lasts 2 s
    await signIn(pool, email, PASSWORD);
  });

  it('ChangePassword counts wrong previous passwords and honours the lockout', async () => {
    const { session } = await newSignedInUser(t.backend, 'change');
    const AccessToken = session.getAccessToken().getJwtToken();
    for (let i = 0; i < 5; i++) assert.equal((await call('ChangePassword', { AccessToken, PreviousPassword: 'Wrong-Password-1', ProposedPassword: 'New-Password-42' })).__type, 'NotAuthorizedException');
    const answer = await call('ChangePassword', { AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'New-Password-42' });
    assert.equal(answer.__type, 'NotAuthorizedException');
    assert.match(String(answer.message), /Password attempts exceeded/);
  });

  it('after GlobalSignOut, the session\'s id token buys no AWS credentials (ServerSideTokenCheck)', async () => {
    const { session } = await newSignedInUser(t.backend, 'signout');
    const idToken = session.getIdToken().getJwtToken();
    await credentialsFor(t.backend, idToken); // works while signed in
    assert.equal((await call('GlobalSignOut', { AccessToken: session.getAccessToken().getJwtToken() })).__type, undefined);
    const logins = { [`cognito-idp.${t.backend.config.region}.amazonaws.com/${t.backend.config.userPoolId}`]: idToken };
    await assert.rejects(identityClient(t.backend).send(new GetIdCommand({ IdentityPoolId: t.backend.config.identityPoolId, Logins: logins })), (e) => codeOf(e) === 'NotAuthorizedException');
    await assert.rejects(credentialsFor(t.backend, idToken), (e) => codeOf(e) === 'NotAuthorizedException');
  });

  it('a sign-in right after GlobalSignOut (the same second) gets tokens that work', async () => {
    // Found through the element: tokens issued within a second of signing out everywhere were refused.
    const { pool, email, session } = await newSignedInUser(t.backend, 'again');
    assert.equal((await call('GlobalSignOut', { AccessToken: session.getAccessToken().getJwtToken() })).__type, undefined);
    const { session: fresh } = await signIn(pool, email, PASSWORD);
    assert.equal((await call('GetUser', { AccessToken: fresh.getAccessToken().getJwtToken() })).__type, undefined, 'the new access token works');
    await credentialsFor(t.backend, fresh.getIdToken().getJwtToken());
    assert.equal((await call('GetUser', { AccessToken: session.getAccessToken().getJwtToken() })).__type, 'NotAuthorizedException', 'the old one still does not');
  });

  it('DeleteUser with the user\'s own access token: the account is gone, its tokens buy nothing, its email can sign up again', async () => {
    const { pool, email, user, session } = await newSignedInUser(t.backend, 'leaving');
    const idToken = session.getIdToken().getJwtToken();
    await credentialsFor(t.backend, idToken);
    await new Promise<void>((resolve, reject) => user.deleteUser((error) => (error ? reject(error) : resolve())));
    await assert.rejects(signIn(pool, email, PASSWORD), (e) => codeOf(e) === 'NotAuthorizedException', 'no such account, said as a wrong password');
    await assert.rejects(credentialsFor(t.backend, idToken), (e) => codeOf(e) === 'NotAuthorizedException', 'the old id token buys no credentials');
    assert.equal((await call('GetUser', { AccessToken: session.getAccessToken().getJwtToken() })).__type, 'NotAuthorizedException');
    assert.equal((await call('DeleteUser', { AccessToken: 'not a token' })).__type, 'NotAuthorizedException');
    await signUp(pool, email, PASSWORD);
  });

  it('a user an administrator created signs in with the emailed temporary password and must choose a new one (NEW_PASSWORD_REQUIRED)', async () => {
    const pool = userPool(t.backend);
    const email = uniqueEmail('invited');
    assert.equal((await call('AdminCreateUser', { UserPoolId: t.backend.config.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }] })).__type, 'UnrecognizedClientException', 'only with the admin token');
    const created = await call('AdminCreateUser', { UserPoolId: t.backend.config.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }] }, true);
    assert.equal((created.User as { UserStatus: string }).UserStatus, 'FORCE_CHANGE_PASSWORD');
    const temporary = await latestCode(t.backend, email);
    const user = new CognitoUser({ Username: email, Pool: pool });
    // Sign-in with the temporary password answers with the challenge, not tokens.
    const challenged = await new Promise<Record<string, string>>((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: email, Password: temporary }), {
        onSuccess: () => reject(new Error('signed in without a new password')),
        onFailure: reject,
        newPasswordRequired: (attributes: Record<string, string>) => resolve(attributes),
      }),
    );
    assert.equal(challenged.email, email);
    const complete = (password: string) =>
      new Promise<CognitoUserSession>((resolve, reject) => user.completeNewPasswordChallenge(password, {}, { onSuccess: resolve, onFailure: reject }));
    await assert.rejects(complete('weak'), (e) => codeOf(e) === 'InvalidPasswordException', 'the pool\'s rules apply');
    const session = await complete(PASSWORD);
    assert.ok(session.getIdToken().getJwtToken());
    await signIn(pool, email, PASSWORD);
    await assert.rejects(signIn(pool, email, temporary), (e) => codeOf(e) === 'NotAuthorizedException', 'the temporary password is gone');
  });
});
