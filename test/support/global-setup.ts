import { startDynamoDbLocal, type RunningDynamoDbLocal } from '../../lambda/local/dynamodb-local';

/** One in-memory DynamoDB Local for the whole test run; each test file creates its own tables in it. */
export default async function globalSetup(): Promise<void> {
  const database = await startDynamoDbLocal();
  process.env.TOLLGATE_TEST_DYNAMODB_ENDPOINT = database.endpoint;
  (globalThis as { __TOLLGATE_DYNAMODB__?: RunningDynamoDbLocal }).__TOLLGATE_DYNAMODB__ = database;
}
