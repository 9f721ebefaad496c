// A rollup plugin that applies packages' `browser` field file maps
// ({"./dist-es/runtimeConfig": "./dist-es/runtimeConfig.browser"}), as the AWS SDK's ES builds
// need in a browser bundle. @rollup/plugin-node-resolve's own handling skips some of these maps
// and drops the extension of others, pulling Node-only credential providers into the bundle.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const maps = new Map();

function packageOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (maps.has(dir)) return maps.get(dir);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const browser = JSON.parse(readFileSync(manifest, 'utf8')).browser;
      const found = { dir, browser: browser && (typeof browser === 'object' || typeof browser === 'string') ? browser : undefined };
      maps.set(dir, found);
      return found;
    }
  }
  return undefined;
}

const withJs = (path) => (path.endsWith('.js') || path.endsWith('.mjs') ? path : `${path}.js`);

export function browserField() {
  return {
    name: 'browser-field',
    async resolveId(source, importer, options) {
      if (!importer || source.startsWith('\0')) return null;
      const bare = !source.startsWith('.') && !source.startsWith('/');
      if (bare) {
        // The importing package may replace a module: {"crypto": false}.
        const mapped = packageOf(importer)?.browser?.[source];
        if (mapped === false) return { id: '\0empty-module', moduleSideEffects: false };
      }
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved || resolved.external) return resolved;
      const pkg = packageOf(resolved.id);
      if (!pkg?.browser) return resolved;
      // A whole package replaced for browsers: {"browser": "browser.js"}.
      if (typeof pkg.browser === 'string') return bare ? { ...resolved, id: join(pkg.dir, withJs(pkg.browser)) } : resolved;
      const path = `./${relative(pkg.dir, resolved.id)}`;
      const mapped = pkg.browser[path] ?? pkg.browser[path.replace(/\.js$/, '')];
      if (mapped === false) return { id: '\0empty-module', moduleSideEffects: false };
      return typeof mapped === 'string' ? { ...resolved, id: join(pkg.dir, withJs(mapped)) } : resolved;
    },
    load(id) {
      return id === '\0empty-module' ? 'export default {};' : null;
    },
  };
}
