import { expect } from '@open-wc/testing';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, backendConfig, clickButton, dropFiles, latestCode, mount, PASSWORD, pdfFile, record, signUpAndIn, submitForm, text, uniqueEmail, waitFor } from './helpers.js';
import { elementFixture } from './setup-errors.js';
import { looks } from './looks.js';

describe('<secure-uploader> sign-in', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('a new user signs up, confirms with the emailed code, signs in; a reload keeps the session; sign-out ends it', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    const events = record(el, ['su-signed-in', 'su-signed-out']);
    const email = await signUpAndIn(el);
    await waitFor(() => events.some((e) => e.type === 'su-signed-in'), 'su-signed-in');
    const signedIn = events.find((e) => e.type === 'su-signed-in')!.detail;
    expect(signedIn.email).to.equal(email);
    expect(String(signedIn.identityId)).to.match(/^us-east-1:[0-9a-f-]{36}$/);
    expect(text(el)).to.contain(`Signed in as ${email}`);

    // A reload: a new element on the same page storage resumes the session without a password.
    el.remove();
    let again: ReturnType<typeof record> = [];
    el = fixture.el = await mount({}, (fresh) => (again = record(fresh, ['su-signed-in', 'su-signed-out'])));
    await waitFor(() => again.some((e) => e.type === 'su-signed-in'), 'the session to resume');
    expect(again[0]!.detail.identityId).to.equal(signedIn.identityId);

    clickButton(el, 'Sign out');
    await waitFor(() => again.some((e) => e.type === 'su-signed-out'), 'su-signed-out');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'the sign-in form');
    el.remove();
    el = fixture.el = await mount();
    expect($(el, 'form[part~="sign-in"]')).to.exist;
  });

  it('keeps the sign-in where keep-session says: this tab by default, the browser when asked, nowhere for memory', async () => {
    const cognitoKeys = (store: Storage) => Object.keys(store).filter((k) => k.startsWith('CognitoIdentityServiceProvider.'));
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    const email = await signUpAndIn(el);
    await waitFor(() => text(el).includes(`Signed in as ${email}`), 'signed in');
    expect(cognitoKeys(sessionStorage).some((k) => k.endsWith('.refreshToken'))).to.equal(true, 'by default: this tab only');
    expect(cognitoKeys(localStorage)).to.deep.equal([], 'nothing another tab, or next month, can pick up');

    // The browser: localStorage; choosing it moves nothing, so the visitor signs in once more.
    el.remove();
    el = fixture.el = await mount({ 'keep-session': 'browser' });
    expect(cognitoKeys(sessionStorage)).to.deep.equal([], 'the tab\'s copy is forgotten when the element keeps sessions elsewhere');
    await submitForm(el, 'sign-in', { email, password: PASSWORD });
    await waitFor(() => text(el).includes(`Signed in as ${email}`), 'signed in again');
    expect(cognitoKeys(localStorage).some((k) => k.endsWith('.refreshToken'))).to.equal(true, 'kept for every tab');

    // Memory: nothing in web storage at all, and the longer-lived copy is removed.
    el.remove();
    el = fixture.el = await mount({ 'keep-session': 'memory' });
    expect(cognitoKeys(localStorage)).to.deep.equal([]);
    await submitForm(el, 'sign-in', { email, password: PASSWORD });
    await waitFor(() => text(el).includes(`Signed in as ${email}`), 'signed in in memory');
    expect([...cognitoKeys(localStorage), ...cognitoKeys(sessionStorage)]).to.deep.equal([]);
    // Uploads work with a session held only in memory.
    const uploaded = record(el, ['su-upload-success']);
    await waitFor(() => $(el, '[part~="dropzone"]'), 'the drop zone');
    dropFiles(el, [pdfFile('memory.pdf')]);
    await waitFor(() => text(el).includes('Upload 1 file'), 'the file in the queue');
    clickButton(el, 'Upload 1 file');
    await waitFor(() => uploaded.length === 1, 'the upload');
  });

  it('an account an administrator created signs in with the emailed temporary password, then chooses its own', async () => {
    const config = await backendConfig();
    const email = uniqueEmail('invited');
    const created = await fetch(`${config.endpoint}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminCreateUser', 'x-local-token': config.adminToken },
      body: JSON.stringify({ UserPoolId: config.userPoolId, Username: email, UserAttributes: [{ Name: 'email', Value: email }] }),
    });
    expect(created.status).to.equal(200);
    const el = (fixture.el = await mount());
    const events = record(el, ['su-signed-in']);
    await submitForm(el, 'sign-in', { email, password: await latestCode(config, email) });
    await waitFor(() => $(el, 'form[part~="new-password"]'), 'the new-password screen');
    expect(text(el)).to.contain('Your administrator created this account. Choose your password to finish signing in.');
    await looks(el, 'sign-in-new-password');
    await submitForm(el, 'new-password', { password: 'weak' });
    await waitFor(() => /does not meet the rules/.test(text(el)), 'the pool\'s rules, in words');
    await submitForm(el, 'new-password', { password: PASSWORD });
    await waitFor(() => events.length === 1, 'signed in');
    expect(events[0]!.detail.email).to.equal(email);
    // From now on the chosen password signs in.
    clickButton(el, 'Sign out');
    await submitForm(el, 'sign-in', { email, password: PASSWORD });
    await waitFor(() => events.length === 2, 'signed in with the chosen password');
  });

  it('shows the pool\'s password rules as the user types', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    clickButton(el, 'Create an account');
    const rules = () => [...el.shadowRoot!.querySelectorAll('[part~="password-rules"] li')].map((li) => `${li.getAttribute('data-rule')}:${li.classList.contains('met')}`);
    await waitFor(() => rules().length === 5, 'the rules');
    expect(rules()).to.deep.equal(['length:false', 'lowercase:false', 'uppercase:false', 'number:false', 'symbol:false']);
    const input = $<HTMLInputElement>(el, 'form[part~="sign-up"] input[name="password"]')!;
    input.value = 'abcD1';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await el.updateComplete;
    expect(rules()).to.deep.equal(['length:false', 'lowercase:true', 'uppercase:true', 'number:true', 'symbol:false']);
  });

  it('a weak password, a taken email, a wrong password and a wrong code each get a message in plain words', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    const errorEvents = record(el, ['su-error']);
    clickButton(el, 'Create an account');
    await submitForm(el, 'sign-up', { email: uniqueEmail('weak'), password: 'short' });
    await waitFor(() => $(el, '[part~="error"]'), 'an error');
    expect(text(el)).to.contain('That password does not meet the rules below');

    const email = uniqueEmail('taken');
    await submitForm(el, 'sign-up', { email, password: PASSWORD });
    await waitFor(() => $(el, 'form[part~="confirm"]'), 'the confirm screen');
    await submitForm(el, 'confirm', { code: '000000' });
    await waitFor(() => /That code is not right/.test(text(el)), 'the wrong-code message');
    clickButton(el, 'Back to sign in');
    await submitForm(el, 'sign-in', { email, password: 'Wrong-Password-1' });
    await waitFor(() => /Wrong email or password/.test(text(el)), 'the wrong-password message');
    await submitForm(el, 'sign-in', { email, password: PASSWORD });
    await waitFor(() => /not confirmed yet/.test(text(el)) && $(el, 'form[part~="confirm"]'), 'the not-confirmed message');
    clickButton(el, 'Send a new code');
    await waitFor(() => /We sent a new code/.test(text(el)), 'the resend notice');
    await submitForm(el, 'confirm', { code: await latestCode(await backendConfig(), email) });
    await waitFor(() => /confirmed/.test(text(el)), 'confirmation');
    clickButton(el, 'Create an account');
    await submitForm(el, 'sign-up', { email, password: PASSWORD });
    await waitFor(() => /already exists/.test(text(el)), 'the email-taken message');
    expect(errorEvents.map((e) => e.detail.code)).to.include.members(['weak-password', 'wrong-code', 'wrong-credentials', 'not-confirmed', 'email-taken']);
  });

  it('resets a forgotten password with the emailed code', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount();
    const email = await signUpAndIn(el);
    clickButton(el, 'Sign out');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'the sign-in form');
    clickButton(el, 'Forgot your password?');
    await submitForm(el, 'forgot', { email });
    await waitFor(() => $(el, 'form[part~="reset"]'), 'the reset form');
    await submitForm(el, 'reset', { code: await latestCode(await backendConfig(), email), password: 'Brand-New-Pass-7' });
    await waitFor(() => /password was changed/.test(text(el)), 'the changed notice');
    await submitForm(el, 'sign-in', { email, password: 'Brand-New-Pass-7' });
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in with the new password');
  });
});

describe('<secure-uploader> long sessions', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('outlives its tokens (30 s in the test backend): uploads still work, and a reload still resumes the session', async () => {
    let el: SecureUploaderElement;
    el = fixture.el = await mount({ 'auto-upload': '' });
    await signUpAndIn(el);
    await new Promise((r) => setTimeout(r, 32_000));
    const events = record(el, ['su-upload-success', 'su-upload-error', 'su-error']);
    dropFiles(el, [pdfFile('after-expiry.pdf')]);
    await waitFor(() => events.length > 0, 'the upload');
    expect(events.map((e) => e.type)).to.deep.equal(['su-upload-success']);
    el.remove();
    let resumed: ReturnType<typeof record> = [];
    el = fixture.el = await mount({}, (fresh) => (resumed = record(fresh, ['su-signed-in'])));
    await waitFor(() => resumed.length === 1, 'the session to resume with the refresh token');
  });
});
