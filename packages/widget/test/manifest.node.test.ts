// Runs in Node (not the browser): the custom-elements manifest documents every event the
// element declares and every public attribute, so IDEs and docs never fall behind the code.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { it } from 'node:test';

const widget = fileURLToPath(new URL('..', import.meta.url));

it('the custom-elements manifest documents every event and attribute', async () => {
  // cem resolves --outdir under the package, so the scratch folder is the package's tmp/
  // (ignored by git), not the system's.
  await mkdir(join(widget, 'tmp'), { recursive: true });
  const out = await mkdtemp(join(widget, 'tmp', 'cem-'));
  try {
    await promisify(execFile)('npx', ['cem', 'analyze', '--config', 'custom-elements-manifest.config.mjs', '--outdir', relative(widget, out), '--quiet'], { cwd: widget });
    const manifest = JSON.parse(await readFile(join(out, 'custom-elements.json'), 'utf8'));
    const element = manifest.modules.flatMap((m: { declarations?: unknown[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'secure-uploader');
    assert.ok(element, 'the manifest declares <secure-uploader>');
    const events = await readFile(join(widget, 'src/events.ts'), 'utf8');
    const declared = [...events.slice(events.indexOf('interface SecureUploaderEventMap')).matchAll(/'(su-[a-z-]+)':/g)].map((m) => m[1]);
    assert.deepEqual(element.events.map((e: { name: string }) => e.name).sort(), declared.sort());
    for (const event of element.events) assert.ok(event.description, `${event.name} has a description`);
    // The template types (secure-uploader/jsx, /vue) know every attribute.
    const frameworks = await readFile(join(widget, 'src/frameworks.ts'), 'utf8');
    for (const { name } of element.attributes) assert.match(frameworks, new RegExp(`^\\s+'?${name}'?\\?:`, 'm'), `frameworks.ts types ${name}`);
    // Every custom property the styles read is documented, with what it colours or sizes.
    const styles = (await readFile(join(widget, 'src/secure-uploader.styles.ts'), 'utf8')) + (await readFile(join(widget, 'src/files.styles.ts'), 'utf8'));
    const light = styles.slice(styles.indexOf('const LIGHT'), styles.indexOf('} as const;'));
    const colors = [...light.matchAll(/^\s+'?([a-z-]+)'?: '#/gm)].map((m) => `--su-color-${m[1]}`);
    const used = [...new Set([...colors, ...[...styles.matchAll(/var\((--su-[a-z-]+[a-z])[,)]/g)].map((m) => m[1])])].sort();
    assert.ok(colors.length >= 13, 'the palette is read');
    const documented = element.cssProperties.map((p: { name: string; description?: string }) => {
      assert.ok(p.description, `${p.name} has a description`);
      return p.name;
    });
    assert.deepEqual([...documented].sort(), used);
    assert.deepEqual(
      element.attributes.map((a: { name: string }) => a.name),
      ['config', 'region', 'user-pool-id', 'user-pool-client-id', 'identity-pool-id', 'bucket', 'endpoint', 'access-level', 'path', 'accept', 'max-file-size', 'max-files', 'auto-upload', 'keep-location', 'checksum', 'max-image-size', 'image-quality', 'keep-session', 'theme', 'heading-level'],
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
