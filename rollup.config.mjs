// Builds the element (packages/widget/dist):
//   secure-uploader.js  one ES module for a script tag or a bundler, everything included,
//                       minified; later features load as lazy chunks beside it.
// amazon-cognito-identity-js bundles a `buffer` that reads `global`: define it as globalThis.
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';

const widget = fileURLToPath(new URL('./packages/widget/', import.meta.url));

export default {
  input: `${widget}src/secure-uploader.ts`,
  output: {
    dir: `${widget}dist`,
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [
    nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
    esbuild({
      target: 'es2022',
      tsconfig: `${widget}tsconfig.json`,
      minify: true,
      define: { global: 'globalThis', 'process.env.NODE_ENV': '"production"' },
      legalComments: 'none',
    }),
  ],
};
