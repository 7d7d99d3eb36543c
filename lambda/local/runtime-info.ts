import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './package-root';

/**
 * What a running `npm start` publishes in its data directory, so that the `tollgate` CLI (another
 * process) works on the same DynamoDB Local.
 */
export interface RuntimeInfo {
  readonly pid: number;
  readonly gatewayUrl: string;
  readonly dynamoDbEndpoint: string;
  readonly startedAt: string;
}

const RUNTIME_FILE = 'runtime.json';

/**
 * `TOLLGATE_DATA_DIR`, default `.tollgate/`; a relative path is taken from the repository root, not the
 * current folder, so that `npm start` (which npm runs from the root) and `npx tollgate` run from any
 * folder agree on it.
 */
export function dataDirectory(environment: NodeJS.ProcessEnv = process.env): string {
  return resolve(PACKAGE_ROOT, environment.TOLLGATE_DATA_DIR || '.tollgate');
}

export function writeRuntimeInfo(directory: string, info: RuntimeInfo): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, RUNTIME_FILE), JSON.stringify(info, null, 2));
}

export function removeRuntimeInfo(directory: string): void {
  rmSync(join(directory, RUNTIME_FILE), { force: true });
}

/** The running gateway's info, or undefined when none is running from this directory. */
export function readRuntimeInfo(directory: string): RuntimeInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(directory, RUNTIME_FILE), 'utf8')) as RuntimeInfo;
    process.kill(info.pid, 0); // throws when that process is gone
    return info;
  } catch {
    return undefined;
  }
}
