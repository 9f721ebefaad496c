// Builds the element into packages/widget/dist:
//   secure-uploader.js   the entry: a page's one script tag (type="module"), or a bundler's import
//   storage-session-*.js the S3 and identity-pool SDKs, loaded only after sign-in
//   thumbnail-worker.js  the thumbnail worker, its own file so it runs under a strict CSP
// Every file sits at the root of dist/, so `new URL('./thumbnail-worker.js', import.meta.url)`
// resolves the same from any chunk.
// amazon-cognito-identity-js bundles a CommonJS `buffer` that reads `global`: define it.
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import json from '@rollup/plugin-json';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { browserField } from './scripts/rollup-browser-field.mjs';

const widget = fileURLToPath(new URL('./packages/widget/', import.meta.url));

export default {
  input: {
    'secure-uploader': `${widget}src/secure-uploader.ts`,
    'thumbnail-worker': `${widget}src/thumbnail-worker.ts`,
  },
  output: {
    dir: `${widget}dist`,
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
  ],
  onwarn(warning, warn) {
    // The SDK's dist-es files begin with "use strict"-less `this` rewrites; harmless.
    if (warning.code === 'THIS_IS_UNDEFINED') return;
    warn(warning);
  },
};
