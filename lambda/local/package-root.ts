import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The repository root (where package.json is), for the tools that run from the sources: `npm start`
 * and the `tollgate` CLI. npm runs scripts there whatever the current folder, so both find the same
 * data directory only when it is resolved from here rather than from the current folder.
 */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/** The version in package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
