import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The file the account function's bundling step writes beside its `index.js` (see lib/functions): the
 * page's script with Chart.js, built from `lambda/dashboard/browser/` by `build-dashboard-script.ts`.
 */
export const DASHBOARD_SCRIPT_FILE = 'dashboard.js';

type ScriptSource = () => Promise<string>;

/** In Lambda: read once from beside the bundle (`/var/task/dashboard.js`). */
let source: ScriptSource = () => readFile(join(__dirname, DASHBOARD_SCRIPT_FILE), 'utf8');
let loaded: Promise<string> | undefined;

/**
 * Where the script comes from when the handler runs from its TypeScript sources (`npm start`, tests):
 * the local runtime builds it from the sources on first use instead of reading a bundled file.
 */
export function useDashboardScriptSource(next: ScriptSource): void {
  source = next;
  loaded = undefined;
}

/** The page's script, loaded once per process (a failed load is tried again on the next request). */
export function dashboardScript(): Promise<string> {
  loaded ??= source().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}
