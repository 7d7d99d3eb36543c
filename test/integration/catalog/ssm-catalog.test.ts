import OpenAI from 'openai';
import type { FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startFakeSsmServer, type FakeSsmServer } from '../../support/fake-ssm-server';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { tollgate } from './catalog-cli';

const PARAMETER = '/tollgate/Tollgate/catalog';

/**
 * The AWS path: the catalog document in an SSM parameter, written by the CLI and read by the
 * inference handler with its cache, through the real AWS SDK client against a fake Parameter Store.
 * (The synthesized stack's grant, environment and output are checked in test/infra.)
 */
describe('tollgate models set on a deployment (SSM parameter)', () => {
  let upstreams: FakeUpstreams;
  let deepseek: FakeOpenAiCompatibleServer;
  let ssm: FakeSsmServer;
  let harness: GatewayHarness;
  let ssmEnvironment: Record<string, string>;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    deepseek = upstreams.deepseek;
    ssm = await startFakeSsmServer();
    ssmEnvironment = { TOLLGATE_CATALOG_PARAMETER: PARAMETER, TOLLGATE_SSM_ENDPOINT: ssm.endpoint, AWS_REGION: 'eu-west-1' };
    harness = await startGatewayHarness({ ...upstreams.environment, ...ssmEnvironment, TOLLGATE_CATALOG_CACHE_SECONDS: '0.2' });
  });

  afterAll(async () => {
    await harness?.close();
    await ssm?.close();
    await upstreams?.close();
  });

  it('serves a model within the cache time after the CLI wrote the parameter', async () => {
    const client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: harness.key, maxRetries: 0 });
    const ask = () => client.chat.completions.create({ model: 'ep-20261129000000-abcde', messages: [{ role: 'user', content: 'hi' }] });
    await expect(ask()).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    const set = await tollgate(
      ssmEnvironment,
      'models',
      'set',
      'ep-20261129000000-abcde',
      '--provider',
      'deepseek',
      '--input',
      '0.2',
      '--output',
      '0.4',
    );
    expect(set).toMatchObject({ code: 0 });
    const stored = ssm.parameters.get(PARAMETER);
    expect(stored?.tier).toBe('Intelligent-Tiering');
    expect(JSON.parse(stored?.value ?? '{}')).toEqual({
      models: { 'ep-20261129000000-abcde': { provider: 'deepseek', prices: { input: 0.2, output: 0.4 } } },
      removed: [],
    });

    const before = deepseek.received.length;
    let answer: unknown;
    for (let attempt = 0; attempt < 50 && !answer; attempt++) {
      answer = await ask().catch(() => undefined);
      if (!answer) await new Promise((wake) => setTimeout(wake, 100));
    }
    expect(answer).toBeDefined();
    expect(deepseek.received.slice(before).some((request) => request.body.model === 'ep-20261129000000-abcde')).toBe(true);
  });
});
