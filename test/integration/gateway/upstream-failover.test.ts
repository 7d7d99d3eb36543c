import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { keyFingerprint } from '../../../lambda/core/upstream-key-pool';
import { FAKE_UPSTREAM_KEYS, startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startKeyGate, type KeyGate } from '../../support/fake-upstreams/key-gate';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { recordOf } from '../../support/usage-records';

/**
 * Several upstream keys per provider (`DEEPSEEK_API_KEY=k1,k2`), with a key gate in front of each fake
 * upstream that refuses some keys the way providers do. Every request must still succeed on another
 * key, cool-downs must be honoured, and the usage record must say how many attempts were made.
 */
describe('upstream key failover', () => {
  let upstreams: FakeUpstreams;
  let deepseekGate: KeyGate;
  let anthropicGate: KeyGate;
  let geminiGate: KeyGate;
  let harness: GatewayHarness;
  let openai: OpenAI;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    deepseekGate = await startKeyGate(upstreams.deepseek.baseUrl, FAKE_UPSTREAM_KEYS.deepseek, {
      'ds-limited': { status: 429, retryAfter: '60' },
      'ds-good': 'pass',
    });
    anthropicGate = await startKeyGate(upstreams.anthropic.baseUrl, FAKE_UPSTREAM_KEYS.anthropic, {
      'ant-revoked': { status: 401 },
      'ant-good': 'pass',
    });
    geminiGate = await startKeyGate(upstreams.gemini.baseUrl, FAKE_UPSTREAM_KEYS.gemini, {
      'gem-flaky': { status: 503 },
      'gem-good': 'pass',
    });
    harness = await startGatewayHarness({
      ...upstreams.environment,
      TOLLGATE_DEEPSEEK_BASE_URL: deepseekGate.baseUrl,
      TOLLGATE_ANTHROPIC_BASE_URL: anthropicGate.baseUrl,
      TOLLGATE_GEMINI_BASE_URL: geminiGate.baseUrl,
      DEEPSEEK_API_KEY: 'ds-limited,ds-good',
      ANTHROPIC_API_KEY: 'ant-revoked, ant-good',
      GEMINI_API_KEY: 'gem-flaky,gem-good',
    });
    openai = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: harness.key, maxRetries: 0 });
  });

  afterAll(async () => {
    await harness?.close();
    await Promise.all([deepseekGate?.close(), anthropicGate?.close(), geminiGate?.close()]);
    await upstreams?.close();
  });

  it('answers every request on the other key when one is rate limited, and skips the limited key while it cools down', async () => {
    const attempts: number[] = [];
    for (let index = 0; index < 6; index++) {
      const stream = index % 2 === 0;
      const { response, data } = stream
        ? await openai.chat.completions
            .create({ model: 'deepseek-v4-flash', stream: true, messages: [{ role: 'user', content: `hi ${index}` }] })
            .withResponse()
        : await openai.chat.completions
            .create({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: `hi ${index}` }] })
            .withResponse();
      if (stream) for await (const chunk of data as AsyncIterable<unknown>) void chunk;
      else expect((data as OpenAI.ChatCompletion).choices[0].message.content).toContain(`hi ${index}`);
      expect(response.status).toBe(200);
      attempts.push((await recordOf(harness, response.headers.get('x-request-id'))).upstreamAttempts ?? 0);
    }
    // The limited key was asked once: its retry-after (60 s) keeps it out of every later request.
    expect(deepseekGate.seen.filter((key) => key === 'ds-limited')).toHaveLength(1);
    expect(deepseekGate.seen.filter((key) => key === 'ds-good')).toHaveLength(6);
    expect(attempts.reduce((sum, count) => sum + count, 0)).toBe(7);
    expect(attempts.filter((count) => count === 2)).toHaveLength(1);
  });

  it('disables a key the provider refuses (401) for good, logging its fingerprint only, and answers on the other key', async () => {
    const anthropic = new Anthropic({ baseURL: harness.gateway.url, apiKey: harness.key, maxRetries: 0 });
    const requestIds: Array<string | null> = [];
    for (let index = 0; index < 4; index++) {
      const { response, data } = await anthropic.messages
        .create({ model: 'claude-sonnet-4-6', max_tokens: 50, messages: [{ role: 'user', content: `hello ${index}` }] })
        .withResponse();
      expect(data.content[0]).toMatchObject({ type: 'text' });
      requestIds.push(response.headers.get('request-id'));
    }
    expect(anthropicGate.seen.filter((key) => key === 'ant-revoked')).toHaveLength(1);
    const attempts = await Promise.all(requestIds.map(async (id) => (await recordOf(harness, id)).upstreamAttempts));
    expect(attempts.reduce((sum: number, count) => sum + (count ?? 0), 0)).toBe(5);
    const refusedLines = harness
      .output()
      .split('\n')
      .filter((line) => line.includes('"upstream key refused"'));
    expect(refusedLines).toHaveLength(1);
    expect(JSON.parse(refusedLines[0])).toMatchObject({
      level: 'ERROR',
      provider: 'anthropic',
      keyFingerprint: keyFingerprint('ant-revoked'),
    });
    expect(harness.output()).not.toContain('ant-revoked');
  });

  it('tries a key that answered 5xx once more after a short pause, then the next key; the record counts every attempt', async () => {
    // Node's fetch, passed as the Gemini tests do (without it the SDK's request failed to send in this test process).
    const gemini = new GoogleGenAI({
      apiKey: harness.key,
      httpOptions: { baseUrl: harness.gateway.url, fetch: (input, init) => fetch(input, init) },
    });
    const flakyBefore = geminiGate.seen.filter((key) => key === 'gem-flaky').length;
    let flakyFirst = false;
    for (let index = 0; index < 2; index++) {
      const before = geminiGate.seen.length;
      const answer = await gemini.models.generateContent({ model: 'gemini-2.5-flash', contents: `hello ${index}` });
      expect(answer.text).toContain(`hello ${index}`);
      const keys = geminiGate.seen.slice(before);
      // Rotation starts at either key: from the flaky one it is tried twice, then the good one.
      expect([['gem-good'], ['gem-flaky', 'gem-flaky', 'gem-good']]).toContainEqual(keys);
      flakyFirst ||= keys[0] === 'gem-flaky';
      const id = answer.sdkHttpResponse?.headers?.['x-request-id'];
      expect((await recordOf(harness, id)).upstreamAttempts).toBe(keys.length);
    }
    // Two requests start from different keys: one of them met the flaky key.
    expect(flakyFirst).toBe(true);
    expect(geminiGate.seen.filter((key) => key === 'gem-flaky').length - flakyBefore).toBe(2);
  });

  it('never retries once the upstream has accepted the request: an error mid-stream reaches the caller', async () => {
    const before = deepseekGate.seen.length;
    const { response, data } = await openai.chat.completions
      .create({ model: 'deepseek-v4-flash', stream: true, messages: [{ role: 'user', content: '#scenario=error-mid-stream' }] })
      .withResponse();
    const failure = await (async () => {
      for await (const chunk of data) void chunk;
    })().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(deepseekGate.seen.slice(before)).toEqual(['ds-good']);
    expect((await recordOf(harness, response.headers.get('x-request-id'))).upstreamAttempts).toBe(1);
  });

  it('answers the caller 429 with retry-after once every key is cooling down, without calling the upstream', async () => {
    deepseekGate.rules.set('ds-good', { status: 429, retryAfter: '30' });
    try {
      // ds-good now answers 429 (ds-limited is still cooling): the caller gets the upstream's 429.
      const first = await openai.chat.completions
        .create({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: 'hi' }] })
        .catch((error: unknown) => error);
      expect(first).toBeInstanceOf(OpenAI.RateLimitError);
      const seenBefore = deepseekGate.seen.length;
      const second = await openai.chat.completions
        .create({ model: 'deepseek-v4-flash', messages: [{ role: 'user', content: 'hi' }] })
        .catch((error: unknown) => error);
      expect(second).toBeInstanceOf(OpenAI.RateLimitError);
      const refused = second as InstanceType<typeof OpenAI.RateLimitError>;
      expect(Number(refused.headers?.get('retry-after'))).toBeGreaterThan(20);
      expect(refused.message).toMatch(/Every upstream key for deepseek is rate limited/);
      expect(deepseekGate.seen.length).toBe(seenBefore);
      const record = await recordOf(harness, refused.headers?.get('x-request-id'));
      expect(record).toMatchObject({ status: 429, provider: 'deepseek' });
      expect(record.upstreamAttempts).toBeUndefined();
    } finally {
      // Both keys stay cooling in the gateway's pool: this test runs last.
      deepseekGate.rules.set('ds-good', 'pass');
    }
  });
});
