// Element tests in real Chromium (Debian's, see DESIGN.md §7). Run from packages/widget via
// `npm test`, or from the root with `npm run test:widget`.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';

const root = fileURLToPath(new URL('.', import.meta.url));
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  rootDir: root,
  files: [`${root}packages/widget/test/**/*.test.ts`],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    // target es2022 (not 'auto'), or TypeScript syntax reaches Chromium untransformed.
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: `${root}packages/widget/tsconfig.json`, define: { global: 'globalThis' } }),
  ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromium,
        headless: true,
        // As root Chromium needs --no-sandbox; the rest keep it off this machine's closed network.
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
  testFramework: { config: { timeout: 20000 } },
  concurrency: 1,
};
