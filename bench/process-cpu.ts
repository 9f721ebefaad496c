/**
 * CPU time per process while a benchmark runs, read from /proc (Linux): each Chromium process
 * kind (the browser process, its network service, the renderers, the GPU process) and this Node
 * process, which runs the local backend. Where the time goes shows what caps an upload on a
 * machine whose cores the browser and the backend share. Elsewhere (no /proc) it reports nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

export type CpuSeconds = Record<string, number>;

let ticksPerSecond: number | undefined;

/**
 * The CPU time (user + system, in seconds) a /proc stat file counts: `/proc/PID/stat` for a
 * process, `/proc/PID/task/TID/stat` for one of its threads.
 */
export function statCpuSeconds(statPath: string): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
  // Fields after the command name: utime and stime are the 12th and 13th.
  const fields = readFileSync(statPath, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds (user + system) used so far, by process kind; `backend` is this Node process. */
export async function cpuSeconds(): Promise<CpuSeconds> {
  const used: CpuSeconds = {};
  const node = process.cpuUsage();
  used.backend = (node.user + node.system) / 1e6;
  let pids: string[];
  try {
    pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  } catch {
    return {};
  }
  for (const pid of pids) {
    try {
      // Chromium's child processes rewrite their command line as one string with spaces.
      const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split(/[\0 ]/);
      if (!args[0]?.includes('chromium')) continue;
      const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
      const service = args.find((arg) => arg.startsWith('--utility-sub-type='))?.split('.').pop();
      const kind = type === undefined ? 'browser' : type === 'utility' && service === 'NetworkService' ? 'network' : type;
      used[kind] = (used[kind] ?? 0) + statCpuSeconds(`/proc/${pid}/stat`);
    } catch {
      // The process ended while being read.
    }
  }
  return used;
}

/** What each kind used between two readings (kinds under 0.05 s left out). */
export function cpuBetween(before: CpuSeconds, after: CpuSeconds): CpuSeconds {
  const spent: CpuSeconds = {};
  for (const [kind, seconds] of Object.entries(after)) {
    const delta = seconds - (before[kind] ?? 0);
    if (delta >= 0.05) spent[kind] = Math.round(delta * 100) / 100;
  }
  return spent;
}
