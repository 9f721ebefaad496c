// `npm run bench`: runs every benchmark in its own process and prints each one's lines; each
// ends with one JSON line of results (ratios against a baseline measured in the same run).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchmarks = [
  ['bundle', 'bench/bundle.ts'],
  ['upload', 'bench/upload.ts'],
  ['previews', 'bench/previews.ts'],
  ['my-files', 'bench/my-files.ts'],
  ['local-backend', 'bench/local-backend.ts'],
];
const only = process.argv[2];
let failed = false;
for (const [name, script] of benchmarks) {
  if (only && only !== name) continue;
  console.log(`\n# ${name}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--no-warnings', script], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench: ${name} failed (exit ${result.status})`);
    failed = true;
  }
}
process.exitCode = failed ? 1 : 0;
