import { expect } from '@open-wc/testing';
import { CredentialsSource } from '../src/transport/identity-pool.js';
import { UserPoolClient } from '../src/transport/user-pool.js';
import { backendConfig, latestCode, PASSWORD, uniqueEmail } from './helpers.js';

describe('identity-pool credentials', () => {
  before(() => {
    localStorage.clear();
    sessionStorage.clear();
  });

  it('are cached, and fetched again shortly before they expire (the test backend issues 20-second credentials)', async () => {
    const config = await backendConfig();
    const users = new UserPoolClient({ userPoolId: config.userPoolId, userPoolClientId: config.userPoolClientId, endpoint: config.endpoint });
    const email = uniqueEmail('credentials');
    await users.signUp(email, PASSWORD);
    await users.confirmSignUp(email, await latestCode(config, email));
    const signedIn = await users.signIn(email, PASSWORD);
    if (!('session' in signedIn)) throw new Error('a new user got a new-password question');
    const { session } = signedIn;
    let tokenRequests = 0;
    const source = new CredentialsSource(config, async () => {
      tokenRequests++;
      return session.idToken;
    });
    const [first, concurrent] = await Promise.all([source.get(), source.get()]);
    expect(concurrent).to.equal(first, 'concurrent callers share one request');
    expect(tokenRequests).to.equal(1);
    expect(await source.get()).to.equal(first, 'cached');
    const lifetime = first.expiration.getTime() - Date.now();
    expect(lifetime).to.be.within(10_000, 21_000);
    // Within the last quarter of their life, credentials are renewed before anyone is refused.
    await new Promise((r) => setTimeout(r, lifetime - 4_000));
    const second = await source.get();
    expect(second.accessKeyId).to.not.equal(first.accessKeyId);
    expect(second.expiration.getTime()).to.be.greaterThan(first.expiration.getTime());
    expect(await source.getIdentityId()).to.match(/^us-east-1:/);
    await users.signOut();
  });
});
