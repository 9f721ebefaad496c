// The backend's layers (ARCHITECTURE.md, "Layers"): the CDK constructs and stack never import
// the local backend, and both take from the element only its pure contract (src/lib/).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = (folder: string) => (readdirSync(join(root, folder), { recursive: true }) as string[]).filter((f) => /\.(ts|mjs)$/.test(f)).map((f) => join(folder, f));
const relativeImports = (file: string) =>
  [...readFileSync(join(root, file), 'utf8').matchAll(/from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => relative(root, join(root, file, '..', (m[1] ?? m[2])!)).replaceAll('\\', '/'));

it('the CDK app (bin/, lib/) never imports the local backend', () => {
  for (const file of [...sources('lib'), ...sources('bin')]) {
    for (const to of relativeImports(file)) assert.ok(!to.startsWith('local/'), `${file} imports ${to}`);
  }
});

it('the backend takes from the element only its pure contract, src/lib/', () => {
  for (const file of [...sources('lib'), ...sources('bin'), ...sources('local')]) {
    for (const to of relativeImports(file)) {
      if (to.startsWith('../')) assert.match(to, /^\.\.\/widget\/src\/lib\//, `${file} imports ${to}`);
    }
  }
});
