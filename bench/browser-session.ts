/**
 * What the browser benchmarks share: the element built, a local backend whose CORS allows the
 * page, the demo page served, Chromium (Debian's, through playwright-core) on it, and a new user
 * signed in through the element itself.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { newSignedInUser, PASSWORD, startTestBackend, type TestBackend } from '../packages/backend/test/local/harness.js';
import { chromiumArgs, chromiumPath } from '../scripts/chromium.mjs';
import { freePort, serveDemo } from '../scripts/serve-demo.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BrowserSession {
  t: TestBackend;
  page: Page;
  /** The browser, for browser-wide DevTools sessions (its processes, tracing). */
  browser: Browser;
  /** The signed-in user's id token, for clients the benchmark runs beside the page. */
  idToken: string;
  close(): Promise<void>;
}

/** Opens the demo page signed in as a new user; `autoUpload` keeps or drops the demo's attribute. */
export async function openSignedInPage(options: { autoUpload: boolean; extraArgs?: string[] }): Promise<BrowserSession> {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
  const pagePort = await freePort();
  const origin = `http://127.0.0.1:${pagePort}`;
  const t = await startTestBackend({ context: { allowedOrigins: origin } });
  const demo = await serveDemo({ port: pagePort, config: () => t.backend.config });
  const browser: Browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumArgs, ...(options.extraArgs ?? [])],
  });
  const close = async () => {
    await browser.close();
    demo.close();
    await t.stop();
  };
  try {
    const { email, session } = await newSignedInUser(t.backend, 'bench');
    const page = await browser.newPage();
    // tsx keeps function names with a __name helper that page.evaluate's copies of them call.
    await page.addInitScript({ content: 'window.__name = (f) => f;' });
    await page.goto(origin);
    if (!options.autoUpload) await page.evaluate(() => document.querySelector('secure-uploader')!.removeAttribute('auto-upload'));
    const uploader = page.locator('secure-uploader');
    await uploader.getByLabel('Email').fill(email);
    await uploader.getByLabel('Password').fill(PASSWORD);
    await uploader.getByRole('button', { name: 'Sign in' }).click();
    await uploader.getByText('No files yet').waitFor();
    return { t, page, browser, idToken: session.getIdToken().getJwtToken(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/**
 * Clears what the run before left in the page (a full GC of its garbage, a quiet pause for freed
 * images and buffers to go), so no run pays for the one before it: called before each measured run.
 */
export async function settle(page: Page, quietMs: number): Promise<void> {
  if (!sessions.has(page)) sessions.set(page, page.context().newCDPSession(page));
  await (await sessions.get(page)!).send('HeapProfiler.collectGarbage');
  await new Promise((resolve) => setTimeout(resolve, quietMs));
}
