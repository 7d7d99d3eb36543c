import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');

/** The environment of a fresh shell: none of the test run's DynamoDB or table settings leak in. */
export function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('TOLLGATE_') && !name.endsWith('_API_KEY') && !name.startsWith('npm_')) environment[name] = value;
  return { ...environment, ...extra };
}

export interface Started {
  readonly npm: ChildProcess;
  /** stdout and stderr so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exited: Promise<void>;
  readonly url: string;
  /** The gateway's own process (npm runs it through a shell). */
  readonly gatewayPid: number;
}

/**
 * Runs the real `npm start` in its own process group, as a terminal runs a foreground job, and waits
 * for its banner. `pressCtrlC` then signals the whole group, as a terminal's Ctrl-C does.
 */
export async function npmStart(environment: NodeJS.ProcessEnv): Promise<Started> {
  const npm = spawn('npm', ['start'], { cwd: ROOT, env: environment, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  npm.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  npm.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolveExit) => npm.once('exit', () => resolveExit()));
  await new Promise<void>((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up within 300 s:\n${stderr}`)), 300_000);
    npm.stderr?.on('data', () => {
      if (stderr.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolveStarted();
      }
    });
    void exited.then(() => reject(new Error(`npm start exited:\n${stderr}`)));
  });
  const runtime = JSON.parse(readFileSync(join(environment.TOLLGATE_DATA_DIR as string, 'runtime.json'), 'utf8')) as {
    pid: number;
    gatewayUrl: string;
  };
  return { npm, stdout: () => stdout, stderr: () => stderr, exited, url: runtime.gatewayUrl, gatewayPid: runtime.pid };
}

export function pressCtrlC(started: Started): void {
  process.kill(-(started.npm.pid as number), 'SIGINT');
}
