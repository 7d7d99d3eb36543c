import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { DASHBOARD_SCRIPT_FILE } from './dashboard-script';

/** The page's entry point: everything under `browser/` runs in the browser, never in Node. */
export const DASHBOARD_ENTRY = join(__dirname, 'browser', 'main.ts');

/**
 * Bundles the page's script with Chart.js into one minified script for the browser (an IIFE, inlined
 * into the page). Chart.js's license comment is kept at the end. The output is ASCII (esbuild escapes
 * the rest), so its hash in the Content-Security-Policy does not depend on how the page is encoded.
 * Used at synth time (the account function's bundle), by `npm start` and by `tollgate dashboard`.
 */
export async function buildDashboardScript(): Promise<string> {
  const result = await build({
    entryPoints: [DASHBOARD_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  const script = result.outputFiles[0].text;
  // Inlined in a <script> element: the text must not be able to end it.
  if (/<\/script/i.test(script)) throw new Error('The dashboard script contains "</script": it cannot be inlined.');
  return script;
}

/** `node --import tsx lambda/dashboard/build-dashboard-script.ts OUT_DIR`: writes OUT_DIR/dashboard.js. */
async function main(outputDirectory: string | undefined): Promise<void> {
  if (!outputDirectory) throw new Error('Usage: build-dashboard-script.ts OUT_DIR');
  mkdirSync(outputDirectory, { recursive: true });
  writeFileSync(join(outputDirectory, DASHBOARD_SCRIPT_FILE), await buildDashboardScript());
}

if (require.main === module) {
  main(process.argv[2]).catch((error: unknown) => {
    process.stderr.write(`build-dashboard-script: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
