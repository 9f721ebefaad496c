// The layers' rules (ARCHITECTURE.md, "Layers"), checked on every import of the sources so a
// crossing fails the tests instead of waiting for a reviewer.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';

const src = fileURLToPath(new URL('../src/', import.meta.url));
const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => f.replaceAll('\\', '/'));
const importsOf = (file: string) => [...readFileSync(join(src, file), 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g)].map((m) => (m[1] ?? m[2])!);
/** Where an import lands, as a path under src/ (or the package name). */
const target = (file: string, spec: string) => (spec.startsWith('.') ? relative(src, join(src, file, '..', spec)).replaceAll('\\', '/') : spec);

it('lib/ and transport/ hold no UI: no lit, no views or controllers, no DOM globals', () => {
  for (const file of files.filter((f) => f.startsWith('lib/') || f.startsWith('transport/'))) {
    for (const spec of importsOf(file)) {
      const to = target(file, spec);
      assert.ok(!/^lit|^@lit/.test(to), `${file} imports ${spec}`);
      assert.ok(!/^(views|controllers)\/|^secure-uploader/.test(to), `${file} imports ${spec}`);
      if (file.startsWith('lib/')) assert.ok(!to.startsWith('transport/') && !to.startsWith('@aws-sdk') && !to.startsWith('amazon-cognito'), `lib/ is pure: ${file} imports ${spec}`);
    }
    assert.doesNotMatch(readFileSync(join(src, file), 'utf8'), /\b(document|window)\./, `${file} touches the DOM`);
  }
});

it('views/ render only: no transport, no SDKs', () => {
  for (const file of files.filter((f) => f.startsWith('views/'))) {
    for (const spec of importsOf(file)) {
      const to = target(file, spec);
      assert.ok(!to.startsWith('transport/') && !to.startsWith('@aws-sdk') && !to.startsWith('amazon-cognito'), `${file} imports ${spec}`);
    }
  }
});

it('the SDKs load only inside transport/, and the element never imports the backend', () => {
  for (const file of files) {
    for (const spec of importsOf(file)) {
      const to = target(file, spec);
      if (/^@aws-sdk|^amazon-cognito/.test(to)) assert.ok(file.startsWith('transport/'), `${file} imports ${spec}`);
      assert.ok(!to.startsWith('..') && !to.includes('backend'), `${file} reaches outside the element: ${spec}`);
    }
  }
});

it('controllers load the Cognito and S3 code only with import(), so first paint stays small', () => {
  for (const file of files.filter((f) => !f.startsWith('transport/'))) {
    const text = readFileSync(join(src, file), 'utf8');
    for (const module of ['user-pool', 'storage-session', 'identity-pool', 's3', 'xhr-handler']) {
      const eager = new RegExp(`^import (?!type )[^;]*from '[./]*transport/${module}\\.js'`, 'm');
      assert.doesNotMatch(text, eager, `${file} imports transport/${module} eagerly`);
    }
  }
});

it('i18n/ holds words only: no lit, no DOM, nothing but lib/ and types; other languages load with import()', () => {
  for (const file of files.filter((f) => f.startsWith('i18n/'))) {
    const source = readFileSync(join(src, file), 'utf8');
    for (const spec of importsOf(file)) {
      const to = target(file, spec);
      const typeOnly = new RegExp(`import type [^;]*'${spec.replace(/[./]/g, '\\$&')}'`).test(source);
      assert.ok(to.startsWith('lib/') || to.startsWith('i18n/') || typeOnly, `${file} imports ${spec}`);
    }
    assert.doesNotMatch(source, /\b(document|window)\./, `${file} touches the DOM`);
  }
  for (const file of files.filter((f) => !f.startsWith('i18n/') || f === 'i18n/languages.ts')) {
    assert.doesNotMatch(readFileSync(join(src, file), 'utf8'), /^import [^;]*'[./]*(i18n\/)?(de|es|ar)\.js'/m, `${file} loads a language eagerly`);
  }
});
