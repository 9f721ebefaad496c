// Builds the element twice into packages/widget/dist:
//
// dist/cdn/  self-contained, for a page's one script tag (type="module"): lit and the AWS SDKs
//            bundled and minified. Every file sits in one folder and imports its chunks
//            relatively, so the folder can be served from any path:
//   secure-uploader.js   the entry
//   user-pool-*.js       amazon-cognito-identity-js, loaded when sign-in is needed
//   storage-session-*.js the S3 and identity-pool SDKs, loaded only after sign-in
//   thumbnail-worker.js  the thumbnail worker, its own file so it runs under a strict CSP
//                        (`new URL('./thumbnail-worker.js', import.meta.url)` from any chunk)
//   checksum-worker.js   the worker that computes each part's CRC-32C, the same way
//
// dist/npm/  for bundlers (the package's `exports`): one module per source file, lit, @lit/react
//            and the AWS SDKs left as imports so an app that uses them ships them once.
//
// amazon-cognito-identity-js bundles a CommonJS `buffer` that reads `global`: define it.
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { browserField } from './scripts/rollup-browser-field.mjs';

const widget = fileURLToPath(new URL('./packages/widget/', import.meta.url));

const onwarn = (warning, warn) => {
  // The SDK's dist-es files begin with "use strict"-less `this` rewrites; harmless.
  if (warning.code === 'THIS_IS_UNDEFINED') return;
  warn(warning);
};

/** What an app installs beside the element: the npm build imports these, never copies them. */
const DEPENDENCIES = /^(lit|lit-html|lit-element|react|vue|amazon-cognito-identity-js|lean-qr)(\/|$)|^@lit\/|^@lit-labs\/|^@aws-sdk\//;

const cdn = {
  input: {
    'secure-uploader': `${widget}src/secure-uploader.cdn.ts`,
    'thumbnail-worker': `${widget}src/thumbnail-worker.ts`,
    'checksum-worker': `${widget}src/checksum-worker.ts`,
  },
  output: {
    dir: `${widget}dist/cdn`,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    browserField(),
    nodeResolve({ browser: false, exportConditions: ['browser', 'production'], preferBuiltins: false }),
    commonjs(),
    // The SDK's ES builds import their package.json (for the user agent).
    json({ preferConst: true }),
    esbuild({
      target: 'es2022',
      tsconfig: `${widget}tsconfig.json`,
      minify: true,
      define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
    }),
    // After esbuild, terser's passes over whole chunks: 1% off the first paint, 3.5% off everything after sign-in.
    terser({ ecma: 2022, module: true, compress: { passes: 2 }, format: { comments: false } }),
  ],
  onwarn,
};

const npm = {
  input: {
    'secure-uploader': `${widget}src/secure-uploader.ts`,
    'thumbnail-worker': `${widget}src/thumbnail-worker.ts`,
    'checksum-worker': `${widget}src/checksum-worker.ts`,
    react: `${widget}src/react.ts`,
    // Types only (`secure-uploader/jsx`, `/vue`): empty modules, so a value import finds a file.
    jsx: `${widget}src/jsx.ts`,
    vue: `${widget}src/vue.ts`,
  },
  external: (id) => DEPENDENCIES.test(id),
  output: {
    dir: `${widget}dist/npm`,
    format: 'es',
    preserveModules: true,
    preserveModulesRoot: `${widget}src`,
    entryFileNames: '[name].js',
    sourcemap: true,
  },
  plugins: [esbuild({ target: 'es2022', tsconfig: `${widget}tsconfig.json`, minify: false, legalComments: 'none' })],
  onwarn(warning, warn) {
    // jsx.js and vue.js are empty on purpose: those entries are types.
    if (warning.code === 'EMPTY_BUNDLE') return;
    onwarn(warning, warn);
  },
};

export default [cdn, npm];
