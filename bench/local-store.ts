/** What the DynamoDB benches share: an in-memory DynamoDB Local with Tollgate's tables, and a percentile. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTables } from '../lambda/local/create-tables';
import { startDynamoDbLocal } from '../lambda/local/dynamodb-local';
import { createDocumentClient } from '../lambda/store/client';
import { LOCAL_TABLE_NAMES } from '../lambda/store/tables';

/** DynamoDB Local with the local tables created; `stop` ends it. */
export async function startBenchStore(): Promise<{ client: DynamoDBDocumentClient; stop: () => Promise<void> }> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const database = await startDynamoDbLocal();
  const raw = new DynamoDBClient({
    endpoint: database.endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  await createTables(raw, LOCAL_TABLE_NAMES);
  return {
    client: createDocumentClient({ endpoint: database.endpoint }),
    stop: async () => {
      raw.destroy();
      await database.stop();
    },
  };
}

/** The p-th percentile of an ascending list (nearest rank). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}
