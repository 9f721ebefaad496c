/**
 * An earlier release of the element, built beside the current one so a benchmark can run both
 * in the same page and the same run. Its sources come from git (`git archive`), so the baseline
 * is the real code as it was, not a re-creation. Built once per commit into bench/.baseline/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rollup, type RollupOptions } from 'rollup';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Builds the element of `commit`; returns the folder of its dist/ files. */
export async function buildBaselineElement(commit: string): Promise<string> {
  const dir = `${root}bench/.baseline/${commit}/`;
  const dist = `${dir}dist`;
  if (existsSync(`${dist}/secure-uploader.js`)) return dist;
  try {
    execFileSync('git', ['cat-file', '-e', `${commit}^{commit}`], { cwd: root, stdio: 'ignore' });
  } catch {
    throw new Error(`the baseline commit ${commit} is not in this clone's history (a shallow clone?): fetch it with \`git fetch --unshallow\``);
  }
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${commit} packages/widget/src | tar -x -C "${dir}" --strip-components=2`], { cwd: root });
  const config = (await import(`${root}rollup.config.mjs`)).default as RollupOptions;
  const bundle = await rollup({ ...config, input: { 'secure-uploader': `${dir}src/secure-uploader.ts`, 'thumbnail-worker': `${dir}src/thumbnail-worker.ts` } });
  await bundle.write({ dir: dist, format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  return dist;
}
