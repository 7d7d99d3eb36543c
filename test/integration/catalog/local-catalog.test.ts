import OpenAI from 'openai';
import type { FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { recordOf } from '../../support/usage-records';
import { tollgate } from './catalog-cli';

describe('tollgate models set: a model the running gateway serves at once (local catalog file)', () => {
  let upstreams: FakeUpstreams;
  let deepseek: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;
  let client: OpenAI;
  let cliEnvironment: Record<string, string>;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    deepseek = upstreams.deepseek;
    harness = await startGatewayHarness(upstreams.environment);
    // The CLI finds the same document the gateway reads.
    cliEnvironment = { TOLLGATE_CATALOG_FILE: process.env.TOLLGATE_CATALOG_FILE as string };
    client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: harness.key, maxRetries: 0 });
  });

  afterAll(async () => {
    await harness?.close();
    await upstreams?.close();
  });

  it('adds a model with its own upstream id and prices; the next request uses it and is priced with them', async () => {
    const missing = await client.chat.completions
      .create({ model: 'team-flash', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(OpenAI.NotFoundError);

    const set = await tollgate(
      cliEnvironment,
      'models',
      'set',
      'team-flash',
      '--provider',
      'deepseek',
      '--upstream-model',
      'deepseek-v4-flash',
      '--input',
      '1',
      '--output',
      '2',
      '--cache-read',
      '0.5',
      '--source',
      'negotiated 2026-11',
    );
    expect(set).toMatchObject({ code: 0 });

    const before = deepseek.received.length;
    const { data, response } = await client.chat.completions
      .create({ model: 'team-flash', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(data.model).toBe('team-flash');
    expect(deepseek.received[before].body.model).toBe('deepseek-v4-flash');
    const record = await recordOf(harness, response.headers.get('x-request-id'));
    // 12 uncached × $1/M + 8 cached × $0.5/M + 30 output × $2/M
    expect(record).toMatchObject({ model: 'team-flash', provider: 'deepseek', costUsd: 0.000076 });

    const listed = await client.models.list();
    expect(listed.data.map((model) => model.id)).toContain('team-flash');
    const shown = JSON.parse((await tollgate(cliEnvironment, 'models', '--json')).stdout) as Array<Record<string, unknown>>;
    expect(shown).toContainEqual(expect.objectContaining({ model: 'team-flash', origin: 'operator', inputUsdPerMillion: 1 }));
  });

  it('serves an alias and stops serving a removed name, both without a restart', async () => {
    expect((await tollgate(cliEnvironment, 'models', 'set', 'gpt-4o', '--alias-of', 'deepseek-v4-flash')).code).toBe(0);
    const before = deepseek.received.length;
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
    expect(deepseek.received[before].body.model).toBe('deepseek-v4-flash');

    expect((await tollgate(cliEnvironment, 'models', 'remove', 'gpt-4o')).code).toBe(0);
    const gone = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('refuses an invalid edit without touching the document the gateway serves', async () => {
    const bad = await tollgate(cliEnvironment, 'models', 'set', 'broken', '--alias-of', 'no-such-model');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/does not serve/);
    await expect(
      client.chat.completions.create({ model: 'team-flash', messages: [{ role: 'user', content: 'hi' }] }),
    ).resolves.toBeDefined();
  });

  it('answers a model its provider retires with a notice naming the end of life and the successor', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'claude-sonnet-4-5-20250929', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse();
    expect(response.headers.get('x-tollgate-model-deprecation')).toMatch(
      /^claude-sonnet-4-5-\* reache[sd] end of life on 2026-11-30.*successor: claude-sonnet-4-6/,
    );
  });
});
