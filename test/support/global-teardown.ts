import type { RunningDynamoDbLocal } from '../../lambda/local/dynamodb-local';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __TOLLGATE_DYNAMODB__?: RunningDynamoDbLocal }).__TOLLGATE_DYNAMODB__?.stop();
}
