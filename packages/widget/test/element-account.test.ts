// The account in real Chromium against the real local backend: two-step sign-in with an
// authenticator app whose codes come from an independent TOTP implementation (otpauth) and
// whose QR code is read back by an independent decoder (jsQR); the required mode's set-up at
// first sign-in; a new password; signing out everywhere; deleting the account and every file.
// Each new screen passes axe and is photographed (test/looks.ts).
import { expect } from '@open-wc/testing';
import { CognitoIdentityClient, GetCredentialsForIdentityCommand, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import jsQRModule from 'jsqr';
import * as OTPAuth from 'otpauth';
import '../src/secure-uploader.js';
import type { SecureUploaderElement } from '../src/secure-uploader.js';
import { $, backendConfig, clickButton, dropFiles, imageFile, keptIdToken, latestCode, mount, PASSWORD, pdfFile, record, signUpAndIn, submitForm, text, uniqueEmail, userS3, waitFor, type BackendConfig } from './helpers.js';
import { looks } from './looks.js';
import { elementFixture } from './setup-errors.js';

// jsQR is CommonJS: its function may come as the default export or under `default` again.
const jsQR = ((jsQRModule as unknown as { default?: typeof jsQRModule }).default ?? jsQRModule) as typeof jsQRModule;

const STEP = 30_000;
const stepNow = () => Math.floor(Date.now() / STEP);

/**
 * A phone's authenticator app. Each code is good once, so every code given is of a later time
 * step than the last: the one before now, now, or the one after (the backend accepts one step
 * either way, as Cognito does), waiting for time to move on when all three are spent. A code
 * that must still be accepted half a minute later (to be replayed and refused as used, not as
 * out of date) is asked for as `next({ lasting: true })`: never of the step before now.
 */
function authenticator(secret: string) {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  let last = -Infinity;
  return {
    async next({ lasting = false } = {}): Promise<string> {
      for (;;) {
        const step = Math.max(last + 1, stepNow() - (lasting ? 0 : 1));
        if (step <= stepNow() + 1) {
          last = step;
          return totp.generate({ timestamp: step * STEP });
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    },
    /** The code given last (already used). */
    used: () => totp.generate({ timestamp: last * STEP }),
    /** A code that is none of the steps the backend accepts now. */
    wrong: () => {
      const accepted = [-1, 0, 1].map((d) => totp.generate({ timestamp: (stepNow() + d) * STEP }));
      return ['000000', '111111', '222222', '333333'].find((code) => !accepted.includes(code))!;
    },
  };
}

/** Reads the QR code the element drew, as a phone's camera would: rendered to pixels, then decoded. */
async function readQrCode(el: SecureUploaderElement): Promise<string> {
  const drawn = await waitFor(() => $(el, 'svg[part~="qr-code"]'), 'the QR code');
  const markup = new XMLSerializer().serializeToString(drawn);
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
  await image.decode();
  const canvas = new OffscreenCanvas(400, 400);
  const context = canvas.getContext('2d')!;
  context.drawImage(image, 0, 0, 400, 400);
  const pixels = context.getImageData(0, 0, 400, 400);
  const found = jsQR(pixels.data, 400, 400);
  if (!found) throw new Error('the QR code does not decode');
  return found.data;
}

/** Opens the account screen and waits for the user pool's answer about two-step sign-in. */
async function openAccount(el: SecureUploaderElement) {
  clickButton(el, 'Account');
  await waitFor(() => $(el, '[part~="app-status"]') && !/Checking/.test(text(el)), 'the account screen');
}

/** Signs in, answering with an app's code when asked. */
async function signIn(el: SecureUploaderElement, email: string, password = PASSWORD) {
  await submitForm(el, 'sign-in', { email, password });
}

describe('<secure-uploader> account', () => {
  const fixture = elementFixture<SecureUploaderElement>();

  it('turns two-step sign-in on with a scanned QR code, asks for a code at sign-in (wrong and replayed codes refused), and off with password and code', async function (this: Mocha.Context) {
    // Three codes after the one that turned it on, each of a later 30-second step than the last,
    // and the backend takes at most the step after now: up to a minute is spent waiting for
    // time to move on (a CI run hit the suite's 60 s limit so), on top of the steps themselves.
    this.timeout(150_000);
    const el = (fixture.el = await mount());
    const events = record(el, ['su-mfa-changed', 'su-signed-in', 'su-error']);
    const email = await signUpAndIn(el, uniqueEmail('mfa'));
    await openAccount(el);
    expect(text(el)).to.contain('Off: signing in asks only for your password.');
    await looks(el, 'account');

    clickButton(el, 'Turn on');
    const uri = new URL(await readQrCode(el));
    const shownSecret = $(el, '[part~="secret"]')!.textContent!.replace(/\s/g, '');
    expect(uri.protocol).to.equal('otpauth:');
    expect(uri.host).to.equal('totp');
    expect(decodeURIComponent(uri.pathname)).to.equal(`/${location.hostname}:${email}`);
    expect(uri.searchParams.get('secret')).to.equal(shownSecret, 'the QR code and the text give the same key');
    expect(uri.searchParams.get('issuer')).to.equal(location.hostname);
    await looks(el, 'account-app-setup');
    const app = authenticator(shownSecret);

    await submitForm(el, 'app-setup', { code: app.wrong() });
    await waitFor(() => /That code is not right/.test(text(el)), 'a wrong first code refused');
    expect(events.filter((e) => e.type === 'su-mfa-changed')).to.have.length(0);
    // Of this time step, so replaying it moments later is refused for having been used, not for its age.
    await submitForm(el, 'app-setup', { code: await app.next({ lasting: true }) });
    await waitFor(() => /Two-step sign-in is on/.test(text(el)), 'turned on');
    expect(events.filter((e) => e.type === 'su-mfa-changed').map((e) => e.detail)).to.deep.equal([{ enabled: true }]);
    expect(text(el)).to.contain('On: signing in asks for your password and a code');

    // Sign-in now asks for a code.
    clickButton(el, 'Sign out');
    await signIn(el, email);
    await waitFor(() => $(el, 'form[part~="app-code"]'), 'the code screen');
    expect(text(el)).to.contain('Enter your code');
    await submitForm(el, 'app-code', { code: app.used() });
    await waitFor(() => /That code was used already/.test(text(el)), 'the code that turned it on, replayed, refused');
    await submitForm(el, 'app-code', { code: app.wrong() });
    await waitFor(() => /That code is not right/.test(text(el)), 'a wrong code refused');
    await looks(el, 'sign-in-app-code');
    expect($(el, '[part~="dropzone"]')).to.equal(null, 'not signed in by a wrong or replayed code');
    await submitForm(el, 'app-code', { code: await app.next() });
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in with a current code');

    // Off: the password and a current code, both checked again.
    await openAccount(el);
    clickButton(el, 'Turn off');
    await waitFor(() => $(el, 'form[part~="app-off"]'), 'the turn-off form');
    await looks(el, 'account-app-off');
    await submitForm(el, 'app-off', { password: 'Not-The-Password-1', code: await app.next() });
    await waitFor(() => /Wrong email or password/.test(text(el)), 'a wrong password refused');
    expect(text(el)).to.not.contain('Two-step sign-in is off');
    await submitForm(el, 'app-off', { password: PASSWORD, code: await app.next() });
    await waitFor(() => /Two-step sign-in is off/.test(text(el)), 'turned off');
    expect(events.filter((e) => e.type === 'su-mfa-changed').map((e) => e.detail)).to.deep.equal([{ enabled: true }, { enabled: false }]);

    clickButton(el, 'Sign out');
    await signIn(el, email);
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in with the password alone');
  });

  it('makes a new account set up an authenticator app at its first sign-in when the pool requires one', async () => {
    const config = (await (await fetch('/_test/config-mfa-required.json')).json()) as BackendConfig;
    expect(config.mfa).to.equal('required');
    const el = (fixture.el = await mount({ config: '/_test/config-mfa-required.json' }));
    const email = uniqueEmail('required');
    clickButton(el, 'Create an account');
    await submitForm(el, 'sign-up', { email, password: PASSWORD });
    await waitFor(() => $(el, 'form[part~="confirm"]'), 'the confirm screen');
    await submitForm(el, 'confirm', { code: await latestCode(config, email) });
    await waitFor(() => /confirmed/.test(text(el)), 'confirmed');
    await signIn(el, email);
    await waitFor(() => $(el, 'form[part~="app-setup"]'), 'the set-up screen at sign-in').catch((error: Error) => {
      throw new Error(`${error.message}: ${text(el)}`);
    });
    const secret = new URL(await readQrCode(el)).searchParams.get('secret')!;
    expect($(el, '[part~="secret"]')!.textContent!.replace(/\s/g, '')).to.equal(secret);
    await looks(el, 'sign-in-app-setup');
    const app = authenticator(secret);
    await submitForm(el, 'app-setup', { code: app.wrong() });
    await waitFor(() => /That code is not right/.test(text(el)), 'a wrong first code refused');
    await submitForm(el, 'app-setup', { code: await app.next() });
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in once the app is set up');

    // Required: the account screen says so and offers no way to turn it off.
    await openAccount(el);
    expect(text(el)).to.contain('This site requires it for every account.');
    expect([...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim())).to.not.include('Turn off');
    clickButton(el, 'Sign out');
    await signIn(el, email);
    await waitFor(() => $(el, 'form[part~="app-code"]'), 'the code asked for from now on');
    await submitForm(el, 'app-code', { code: await app.next() });
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in');
  });

  it('changes the password, then signs out everywhere: the old tokens no longer get credentials', async () => {
    const config = await backendConfig();
    const el = (fixture.el = await mount());
    const events = record(el, ['su-password-changed', 'su-signed-out-everywhere', 'su-signed-out']);
    const email = await signUpAndIn(el, uniqueEmail('settings'));
    await openAccount(el);
    clickButton(el, 'Change password');
    await waitFor(() => $(el, 'form[part~="change-password"]'), 'the password form');
    await looks(el, 'account-password');
    const newPassword = 'Another-Secret-7';
    await submitForm(el, 'change-password', { current: 'Not-The-Password-1', password: newPassword });
    await waitFor(() => /Wrong email or password/.test(text(el)), 'a wrong current password refused');
    await submitForm(el, 'change-password', { current: PASSWORD, password: 'weak' });
    await waitFor(() => /does not meet the rules/.test(text(el)), 'the pool\'s rules');
    await submitForm(el, 'change-password', { current: PASSWORD, password: newPassword });
    await waitFor(() => /Your password was changed/.test(text(el)), 'changed');
    expect(events.map((e) => e.type)).to.deep.equal(['su-password-changed']);

    const oldToken = keptIdToken()!;
    const identity = new CognitoIdentityClient({ region: config.region, endpoint: config.endpoint });
    const logins = { [`cognito-idp.${config.region}.amazonaws.com/${config.userPoolId}`]: oldToken };
    const { IdentityId } = await identity.send(new GetIdCommand({ IdentityPoolId: config.identityPoolId, Logins: logins }));
    await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins })); // works before

    clickButton(el, 'Sign out everywhere');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'back to sign-in');
    expect(text(el)).to.contain('You were signed out on every device.');
    expect(events.map((e) => e.type)).to.deep.equal(['su-password-changed', 'su-signed-out-everywhere', 'su-signed-out']);
    expect(keptIdToken()).to.equal(undefined, 'nothing kept in this browser');
    let refused = '';
    await identity.send(new GetCredentialsForIdentityCommand({ IdentityId, Logins: logins })).catch((error: Error) => (refused = error.name));
    expect(refused).to.equal('NotAuthorizedException', 'the identity pool refuses the tokens issued before');

    await signIn(el, email, PASSWORD);
    await waitFor(() => /Wrong email or password/.test(text(el)), 'the old password refused');
    await signIn(el, email, newPassword);
    await waitFor(() => $(el, '[part~="dropzone"]'), 'signed in with the new password');
  });

  it('deletes the account: every object of the identity at every level, then the user; another user\'s files stay', async () => {
    const config = await backendConfig();
    const objects = async (prefix: string) => (await (await fetch(`${config.endpoint}/_local/objects?prefix=${encodeURIComponent(prefix)}&token=${config.adminToken}`)).json()) as { key: string }[];

    // Another user's files, which must stay.
    let el = (fixture.el = await mount());
    const otherEmail = await signUpAndIn(el, uniqueEmail('neighbour'));
    const other = await userS3(config);
    await other.s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: `private/${other.identityId}/keep.txt`, Body: 'mine' }));
    clickButton(el, 'Sign out');
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'signed out');
    el.remove();

    // The user who leaves: files at every level, an image with its preview, a folder.
    el = fixture.el = await mount();
    const events = record(el, ['su-account-deleted', 'su-signed-out', 'su-upload-success']);
    const email = await signUpAndIn(el, uniqueEmail('leaving'));
    dropFiles(el, [await imageFile('Beach.png', 'image/png'), pdfFile('Notes.pdf')]);
    await waitFor(() => text(el).includes('Upload 2 files'), 'the files in the queue');
    clickButton(el, 'Upload 2 files');
    await waitFor(() => events.filter((e) => e.type === 'su-upload-success').length === 2, 'two private uploads');
    const { s3, identityId } = await userS3(config);
    for (const level of ['protected', 'public']) await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: `${level}/${identityId}/Trip/${level}.txt`, Body: level }));
    const everything = async () => [...(await objects(`private/${identityId}/`)), ...(await objects(`protected/${identityId}/`)), ...(await objects(`public/${identityId}/`))];
    // The image's preview is stored beside it once made.
    let before = await everything();
    for (let tries = 0; before.length < 5 && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      before = await everything();
    }
    expect(before.some((o) => o.key.includes('/.previews/'))).to.equal(true, 'the image\'s preview is stored');
    expect(before.length).to.equal(5, 'four files and one preview');

    await openAccount(el);
    clickButton(el, 'Delete account');
    await waitFor(() => $(el, 'form[part~="delete-account"]'), 'the delete form');
    await looks(el, 'account-delete');
    await submitForm(el, 'delete-account', { confirm: 'someone.else@example.com' });
    await waitFor(() => /Type your email address exactly/.test(text(el)), 'a wrong confirmation refused');
    expect((await objects(`private/${identityId}/`)).length).to.be.greaterThan(0, 'nothing deleted yet');
    await submitForm(el, 'delete-account', { confirm: email.toUpperCase() });
    await waitFor(() => events.some((e) => e.type === 'su-account-deleted'), 'the account deleted', 30_000);
    const deleted = events.find((e) => e.type === 'su-account-deleted')!.detail;
    expect(deleted).to.deep.equal({ email, identityId, files: 4, objects: before.length });
    await waitFor(() => $(el, 'form[part~="sign-in"]'), 'back to sign-in');
    expect(text(el)).to.contain('Your account and the 4 files you stored were deleted.');
    await looks(el, 'account-deleted');

    for (const level of ['private', 'protected', 'public']) expect(await objects(`${level}/${identityId}`)).to.deep.equal([], `nothing left under ${level}/`);
    await signIn(el, email);
    await waitFor(() => /Wrong email or password/.test(text(el)), 'the user is gone');
    expect((await objects(`private/${other.identityId}/`)).map((o) => o.key)).to.deep.equal([`private/${other.identityId}/keep.txt`], 'the other user\'s file stays');
    await signIn(el, otherEmail);
    await waitFor(() => /keep\.txt/.test(text(el)), 'the other user still signs in and sees their file');
  });
});
