/**
 * The stack's template for the local backend: synthesized in-process from this package's CDK
 * app (with cdk-nag, as `cdk synth` does), and cached until the stack's sources or the context
 * change.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from './state.js';

const backendRoot = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Changes whenever a source of the stack or the context changes. */
function stamp(context: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify(context));
  for (const file of [...sourceFiles(join(backendRoot, 'lib')), join(backendRoot, 'cdk.json')].sort()) {
    const { size, mtimeMs } = statSync(file);
    hash.update(`${relative(backendRoot, file)}:${size}:${mtimeMs}\n`);
  }
  return hash.digest('hex');
}

export interface SynthResult {
  template: unknown;
  /** False when the cached template was still current. */
  synthesized: boolean;
}

export async function synthesizeTemplate(context: Record<string, string>, cacheDir: string): Promise<SynthResult> {
  const current = stamp(context);
  const templatePath = join(cacheDir, 'template.json');
  const stampPath = join(cacheDir, 'template.stamp');
  if (existsSync(templatePath) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === current) {
    return { template: JSON.parse(readFileSync(templatePath, 'utf8')), synthesized: false };
  }
  const { createApp, STACK_NAME } = await import('../lib/app.js');
  const outdir = join(cacheDir, 'cdk.out');
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const { app } = createApp({ context, outdir });
  app.synth();
  const template = readFileSync(join(outdir, `${STACK_NAME}.template.json`), 'utf8');
  writeFileAtomic(templatePath, template);
  writeFileAtomic(stampPath, current);
  return { template: JSON.parse(template), synthesized: true };
}
