import * as path from 'node:path';

const REPOSITORY = path.join(__dirname, '..', '..');
/** Builds the dashboard page's script (with Chart.js) from `lambda/dashboard/browser/`. */
const BUILD_SCRIPT = path.relative(REPOSITORY, path.join(REPOSITORY, 'lambda', 'dashboard', 'build-dashboard-script.ts'));

const quote = (text: string) => `'${text.replace(/'/g, "'\\''")}'`;

/**
 * The account function's after-bundling step: writes `dashboard.js` (the page's script, see
 * lambda/dashboard/dashboard-script.ts) beside `index.js`, built from the sources at synth time like the
 * handler itself, so the page in the bundle is always the page in the repository. Run from the
 * repository (`inputDir`), where tsx and esbuild are installed.
 */
export function dashboardBundlingCommands(inputDir: string, outputDir: string): string[] {
  return [`cd ${quote(inputDir)} && node --import tsx ${quote(BUILD_SCRIPT)} ${quote(outputDir)}`];
}
