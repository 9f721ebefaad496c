/**
 * The demo as a new user meets it: `npm start`'s own script brings up the local backend and the
 * demo page; Chromium (Debian's, driven by playwright-core) walks from sign-up to download and
 * delete. A screenshot of each screen is kept in test-results/demo/.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { freePort } from '../../scripts/serve-demo.mjs';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const shots = join(repo, 'test-results', 'demo');

describe('the demo served by npm start', () => {
  let start: ChildProcess;
  let browser: Browser;
  let page: Page;
  let demoUrl: string;
  let backendUrl: string;
  let outboxUrl: string;
  let dataDir: string;
  let output = '';
  const violations: string[] = [];
  const pageErrors: string[] = [];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'su-demo-'));
    await mkdir(shots, { recursive: true });
    const [demoPort, awsPort] = [await freePort(), await freePort()];
    start = spawn(process.execPath, [join(repo, 'scripts/start.mjs')], {
      cwd: repo,
      env: { ...process.env, DEMO_PORT: String(demoPort), LOCAL_AWS_PORT: String(awsPort), LOCAL_AWS_DATA: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start.stderr!.on('data', (chunk) => (output += chunk));
    await new Promise<void>((resolve, reject) => {
      start.stdout!.on('data', (chunk) => {
        output += chunk;
        if (/Ctrl-C stops everything/.test(output)) resolve();
      });
      start.on('exit', (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
    });
    demoUrl = /demo\s+(http:\/\/\S+)/.exec(output)![1]!;
    backendUrl = /local backend\s+(http:\/\/\S+)/.exec(output)![1]!;
    // npm start prints where the emails are, with the token that keeps other pages out.
    outboxUrl = /emails\s+(http:\/\/\S+)/.exec(output)![1]!;
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 900, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => (window as unknown as { reportViolation(t: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`));
    });
  });

  after(async () => {
    await browser?.close();
    start?.kill('SIGINT');
    await new Promise((resolve) => (start.exitCode !== null ? resolve(null) : start.once('exit', resolve)));
    await rm(dataDir, { recursive: true, force: true });
  });

  it('takes a new user from sign-up to upload, download and delete, under a strict CSP', async () => {
    const email = `demo.${Date.now()}@example.com`;
    const password = 'Demo-Password-1';
    const uploader = page.locator('secure-uploader');

    await page.goto(demoUrl);
    await uploader.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: join(shots, '01-sign-in.png') });

    await uploader.getByRole('button', { name: 'Create an account' }).click();
    await uploader.getByLabel('Email').fill(email);
    await uploader.getByLabel('Password').fill(password);
    await page.screenshot({ path: join(shots, '02-sign-up.png') });
    await uploader.getByRole('button', { name: 'Create account' }).click();

    await uploader.getByLabel('Code').waitFor();
    await page.screenshot({ path: join(shots, '03-confirm.png') });
    const outbox = (await (await fetch(`${outboxUrl}&to=${encodeURIComponent(email)}`)).json()) as { code: string }[];
    await uploader.getByLabel('Code').fill(outbox.at(-1)!.code);
    await uploader.getByRole('button', { name: 'Confirm' }).click();

    await uploader.getByText('Your email is confirmed').waitFor();
    await uploader.getByLabel('Password').fill(password);
    await page.screenshot({ path: join(shots, '04-sign-in-after-confirm.png') });
    await uploader.getByRole('button', { name: 'Sign in' }).click();
    await uploader.getByText(`Signed in as ${email}`).waitFor();
    await uploader.getByText('No files yet').waitFor();
    await page.screenshot({ path: join(shots, '05-signed-in.png') });

    const files = join(dataDir, 'upload');
    await mkdir(files);
    const photo = await readFile(join(repo, 'demo', 'test', 'fixtures', 'photo.png'));
    await writeFile(join(files, 'Holiday photo.png'), photo);
    await writeFile(join(files, 'Notes – 2026.pdf'), '%PDF-1.4\n%%EOF\n');
    const chooser = page.waitForEvent('filechooser');
    await uploader.getByRole('button', { name: 'Choose files' }).click();
    await (await chooser).setFiles([join(files, 'Holiday photo.png'), join(files, 'Notes – 2026.pdf')]);
    await uploader.getByText('Uploaded').nth(1).waitFor();
    const myFiles = uploader.getByRole('list', { name: 'My files' });
    await myFiles.getByText('Holiday photo.png').waitFor();
    await myFiles.getByText('Notes – 2026.pdf').waitFor();
    await myFiles.locator('img[part~="thumbnail"]').waitFor();
    await page.screenshot({ path: join(shots, '06-uploaded.png'), fullPage: true });

    const row = myFiles.getByRole('listitem').filter({ hasText: 'Holiday photo.png' });
    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: 'Download' }).click();
    const saved = await download;
    assert.equal(saved.suggestedFilename(), 'Holiday photo.png');
    const digest = (data: Buffer) => createHash('sha256').update(data).digest('hex');
    assert.equal(digest(await readFile((await saved.path())!)), digest(photo));

    const pdfRow = myFiles.getByRole('listitem').filter({ hasText: 'Notes – 2026.pdf' });
    await pdfRow.getByRole('button', { name: 'Delete' }).click();
    await pdfRow.getByText('Delete this file?').waitFor();
    await page.screenshot({ path: join(shots, '07-confirm-delete.png'), fullPage: true });
    await pdfRow.getByRole('button', { name: 'Delete' }).click();
    await pdfRow.waitFor({ state: 'detached' });
    await page.screenshot({ path: join(shots, '08-after-delete.png'), fullPage: true });

    await uploader.getByRole('button', { name: 'Sign out' }).click();
    await uploader.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.screenshot({ path: join(shots, '09-signed-out.png') });

    assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
    assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
  });

  /** The element inside a framework's app: the app sets its attributes and hears its events. */
  async function embedsIn(framework: 'Vue' | 'React', path: string) {
    const email = `${framework.toLowerCase()}.${Date.now()}@example.com`;
    const password = 'Framework-Password-1';
    // An account made through the user pool's API, as another app of the site might have.
    const call = (operation: string, body: object) =>
      fetch(backendUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, 'x-local-token': new URL(outboxUrl).searchParams.get('token')! },
        body: JSON.stringify(body),
      });
    const config = (await (await fetch(`${backendUrl}/_local/config`)).json()) as { userPoolId: string; userPoolClientId: string };
    assert.equal((await call('SignUp', { ClientId: config.userPoolClientId, Username: email, Password: password, UserAttributes: [{ Name: 'email', Value: email }] })).status, 200);
    assert.equal((await call('AdminConfirmSignUp', { UserPoolId: config.userPoolId, Username: email })).status, 200);

    const context = await browser.newContext();
    const appPage = await context.newPage();
    const problems: string[] = [];
    appPage.on('console', (message) => /Content Security Policy/.test(message.text()) && problems.push(message.text()));
    appPage.on('pageerror', (error) => problems.push(error.message));
    await appPage.goto(`${demoUrl}${path}`);
    const uploader = appPage.locator('secure-uploader');
    await uploader.getByLabel('Email').fill(email);
    await uploader.getByLabel('Password').fill(password);
    await uploader.getByRole('button', { name: 'Sign in' }).click();
    await appPage.getByText(`${framework} knows you are ${email}.`).waitFor();
    const chooser = appPage.waitForEvent('filechooser');
    await uploader.getByRole('button', { name: 'Choose files' }).click();
    const name = `from-${framework.toLowerCase()}.txt`;
    await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(`hello from ${framework}`) });
    await appPage.locator('#uploaded li', { hasText: name }).waitFor();
    await appPage.screenshot({ path: join(shots, `10-${framework.toLowerCase()}.png`), fullPage: true });
    assert.deepEqual(problems, []);
    await context.close();
  }

  it('works inside a Vue 3 app: Vue sets its attributes and hears its events', () => embedsIn('Vue', '/vue/'));

  it('works inside a React 19 app: React sets its attributes and hears its events', () => embedsIn('React', '/react/'));
});
