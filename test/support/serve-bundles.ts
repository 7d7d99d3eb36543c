/**
 * Serves the synthesized function bundles (not the sources) behind the local API Gateway stand-in, in its own process:
 * `tsx test/support/serve-bundles.ts <inference asset dir> <account asset dir>`. The bundles are loaded as the Lambda
 * runtime loads a handler (`require('<asset>/index.js').handler`), so whatever they left out must come from `NODE_PATH`
 * (the caller points it at a stand-in for the runtime's modules). Prints `listening <url>` once ready.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { installAwsLambdaShim } from '../../lambda/local/awslambda-shim';
import { createLocalServer, type BufferedHandler } from '../../lambda/local/local-server';

const [inferenceDirectory, accountDirectory] = process.argv.slice(2);
if (!inferenceDirectory || !accountDirectory) throw new Error('usage: serve-bundles.ts <inference asset dir> <account asset dir>');

// As in Lambda, the runtime's `awslambda` global exists before the handler module loads.
installAwsLambdaShim();
const load = createRequire(__filename);
const inference = (load(path.join(inferenceDirectory, 'index.js')) as { handler: unknown }).handler;
const account = (load(path.join(accountDirectory, 'index.js')) as { handler: BufferedHandler }).handler;

const { server } = createLocalServer({ inference, account });
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
