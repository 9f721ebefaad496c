// Element tests in real Chromium (Debian's, see ARCHITECTURE.md, "Tests") against a real local backend that
// this config starts (and stops) itself: no mocks. Run with `npm run test:widget`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { spawnLocalBackend } from './packages/backend/local/spawn.mjs';
import { chromiumArgs, chromiumPath } from './scripts/chromium.mjs';

const root = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env.WTR_PORT ?? 8765);

/**
 * The AWS packages reach CommonJS modules (amazon-cognito-identity-js and its `buffer`,
 * XML and crypto helpers of the SDK); the dev server serves ES modules only. Bundle them once
 * into ES modules with shared chunks, as rollup does for the real build.
 */
const PREBUNDLED = ['amazon-cognito-identity-js', '@aws-sdk/client-s3', '@aws-sdk/client-cognito-identity', '@aws-sdk/s3-request-presigner', 'react', 'react-dom/client', 'jsqr', 'otpauth', 'exifr'];

/**
 * React is CommonJS only, and esbuild gives a CommonJS entry a default export alone: wrap it so
 * `import { createRoot } from 'react-dom/client'` works as in an app's bundler. The React
 * wrapper is for React 18 apps, so its test runs the element's own React 18 (not the demo's 19).
 */
const widgetRequire = createRequire(join(root, 'packages/widget/package.json'));
const COMMONJS = ['react', 'react-dom/client'];
const namedExports = {
  name: 'named-exports-of-commonjs',
  setup(build) {
    build.onResolve({ filter: /^commonjs:/ }, (args) => ({ path: args.path.slice('commonjs:'.length), namespace: 'commonjs' }));
    build.onLoad({ filter: /.*/, namespace: 'commonjs' }, (args) => {
      const names = Object.keys(widgetRequire(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default');
      return { contents: `import m from ${JSON.stringify(widgetRequire.resolve(args.path))}; export default m; export const { ${names.join(', ')} } = m;`, resolveDir: root };
    });
  },
};
const prebundled = await build({
  entryPoints: Object.fromEntries(PREBUNDLED.map((name) => [name.replace(/[@/]/g, '_'), COMMONJS.includes(name) ? `commonjs:${name}` : name])),
  absWorkingDir: root,
  plugins: [namedExports],
  alias: { react: widgetRequire.resolve('react') },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  mainFields: ['browser', 'module', 'main'],
  define: { global: 'globalThis', 'process.env.NODE_ENV': '"development"' },
  outdir: '/__prebundled__',
  write: false,
  logLevel: 'error',
});
const prebundledFiles = new Map(prebundled.outputFiles.map((file) => [file.path, file.text]));

/**
 * Starts the local backend as a child process; resolves with its element config and admin token
 * (for the tests' outbox and faults). `args` add options (`--mfa required`).
 */
async function startLocalBackend(args = []) {
  const dataDir = mkdtempSync(join(tmpdir(), 'su-wtr-'));
  const { child, config, adminToken } = await spawnLocalBackend({
    args: ['--port', '0', '--data', dataDir, '--credential-ttl', '20', '--token-ttl', '30', '--log', process.env.LOCAL_AWS_LOG ?? 'quiet', ...args],
    // Guests on, so guest mode is tested too; credentials live 20 s and tokens 30 s, so the
    // tests run across credential and session refreshes as a long session would; server-side
    // limits small enough for a test to reach (each test's users store at most ~40 MiB).
    env: {
      ...process.env,
      LOCAL_AWS_ALLOWED_ORIGINS: `http://localhost:${port},http://127.0.0.1:${port}`,
      LOCAL_AWS_ALLOW_GUESTS: 'true',
      LOCAL_AWS_MAX_OBJECT_BYTES: String(32 * 1024 * 1024),
      LOCAL_AWS_QUOTA_BYTES: String(48 * 1024 * 1024),
    },
    echo: Boolean(process.env.LOCAL_AWS_LOG),
  });
  process.on('exit', () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { ...config, adminToken };
}

const backendConfig = await startLocalBackend();
/**
 * More backends, each started when a test first asks for its config at `/_test/config-{name}.json`:
 * a user pool that requires MFA; S3's own size limits (5 GiB objects, 10 GiB a user), for 1 GiB uploads.
 */
const moreBackends = {
  'mfa-required': ['--mfa', 'required'],
  'large-files': ['--max-object-bytes', String(5 * 1024 ** 3), '--quota-bytes', String(10 * 1024 ** 3)],
};
const startedBackends = new Map();

/**
 * `executeServerCommand('drop-folder', { files, folder, x, y })`: writes `files` (path → text)
 * into a fresh directory and drags its `folder` from "the desktop" onto the page at (x, y),
 * through Chromium's own drag-and-drop (DevTools' Input.dispatchDragEvent), so the element
 * receives real directory entries, as when a user drops a folder.
 */
function dropFolderCommand() {
  return {
    name: 'drop-folder',
    async executeCommand({ command, payload, session }) {
      if (command !== 'drop-folder') return undefined;
      const dir = mkdtempSync(join(tmpdir(), 'su-drop-'));
      process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
      for (const [path, content] of Object.entries(payload.files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      const page = session.browser.getPage(session.id);
      const cdp = await page.createCDPSession();
      const data = { items: [], files: [join(dir, payload.folder)], dragOperationsMask: 1 };
      for (const type of ['dragEnter', 'dragOver', 'drop']) await cdp.send('Input.dispatchDragEvent', { type, x: payload.x, y: payload.y, data });
      await cdp.detach();
      return true;
    },
  };
}

/**
 * `executeServerCommand('look', { width, height, colorScheme, forcedColors, reducedMotion })` sets
 * the page's viewport, `prefers-color-scheme`, `forced-colors` and `prefers-reduced-motion`; `executeServerCommand('screenshot', { name })` saves the page as
 * `test-results/screenshots/{name}.png` (kept as a test artifact; the folder is not committed).
 */
function lookCommands() {
  const shots = join(root, 'test-results', 'screenshots');
  const mediaSessions = new Map();
  return {
    name: 'look',
    async executeCommand({ command, payload, session }) {
      const page = session.browser.getPage(session.id);
      if (command === 'look') {
        await page.setViewport({ width: payload.width ?? 1100, height: payload.height ?? 900 });
        // Through DevTools itself: it knows forced-colors, which puppeteer's helper refuses. The
        // session stays open, since the emulation lasts only as long as it does.
        if (!mediaSessions.has(page)) mediaSessions.set(page, await page.createCDPSession());
        await mediaSessions.get(page).send('Emulation.setEmulatedMedia', {
          features: [
            { name: 'prefers-color-scheme', value: payload.colorScheme ?? 'light' },
            { name: 'forced-colors', value: payload.forcedColors ? 'active' : 'none' },
            { name: 'prefers-reduced-motion', value: payload.reducedMotion ? 'reduce' : 'no-preference' },
          ],
        });
        return true;
      }
      if (command === 'screenshot') {
        mkdirSync(shots, { recursive: true });
        await page.screenshot({ path: join(shots, `${payload.name}.png`), fullPage: true });
        return true;
      }
      return undefined;
    },
  };
}

export default {
  rootDir: root,
  port,
  files: [`${root}packages/widget/test/**/*.test.ts`, `!${root}packages/widget/test/**/*.node.test.ts`],
  nodeResolve: { browser: true, exportConditions: ['browser', 'development'] },
  middleware: [
    // The built element loads ./thumbnail-worker.js beside itself; in the sources that file is
    // TypeScript: serve the .ts (transformed by esbuild) for a .js that does not exist.
    (context, next) => {
      if (context.path.startsWith('/packages/widget/src/') && context.path.endsWith('.js')) {
        const ts = context.path.replace(/\.js$/, '.ts');
        if (!existsSync(join(root, context.path)) && existsSync(join(root, ts))) context.url = context.url.replace(context.path, ts);
      }
      return next();
    },
    (context, next) => {
      const text = prebundledFiles.get(context.path);
      if (text === undefined) return next();
      context.type = 'application/javascript';
      context.body = text;
      return undefined;
    },
    // The tests read the backend's config (and so its outbox address) from here.
    (context, next) => {
      if (context.path !== '/_test/config.json') return next();
      context.type = 'application/json';
      context.body = JSON.stringify(backendConfig);
      return undefined;
    },
    async (context, next) => {
      const name = /^\/_test\/config-([a-z-]+)\.json$/.exec(context.path)?.[1];
      if (!name || !Object.hasOwn(moreBackends, name)) return next();
      if (!startedBackends.has(name)) startedBackends.set(name, startLocalBackend(moreBackends[name]));
      context.type = 'application/json';
      context.body = JSON.stringify(await startedBackends.get(name));
      return undefined;
    },
  ],
  plugins: [
    dropFolderCommand(),
    lookCommands(),
    { name: 'prebundled', resolveImport: ({ source }) => (PREBUNDLED.includes(source) ? `/__prebundled__/${source.replace(/[@/]/g, '_')}.js` : undefined) },
    // target es2022 (not 'auto'), or TypeScript syntax reaches Chromium untransformed.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: `${root}packages/widget/tsconfig.json`, define: { global: 'globalThis' } }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  testFramework: { config: { timeout: 60000 } },
  testsFinishTimeout: 600000,
  concurrency: 1,
};
