// `npm start`: builds the element, starts the local backend (which synthesizes the stack when
// its template is stale) and serves the demo. Prints both addresses; Ctrl-C stops everything.
// LOCAL_AWS_PORT and DEMO_PORT override the ports.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { spawnLocalBackend } from '../packages/backend/local/spawn.mjs';
import { serveDemo } from './serve-demo.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const awsPort = Number(process.env.LOCAL_AWS_PORT ?? 4566);
const demoPort = Number(process.env.DEMO_PORT ?? 8080);
const children = [];

function run(command, args, options = {}) {
  const child = spawn(command, args, { cwd: repo, stdio: 'inherit', ...options });
  children.push(child);
  return child;
}

function stopAll(code = 0) {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

console.log('start: building the element…');
const build = run('npm', ['run', '--silent', 'build']);
const buildCode = await new Promise((resolve) => build.on('exit', resolve));
if (buildCode !== 0) {
  console.error('start: the build failed; see above.');
  process.exit(1);
}

// The bucket's CORS rules must allow the demo's origin; they come from the stack.
const demoOrigins = `http://127.0.0.1:${demoPort},http://localhost:${demoPort}`;
let elementConfig;
let outbox = '';
try {
  const backend = await spawnLocalBackend({
    env: { ...process.env, LOCAL_AWS_PORT: String(awsPort), LOCAL_AWS_ALLOWED_ORIGINS: process.env.LOCAL_AWS_ALLOWED_ORIGINS ?? demoOrigins },
    echo: true,
  });
  children.push(backend.child);
  backend.child.on('exit', (code) => {
    console.error(`start: the local backend stopped (exit ${code}).`);
    stopAll(code ?? 1);
  });
  elementConfig = backend.config;
  outbox = backend.outbox;
} catch {
  console.error('start: the local backend did not start; its messages are above.');
  stopAll(1);
}

try {
  await serveDemo({ port: demoPort, config: () => elementConfig });
} catch (error) {
  console.error(`start: cannot serve the demo on 127.0.0.1:${demoPort}: ${error.message}. Set DEMO_PORT to use another port.`);
  stopAll(1);
}
console.log('');
console.log(`  local backend  http://127.0.0.1:${awsPort}`);
console.log(`  emails        ${outbox}   (the codes a new account needs; the token keeps other pages out)`);
console.log(`  demo           http://127.0.0.1:${demoPort}`);
console.log('\n  Ctrl-C stops everything.\n');
