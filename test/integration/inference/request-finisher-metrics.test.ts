import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { resolveModel } from '../../../lambda/core/catalog';
import { createRequestFinisher } from '../../../lambda/inference/request-finisher';
import type { RequestState } from '../../../lambda/inference/request-state';
import { Limits } from '../../../lambda/limits/limits';
import { METRIC_NAMESPACE, SERVICE_NAMES } from '../../../lambda/observability/metric-names';
import type { ApiKeyRecord } from '../../../lambda/store/api-keys-repository';
import { UsageRepository } from '../../../lambda/store/usage-repository';
import { captureOutput } from '../../support/emf-output';
import { createTestStore, type TestStore } from '../../support/test-store';

/** Far in the future: DynamoDB Local deletes items whose TTL has passed on the wall clock. */
const NOW = new Date('2099-11-27T03:10:20.000Z');
const USAGE = { inputTokens: 1000, outputTokens: 500 };
let counter = 0;

function keyRecord(): ApiKeyRecord {
  counter += 1;
  return {
    keyId: `metricskey${String(counter).padStart(3, '0')}`,
    accountId: `acct_metrics${counter}`,
    hash: '0'.repeat(64),
    prefix: 'tg_x_…',
    status: 'active',
    createdAt: NOW.toISOString(),
    rpmLimit: 100,
    tpmLimit: 100_000,
  };
}

describe('the request finisher’s metrics, against DynamoDB Local', () => {
  let store: TestStore;
  let output: ReturnType<typeof captureOutput>;
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: SERVICE_NAMES.inference });
  const logger = new Logger({ serviceName: SERVICE_NAMES.inference });

  beforeAll(async () => {
    store = await createTestStore();
  });
  afterAll(() => store.close());
  beforeEach(() => {
    output = captureOutput();
  });
  afterEach(() => output.restore());

  /** A metered request's finish, with the usage table and the counters table each working or missing. */
  async function finishMeteredRequest(options: { usageTableExists: boolean; countersTableExists: boolean }) {
    const key = keyRecord();
    const admission = await new Limits(store.documentClient, store.tableNames, () => NOW).admit(key, NOW);
    const settlingLimits = new Limits(
      store.documentClient,
      { ...store.tableNames, counters: options.countersTableExists ? store.tableNames.counters : 'no-such-counters-table' },
      () => NOW,
    );
    const usage = new UsageRepository(store.documentClient, options.usageTableExists ? store.tableNames.usage : 'no-such-usage-table');
    const finish = createRequestFinisher({ usage, limits: settlingLimits, logger, metrics, clock: () => NOW });
    const state: RequestState = {
      startedAt: NOW,
      protocol: 'openai',
      requestId: `req-metrics-${counter}`,
      operation: 'generate',
      streamed: true,
      responseBytes: 1234,
      key,
      model: resolveModel('deepseek-chat'),
      admission,
    };
    await finish(state, 200, USAGE, NOW);
    return state.requestId;
  }

  it('publishes one document with requests, tokens, cost and no metering failure when everything was written', async () => {
    const requestId = await finishMeteredRequest({ usageTableExists: true, countersTableExists: true });
    const documents = output.emf();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      service: 'tollgate-inference',
      provider: 'deepseek',
      model: 'deepseek-chat',
      Requests: 1,
      ServerErrors: 0,
      UpstreamErrors: 0,
      InputTokens: 1000,
      OutputTokens: 500,
      MeteringFailures: 0,
    });
    expect(documents[0].CostUsd).toBeGreaterThan(0);
    expect(await store.dumpAllTables()).toContain(requestId);
  });

  it('counts one metering failure, not two, when the record was written but the limits were not settled', async () => {
    const requestId = await finishMeteredRequest({ usageTableExists: true, countersTableExists: false });
    expect(await store.dumpAllTables()).toContain(requestId);
    const messages = output.logLines().map((line) => line.message);
    expect(messages).toEqual(expect.arrayContaining(['limits not settled', 'request metered']));
    const documents = output.emf();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ Requests: 1, MeteringFailures: 1, InputTokens: 1000 });
  });

  it('counts one metering failure when both the record and the settlement failed', async () => {
    await finishMeteredRequest({ usageTableExists: false, countersTableExists: false });
    const messages = output.logLines().map((line) => line.message);
    expect(messages).toEqual(expect.arrayContaining(['usage record not written', 'limits not settled']));
    expect(messages).not.toContain('request metered');
    const documents = output.emf();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({ Requests: 1, MeteringFailures: 1 });
  });

  it('keeps content and caller identities out of the metrics: catalog names and numbers only', async () => {
    await finishMeteredRequest({ usageTableExists: true, countersTableExists: true });
    const [document] = output.emf();
    const { _aws: emf, ...fields } = document;
    expect(emf.CloudWatchMetrics[0].Dimensions).toEqual([['service'], ['service', 'provider', 'model']]);
    const strings = Object.values(fields).filter((value) => typeof value === 'string');
    expect(strings.sort()).toEqual(['deepseek', 'deepseek-chat', 'tollgate-inference']);
  });
});
