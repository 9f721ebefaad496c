// Runs the local backend (local/main.ts) as its own process and waits until it serves: for
// `npm start`, the element tests' config, and tests that must kill it. Plain JS, so scripts
// that run without a TypeScript loader can use it.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/**
 * @param {{ args?: string[], env?: NodeJS.ProcessEnv, echo?: boolean }} [options]
 *   `args` go to main.ts (see its header); `echo` copies its output to this process's stdout.
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, config: Record<string, unknown>, adminToken: string, outbox: string }>}
 *   `adminToken` is what the admin routes need; `outbox` the address of the emails, with it.
 *   Rejects, with its output, if the backend exits before it serves.
 */
export async function spawnLocalBackend({ args = [], env = process.env, echo = false } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  /** @type {{ url: string, outbox: string }} */
  const printed = await new Promise((resolve, reject) => {
    const onExit = (/** @type {number | null} */ code) => reject(new Error(`the local backend exited (${code}) before serving:\n${output}`));
    const onData = (/** @type {Buffer} */ chunk) => {
      if (echo) process.stdout.write(chunk);
      output += chunk;
      const match = /element config at (http:\/\/\S+)\/_local\/config, emails at (\S+)\r?\n/.exec(output);
      if (!match) return;
      child.off('exit', onExit);
      child.stdout.off('data', onData);
      resolve({ url: match[1] ?? '', outbox: match[2] ?? '' });
    };
    child.on('exit', onExit);
    child.stdout.on('data', onData);
  });
  // Keep reading its output (echoed or not), so the backend never blocks on a full pipe.
  child.stdout.on('data', (/** @type {Buffer} */ chunk) => echo && process.stdout.write(chunk));
  const { url, outbox } = printed;
  const config = /** @type {Record<string, unknown>} */ (await (await fetch(`${url}/_local/config`)).json());
  return { child, url, config, adminToken: new URL(outbox).searchParams.get('token') ?? '', outbox };
}
