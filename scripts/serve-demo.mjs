// A small static server for the demo: demo/ at /, the built element at /dist/, and the
// element's config JSON at /config.json. Loopback only. Used by `npm start` and the demo's
// end-to-end test.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(repo, 'packages/widget/dist/cdn');
const DEMO = join(repo, 'demo');
/** Single files the framework examples import (ES module builds from node_modules). */
const VENDOR = {
  '/vendor/vue.js': join(repo, 'node_modules/vue/dist/vue.runtime.esm-browser.prod.js'),
};
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Starts the demo server.
 * @param {{ port: number, host?: string, config: () => object | undefined, dist?: string }} options
 *   `config` returns the element's config JSON, or undefined while there is none; `dist` is
 *   the built element served at /dist/ (a benchmark serves an earlier build beside this one).
 * @returns {Promise<import('node:http').Server>}
 */
export function serveDemo({ port, host = '127.0.0.1', config, dist = DIST }) {
  const mounts = [
    ['/dist/', dist],
    ['/', DEMO],
  ];
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === '/config.json') {
      const body = config();
      res.writeHead(body ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body ?? { error: 'the local backend is not running' }));
      return;
    }
    if (VENDOR[path]) {
      res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-cache' });
      createReadStream(VENDOR[path]).pipe(res);
      return;
    }
    for (const [prefix, dir] of mounts) {
      if (!path.startsWith(prefix)) continue;
      let file = normalize(join(dir, path.slice(prefix.length)));
      if (file !== dir && !file.startsWith(dir + sep)) break;
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        await stat(file);
      } catch {
        continue;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: ${path}\n`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/**
 * A free port on loopback, for a demo server that must not collide with a running one.
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve) => {
    const server = createTcpServer().listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
