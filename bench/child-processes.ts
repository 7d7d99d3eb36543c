/**
 * The bench's child processes: started with a readiness line to wait for, remembered by pid, and
 * all stopped by pid at the end (also when the bench fails). Their CPU time is read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface BenchProcess {
  readonly name: string;
  readonly pid: number;
  /** The first match of the readiness pattern. */
  readonly ready: RegExpExecArray;
  /** Process CPU time (user + system) in ms, children excluded; undefined where /proc is missing. */
  cpuMs(): number | undefined;
  /** CPU time of its live direct children (e.g. the JVM of DynamoDB Local under the gateway), in ms. */
  childrenCpuMs(): number | undefined;
}

interface Started {
  readonly child: ChildProcess;
  readonly name: string;
  /** Descendants recorded while running, stopped after their parent. */
  readonly descendants: Set<number>;
  readonly stopSignal: NodeJS.Signals;
}

const started: Started[] = [];
const CLOCK_TICKS_PER_SECOND = 100;

function procStat(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces: fields start after its closing parenthesis.
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** Process CPU time (user + system, fields 14 and 15 of /proc/PID/stat) in ms. */
function cpuMsOf(pid: number): number | undefined {
  const fields = procStat(pid);
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  return existsSync(`/proc/${pid}`) && procStat(pid)?.[0] !== 'Z';
}

export interface StartOptions {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  /** @default this process's working directory */
  readonly cwd?: string;
  /** Which output carries the readiness line. */
  readonly readyOn: 'stdout' | 'stderr';
  readonly readyPattern: RegExp;
  readonly timeoutMs?: number;
  /** @default SIGTERM */
  readonly stopSignal?: NodeJS.Signals;
}

/** Starts `node <args>` and resolves once its output matches `readyPattern`. */
export async function startNodeProcess(options: StartOptions): Promise<BenchProcess> {
  const child = spawn(process.execPath, options.args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', options.readyOn === 'stdout' ? 'pipe' : 'ignore', options.readyOn === 'stderr' ? 'pipe' : 'inherit'],
  });
  const entry: Started = { child, name: options.name, descendants: new Set(), stopSignal: options.stopSignal ?? 'SIGTERM' };
  started.push(entry);
  const output = options.readyOn === 'stdout' ? child.stdout : child.stderr;
  const timeoutMs = options.timeoutMs ?? 90_000;
  const ready = await new Promise<RegExpExecArray>((resolveReady, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${options.name} did not start within ${timeoutMs / 1000} s:\n${text}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = options.readyPattern.exec(text);
      if (!match) return;
      clearTimeout(timer);
      // Keep draining the pipe so the child never blocks on a full one.
      output?.removeListener('data', onData);
      output?.resume();
      resolveReady(match);
    };
    output?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with code ${code} during start-up:\n${text}`));
    });
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${options.name} has no pid`);
  for (const descendant of childrenOf(pid)) entry.descendants.add(descendant);
  return {
    name: options.name,
    pid,
    ready,
    cpuMs: () => cpuMsOf(pid),
    childrenCpuMs() {
      const children = childrenOf(pid).map(cpuMsOf);
      return children.length && children.every((value) => value !== undefined)
        ? children.reduce((sum, value) => sum + value, 0)
        : undefined;
    },
  };
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  return !alive(pid);
}

/** Stops every process this module started, newest first, by pid; SIGKILL after 15 s. */
export async function stopAll(): Promise<void> {
  for (const entry of started.splice(0).reverse()) {
    const pid = entry.child.pid;
    if (pid === undefined) continue;
    for (const descendant of childrenOf(pid)) entry.descendants.add(descendant);
    if (entry.child.exitCode === null && entry.child.signalCode === null) {
      entry.child.kill(entry.stopSignal);
      if (!(await waitForExit(pid, 15_000))) entry.child.kill('SIGKILL');
    }
    // A parent stopped the normal way stops its own children; one that did not leaves them here.
    for (const descendant of entry.descendants) {
      if (!(await waitForExit(descendant, 5_000))) {
        try {
          process.kill(descendant, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }
    }
  }
}
