import { mkdirSync } from 'node:fs';
import { ensureDevAccount } from './dev-account';
import { JavaMissingError } from './dynamodb-local';
import { startLocalGateway } from './local-gateway';
import { dataDirectory, readRuntimeInfo, removeRuntimeInfo, writeRuntimeInfo } from './runtime-info';

/** `npm start`: the whole gateway on this machine, with DynamoDB Local under TOLLGATE_DATA_DIR. */
async function main(): Promise<void> {
  // The local runtime runs on the machine's Node.js; the SDK's notice about Node 20 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const directory = dataDirectory();
  const running = readRuntimeInfo(directory);
  if (running) {
    throw new Error(
      `A gateway is already running from ${directory} (pid ${running.pid}, ${running.gatewayUrl}). Stop it first, or set TOLLGATE_DATA_DIR.`,
    );
  }
  mkdirSync(directory, { recursive: true });
  const port = Number(process.env.PORT || 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got '${process.env.PORT}'.`);

  const gateway = await startLocalGateway({ port, dataDirectory: directory });
  writeRuntimeInfo(directory, {
    pid: process.pid,
    gatewayUrl: gateway.url,
    dynamoDbEndpoint: gateway.dynamoDbEndpoint,
    startedAt: new Date().toISOString(),
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the gateway and DynamoDB Local...\n`);
    removeRuntimeInfo(directory);
    await gateway.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const dev = await ensureDevAccount(directory, gateway.dynamoDbEndpoint);
  const lines = [
    `Tollgate is listening on ${gateway.url}`,
    `  data:     ${directory} (DynamoDB Local at ${gateway.dynamoDbEndpoint})`,
    `  account:  ${dev.accountId}`,
    dev.key
      ? `  API key:  ${dev.key}\n            (shown once: copy it now; more with \`npx tollgate keys create --account ${dev.accountId}\`)`
      : `  API key:  ${dev.keyId} (created on the first start; new ones with \`npx tollgate keys create --account ${dev.accountId}\`)`,
    `  try:      curl ${gateway.url}/v1/models -H "Authorization: Bearer <key>"`,
    'Press Ctrl-C to stop.',
  ];
  process.stderr.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof JavaMissingError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`tollgate: ${message}\n`);
  process.exit(1);
});
