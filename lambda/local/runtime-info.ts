import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from './package-root';
import { isAlive } from './processes';

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

/** What a data directory's runtime.json says: a gateway that runs, one that is gone without cleaning up, or none. */
export type RuntimeState =
  | { readonly state: 'running'; readonly info: RuntimeInfo }
  | { readonly state: 'stale'; readonly info: RuntimeInfo }
  | { readonly state: 'none' };

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

/**
 * The state of a data directory's runtime.json. `isGateway` tells whether a live pid is really the
 * gateway that wrote the file (process ids are reused); by default a live pid is taken for it.
 */
export function runtimeState(directory: string, isGateway: (pid: number) => boolean = () => true): RuntimeState {
  let info: RuntimeInfo;
  try {
    info = JSON.parse(readFileSync(join(directory, RUNTIME_FILE), 'utf8')) as RuntimeInfo;
  } catch {
    return { state: 'none' };
  }
  if (typeof info?.pid !== 'number') return { state: 'none' };
  return isAlive(info.pid) && isGateway(info.pid) ? { state: 'running', info } : { state: 'stale', info };
}

/** The running gateway's info, or undefined when none is running from this directory. */
export function readRuntimeInfo(directory: string): RuntimeInfo | undefined {
  const current = runtimeState(directory);
  return current.state === 'running' ? current.info : undefined;
}
