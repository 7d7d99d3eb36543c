import { spawnSync } from 'node:child_process';

/** One process of this machine, as `ps` lists it. */
export interface ProcessEntry {
  readonly pid: number;
  readonly parentPid: number;
  /** The command line (arguments joined by spaces). */
  readonly commandLine: string;
}

/** Whether a process with this id exists (and may be signalled by us). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The processes of this machine, from `ps` (POSIX: Linux and macOS). Undefined when `ps` cannot be
 * run: callers must then not act on a guess.
 */
export function listProcesses(): ProcessEntry[] | undefined {
  const result = spawnSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error || result.status !== 0) return undefined;
  const entries: ProcessEntry[] = [];
  for (const line of result.stdout.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (match) entries.push({ pid: Number(match[1]), parentPid: Number(match[2]), commandLine: match[3] });
  }
  return entries;
}

/** The command line of one process, or undefined when it is gone (or `ps` is missing). */
export function commandLineOf(pid: number): string | undefined {
  return listProcesses()?.find((entry) => entry.pid === pid)?.commandLine;
}

/** Sends SIGTERM, waits up to `graceMs` for the process to go, then SIGKILL. Resolves once it is gone. */
export async function terminate(pid: number, graceMs = 10_000): Promise<void> {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((wake) => setTimeout(wake, 100));
  if (!isAlive(pid)) return;
  signal('SIGKILL');
  while (isAlive(pid)) await new Promise((wake) => setTimeout(wake, 50));
}
