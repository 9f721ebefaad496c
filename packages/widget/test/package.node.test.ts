// The package as an app installs it: built, then imported by name in a fresh Node process (no
// DOM), as a server render (Next.js, Nuxt, Astro, SvelteKit) would, and read as a bundler would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { cdnFiles } from '../../../scripts/cdn-files.mjs';
import { before, describe, it } from 'node:test';

const run = promisify(execFile);
const widget = fileURLToPath(new URL('..', import.meta.url));
const files = (dir: string) => (readdirSync(join(widget, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.js')).map((f) => join(dir, f));
/** The packages a module imports: static imports at statement starts, and import() calls (not words in strings). */
const bareImports = (code: string) =>
  [...code.matchAll(/(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w*{}\s,$]*?from\s*)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g)]
    .map((m) => (m[1] ?? m[2])!)
    .filter((specifier) => !specifier.startsWith('.'));

/** Runs a module in a new Node process (its own globals) and returns what it printed. */
async function inNode(source: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', source], { cwd: widget });
  return stdout.trim();
}

describe('the npm package', () => {
  before(async () => {
    await run('npm', ['run', '--silent', 'build'], { cwd: widget });
  });

  it('imports in Node without a DOM: the npm build (lit\'s own DOM shim), the CDN build (inert), the React wrapper', async () => {
    assert.equal(typeof globalThis.document, 'undefined');
    assert.equal(await inNode(`const m = await import('secure-uploader'); console.log(typeof m.SecureUploaderElement, typeof customElements.get('secure-uploader'))`), 'function function');
    assert.equal(await inNode(`await import('secure-uploader/cdn'); console.log('loaded')`), 'loaded');
    assert.equal(await inNode(`const { SecureUploader } = await import('secure-uploader/react'); console.log(SecureUploader.displayName)`), 'SecureUploader');
  });

  it('keeps lit, @lit/react and the AWS SDKs as imports in the npm build, so apps deduplicate them', () => {
    const imported = new Set(files('dist/npm').flatMap((f) => bareImports(readFileSync(join(widget, f), 'utf8'))));
    for (const name of ['lit', '@lit/react', '@aws-sdk/client-s3', '@aws-sdk/client-cognito-identity', 'amazon-cognito-identity-js']) {
      assert.ok([...imported].some((i) => i === name || i.startsWith(`${name}/`)), `imports ${name}`);
    }
    const pkg = JSON.parse(readFileSync(join(widget, 'package.json'), 'utf8'));
    for (const name of imported) {
      const base = name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!;
      assert.ok(base in pkg.dependencies || base in (pkg.peerDependencies ?? {}), `${name} is a dependency the app installs`);
    }
    for (const file of files('dist/npm')) assert.doesNotMatch(readFileSync(join(widget, file), 'utf8'), /lit\$\$|class ReactiveElement/, `${file} copies lit`);
  });

  it('keeps what a page loads before anyone interacts with the element within 20 KB gzip', () => {
    const { beforeInteraction, signingIn } = cdnFiles(join(widget, 'dist/cdn'));
    const gzipped = [...beforeInteraction].reduce((sum, file) => sum + gzipSync(readFileSync(join(widget, 'dist/cdn', file)), { level: 9 }).length, 0);
    assert.ok(gzipped <= 20 * 1024, `${(gzipped / 1024).toFixed(1)} KB gzip before interaction: ${[...beforeInteraction].join(', ')}`);
    assert.ok(![...beforeInteraction].some((f) => f.startsWith('user-pool-')), 'the Cognito chunk waits for the visitor');
    assert.ok([...signingIn].some((f) => f.startsWith('user-pool-')));
  });

  it('has a self-contained CDN build whose files import each other relatively (any path serves it)', () => {
    for (const file of files('dist/cdn')) assert.deepEqual(bareImports(readFileSync(join(widget, file), 'utf8')), [], `${file} imports a package`);
  });

  it('maps every export to a file that exists, with types for the JavaScript ones', () => {
    const pkg = JSON.parse(readFileSync(join(widget, 'package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries<string | { types: string; default: string }>(pkg.exports)) {
      const paths = typeof target === 'string' ? [target] : [target.types, target.default];
      for (const path of paths) assert.doesNotThrow(() => readFileSync(join(widget, path)), `${subpath} → ${path}`);
    }
    assert.match(readFileSync(join(widget, 'dist/types/react.d.ts'), 'utf8'), /SecureUploader/);
  });

  it('types the element in React 19 JSX and Vue templates: attributes, messages and every event\'s detail', async () => {
    // The fixtures hold right uses and, marked @ts-expect-error, wrong ones: tsc fails on either kind of mistake.
    await run('npx', ['tsc', '-p', 'test/fixtures/typings/tsconfig.json'], { cwd: widget }).catch((error: { stdout: string }) => assert.fail(error.stdout));
  });
});
