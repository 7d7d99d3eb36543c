import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { UsageRecord } from '../../lambda/store/usage-repository';
import type { GatewayHarness } from './gateway-harness';

/** Every usage record of the harness's account. */
export async function usageRecords(harness: GatewayHarness): Promise<UsageRecord[]> {
  const { Items } = await harness.store.documentClient.send(
    new QueryCommand({
      TableName: harness.store.tableNames.usage,
      KeyConditionExpression: 'accountId = :a',
      ExpressionAttributeValues: { ':a': harness.accountId },
    }),
  );
  return (Items ?? []) as UsageRecord[];
}

/**
 * The one usage record of a request (fails unless there is exactly one). Records are written after
 * the response has ended, so this polls briefly.
 */
export async function recordOf(harness: GatewayHarness, requestId: string | null | undefined): Promise<UsageRecord> {
  expect(requestId).toBeTruthy();
  let matches: UsageRecord[] = [];
  for (let attempt = 0; attempt < 40 && matches.length === 0; attempt++) {
    if (attempt > 0) await new Promise((wake) => setTimeout(wake, 50));
    matches = (await usageRecords(harness)).filter((record) => record.requestId === requestId);
  }
  // A second record would be a double write: wait a moment and look again.
  await new Promise((wake) => setTimeout(wake, 30));
  matches = (await usageRecords(harness)).filter((record) => record.requestId === requestId);
  expect(matches).toHaveLength(1);
  return matches[0];
}
