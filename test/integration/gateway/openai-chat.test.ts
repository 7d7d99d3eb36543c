import OpenAI from 'openai';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  startFakeOpenAiCompatibleServer,
  FAKE_USAGE,
  type FakeOpenAiCompatibleServer,
} from '../../support/fake-upstreams/openai-compatible-server';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import type { UsageRecord } from '../../../lambda/store/usage-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import { dayShardOf } from '../../../lambda/store/day-shard';

const DEEPSEEK_KEY = 'sk-upstream-deepseek-secret';
const ARK_KEY = 'ark-upstream-secret';
const CANARY = 'CANARY-7f3a9c-do-not-store';

describe('OpenAI Chat Completions through the local runtime to DeepSeek and Ark', () => {
  let deepseek: FakeOpenAiCompatibleServer;
  let ark: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;
  let client: OpenAI;

  beforeAll(async () => {
    deepseek = await startFakeOpenAiCompatibleServer('deepseek', DEEPSEEK_KEY);
    ark = await startFakeOpenAiCompatibleServer('ark', ARK_KEY);
    harness = await startGatewayHarness({
      TOLLGATE_DEEPSEEK_BASE_URL: deepseek.baseUrl,
      TOLLGATE_ARK_BASE_URL: ark.baseUrl,
      DEEPSEEK_API_KEY: DEEPSEEK_KEY,
      ARK_API_KEY: ARK_KEY,
      TOLLGATE_ARK_ENDPOINT_IDS: 'ep-20250101000000-abcde, ep-20250202000000-fghij',
      TOLLGATE_KEEP_ALIVE_SECONDS: '0.3',
      TOLLGATE_MAX_BODY_BYTES: String(256 * 1024),
      TOLLGATE_API_KEY_CACHE_SECONDS: '0.001',
      TOLLGATE_UPSTREAM_HEADERS_TIMEOUT_SECONDS: '3',
    });
    client = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: harness.key, maxRetries: 0 });
  });

  afterAll(async () => {
    await harness?.close();
    await deepseek?.close();
    await ark?.close();
  });

  async function usageRecords(): Promise<UsageRecord[]> {
    const { Items } = await harness.store.documentClient.send(
      new QueryCommand({
        TableName: harness.store.tableNames.usage,
        KeyConditionExpression: 'accountId = :a',
        ExpressionAttributeValues: { ':a': harness.accountId },
      }),
    );
    return (Items ?? []) as UsageRecord[];
  }

  /** The request's usage record. It is written after the response has ended, so wait for it briefly. */
  async function recordOf(requestId: string | null | undefined): Promise<UsageRecord> {
    let matches: UsageRecord[] = [];
    for (let attempt = 0; attempt < 40 && matches.length === 0; attempt++) {
      if (attempt > 0) await new Promise((wake) => setTimeout(wake, 50));
      matches = (await usageRecords()).filter((record) => record.requestId === requestId);
    }
    expect(matches).toHaveLength(1);
    return matches[0];
  }

  it('streams a DeepSeek answer with usage when the caller asks for it, and meters it field by field', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'deepseek-chat',
        messages: [{ role: 'user', content: `Say ${CANARY}` }],
        stream: true,
        stream_options: { include_usage: true },
      })
      .withResponse();
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
      expect(chunk.model).toBe('deepseek-chat');
    }
    expect(text).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 8 } });

    const record = await recordOf(response.headers.get('x-request-id'));
    const { timestamp, sk, expiresAt, latencyMs, timeToFirstByteMs, day, dayShard, requestId, ...rest } = record;
    expect(rest).toEqual({
      accountId: harness.accountId,
      keyId: harness.keyId,
      model: 'deepseek-chat',
      provider: 'deepseek',
      protocol: 'openai',
      operation: 'generate',
      streamed: true,
      status: 200,
      inputTokens: FAKE_USAGE.hit + FAKE_USAGE.miss,
      cacheReadTokens: FAKE_USAGE.hit,
      outputTokens: FAKE_USAGE.completion,
      reasoningTokens: 0,
      // deepseek-chat is priced as V4 Flash: 12 uncached × $0.14/M + 8 cached × $0.0028/M + 30 output × $0.28/M
      costUsd: 0.000010102,
      upstreamAttempts: 1,
    });
    expect(sk).toBe(`${timestamp}#${requestId}`);
    expect(day).toBe(timestamp.slice(0, 10));
    expect(dayShard).toBe(dayShardOf(day, requestId));
    const ageAtExpiry = expiresAt - Date.parse(timestamp) / 1000;
    expect(ageAtExpiry).toBeGreaterThan(80 * 86_400);
    expect(ageAtExpiry).toBeLessThanOrEqual(88 * 86_400);
    expect(latencyMs).toBeGreaterThanOrEqual(timeToFirstByteMs as number);
    expect(timeToFirstByteMs).toBeGreaterThanOrEqual(0);
  });

  it('asks the upstream for usage on every stream but hides the usage chunk from callers that did not ask', async () => {
    const before = ark.received.length;
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'doubao-seed-1-6-250615',
        messages: [
          { role: 'developer', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
        ],
        stream: true,
      })
      .withResponse();
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.usage === undefined || chunk.usage === null)).toBe(true);
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.at(-1)?.choices[0].finish_reason).toBe('stop');

    const upstreamRequest = ark.received[before];
    expect(upstreamRequest.body).toMatchObject({ model: 'doubao-seed-1-6-250615', stream: true, stream_options: { include_usage: true } });
    expect((upstreamRequest.body.messages as Array<{ role: string }>)[0].role).toBe('system');
    expect(upstreamRequest.headers.authorization).toBe(`Bearer ${ARK_KEY}`);
    expect(JSON.stringify(upstreamRequest.headers)).not.toContain(harness.key);

    const record = await recordOf(response.headers.get('x-request-id'));
    expect(record).toMatchObject({ provider: 'ark', inputTokens: 20, cacheReadTokens: 8, outputTokens: 30, status: 200 });
  });

  it("passes Ark's separate usage chunk on to a caller that asked for usage", async () => {
    const stream = await client.chat.completions.create({
      model: 'ep-20250101000000-abcde',
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    const last = chunks.at(-1) as OpenAI.ChatCompletionChunk;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 20, completion_tokens: 30 });
  });

  it("answers a non-streamed request despite DeepSeek's leading blank lines, with reasoning passed through", async () => {
    const { data: completion, response } = await client.chat.completions
      .create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'Why?' }] })
      .withResponse();
    expect(completion.choices[0].message.content).toBe('Echo: Why? — 完了 ✓');
    expect((completion.choices[0].message as unknown as { reasoning_content: string }).reasoning_content).toBe('Thinking about it.');
    expect(completion.usage).toMatchObject({
      prompt_tokens: 20,
      prompt_tokens_details: { cached_tokens: 8 },
      completion_tokens_details: { reasoning_tokens: 10 },
    });
    const record = await recordOf(response.headers.get('x-request-id'));
    expect(record).toMatchObject({ streamed: false, reasoningTokens: 10, outputTokens: 30, model: 'deepseek-reasoner' });
  });

  it('streams tool-call argument fragments through unchanged', async () => {
    const stream = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'Weather? #scenario=tool-call' }],
      tools: [
        { type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } } },
      ],
      stream: true,
    });
    let argumentsText = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      argumentsText += chunk.choices[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(JSON.parse(argumentsText)).toEqual({ city: 'Paris' });
    expect(finish).toBe('tool_calls');
  });

  it('refuses missing, malformed and revoked keys with 401 in the OpenAI shape, without metering', async () => {
    const noKey = await fetch(`${harness.gateway.url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_api_key', message: expect.stringContaining('header') },
    });

    const wrong = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: 'tg_aaaaaaaaaaaa_' + 'x'.repeat(43), maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

    const { key, keyId } = await harness.newKey();
    const revokedClient = new OpenAI({ baseURL: `${harness.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    await revokedClient.models.list();
    await new ApiKeysRepository(harness.store.documentClient, harness.store.tableNames.apiKeys).revoke(keyId);
    await expect(revokedClient.models.list()).rejects.toMatchObject({ status: 401, message: expect.stringContaining('revoked') });
    // The revoked key's refusals are not metered: only its one successful call is.
    await new Promise((wake) => setTimeout(wake, 300));
    expect((await usageRecords()).filter((record) => record.keyId === keyId)).toHaveLength(1);
    expect((await usageRecords()).filter((record) => record.status === 401)).toHaveLength(0);
  });

  it('refuses a key sent in the URL with a 400 that says to use a header', async () => {
    const response = await fetch(`${harness.gateway.url}/v1/models?key=${harness.key}`);
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/header/);
  });

  it('names what to fix for invalid JSON, missing fields, unknown models and oversized bodies', async () => {
    const post = (body: string) =>
      fetch(`${harness.gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
        body,
      });
    const invalidJson = await post('{"model": "deepseek-chat",');
    expect(invalidJson.status).toBe(400);
    expect((await invalidJson.json()).error).toMatchObject({
      type: 'invalid_request_error',
      message: expect.stringContaining('not valid JSON'),
    });

    const noMessages = await post(JSON.stringify({ model: 'deepseek-chat' }));
    expect(noMessages.status).toBe(400);
    expect((await noMessages.json()).error).toMatchObject({ param: 'messages', message: expect.stringContaining("'messages'") });

    const noModel = await post(JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }));
    expect((await noModel.json()).error).toMatchObject({ param: 'model' });

    await expect(
      client.chat.completions.create({ model: 'gpt-imaginary', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      message: expect.stringContaining('GET /v1/models lists'),
    });

    const huge = await post(JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'x'.repeat(300 * 1024) }] }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.message).toContain('262144 bytes');
  });

  it('maps upstream 429 and 503 answers to the same statuses with retry-after', async () => {
    const limited = await client.chat.completions
      .create({ model: 'deepseek-chat', messages: [{ role: 'user', content: '#scenario=rate-limited' }], stream: true })
      .catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect((limited as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('7');

    const overloaded = await client.chat.completions
      .create({ model: 'doubao-seed-1-6-250615', messages: [{ role: 'user', content: '#scenario=overloaded' }] })
      .catch((error: unknown) => error);
    expect(overloaded).toMatchObject({ status: 503 });
  });

  it('ends a stream with an error event when the upstream fails mid-stream, and still meters it once', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'deepseek-chat', messages: [{ role: 'user', content: `${CANARY} #scenario=error-mid-stream` }], stream: true })
      .withResponse();
    let text = '';
    const failure = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    })().catch((error: unknown) => error);
    expect(text.length).toBeGreaterThan(0);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect(String((failure as Error).message)).not.toContain(CANARY);
    const record = await recordOf(response.headers.get('x-request-id'));
    expect(record.status).toBe(502);
  });

  it('ends a stream with an error event when the upstream connection is cut before the answer completes', async () => {
    const stream = await client.chat.completions.create({
      model: 'doubao-seed-1-6-250615',
      messages: [{ role: 'user', content: '#scenario=cut-mid-stream' }],
      stream: true,
    });
    await expect(
      (async () => {
        for await (const _chunk of stream);
      })(),
    ).rejects.toMatchObject({ message: expect.stringContaining('ended before the answer was complete') });
  });

  it('meters a stream whose caller went away after the first chunk, once, with the whole usage', async () => {
    const controller = new AbortController();
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      signal: controller.signal,
      headers: { authorization: `Bearer ${harness.key}` },
      body: JSON.stringify({
        model: 'deepseek-chat',
        stream: true,
        messages: [{ role: 'user', content: 'A long answer, which I will not wait for.' }],
      }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    controller.abort();
    const record = await recordOf(response.headers.get('x-request-id'));
    expect(record).toMatchObject({ status: 200, inputTokens: 20, outputTokens: 30, cacheReadTokens: 8 });
  });

  it('writes keep-alive comments while the upstream is slow to answer', async () => {
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}` },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: '#scenario=slow-headers' }], stream: true }),
    });
    expect(response.status).toBe(200);
    const body = await response.text();
    const firstData = body.indexOf('data: ');
    expect(body.slice(0, firstData)).toMatch(/^(: keep-alive\n\n)+$/);
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('keeps a slow non-streamed request alive with leading newlines, and the SDK still reads the answer', async () => {
    const raw = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}` },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'wait #scenario=slow-headers' }] }),
    });
    expect(raw.status).toBe(200);
    const text = await raw.text();
    expect(text).toMatch(/^\n+\{/);
    expect(JSON.parse(text).choices[0].message.content).toContain('wait');

    const completion = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'again #scenario=slow-headers' }],
    });
    expect(completion.choices[0].message.content).toContain('again');
  });

  it('gives up on an upstream that sends headers and then nothing, and meters the 504', async () => {
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}` },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: '#scenario=stall-body' }] }),
    });
    // Committed to 200 by the keep-alive newlines; the error follows as the body.
    const body = JSON.parse(await response.text()) as { error: { code: string } };
    expect(body.error.code).toBe('upstream_timeout');
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({ status: 504 });
  });

  it('never stores a model name outside the catalog, and refuses names that are not model names', async () => {
    const unknown = await client.chat.completions
      .create({ model: 'my-private-project-codename', messages: [{ role: 'user', content: 'x' }] })
      .withResponse()
      .catch((error: { status: number; headers: Headers; error: unknown }) => error);
    expect(unknown).toMatchObject({ status: 404 });
    const record = await recordOf((unknown as { headers: Headers }).headers.get('x-request-id'));
    expect(record).toMatchObject({ model: 'unknown', provider: 'none', status: 404 });
    expect(await harness.store.dumpAllTables()).not.toContain('my-private-project-codename');
    expect(JSON.stringify((unknown as { error: unknown }).error)).toMatch(/not in this gateway's catalog/);
    expect(JSON.stringify((unknown as { error: unknown }).error)).not.toContain('my-private-project-codename');

    await expect(
      client.chat.completions.create({ model: 'a model name with spaces and a secret', messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({
      status: 400,
      param: 'model',
    });
    await expect(
      client.chat.completions.create({ model: 'deepseek-' + 'x'.repeat(200), messages: [{ role: 'user', content: 'x' }] }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('stores the catalog family of a name matched by prefix, never the name; serves only the Ark endpoints the operator listed', async () => {
    const hostile = 'deepseek-../../CALLER-TEXT-1b2c';
    const { data: completion, response } = await client.chat.completions
      .create({ model: hostile, messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(completion.model).toBe(hostile); // the caller's own answer may echo it
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({ model: 'deepseek-*', provider: 'deepseek', status: 200 });

    const configured = await client.chat.completions
      .create({ model: 'ep-20250202000000-fghij', messages: [{ role: 'user', content: 'x' }] })
      .withResponse();
    expect(await recordOf(configured.response.headers.get('x-request-id'))).toMatchObject({ model: 'ep-20250202000000-fghij' });

    const unlisted = await client.chat.completions
      .create({ model: 'ep-CALLER-TEXT-3d4e', messages: [{ role: 'user', content: 'x' }] })
      .catch((error: { status: number; message: string; headers: Headers }) => error);
    expect(unlisted).toMatchObject({ status: 404, message: expect.stringContaining('operator') });
    expect(await recordOf((unlisted as { headers: Headers }).headers.get('x-request-id'))).toMatchObject({ model: 'unknown' });

    const missingRoute = await fetch(`${harness.gateway.url}/v1/CALLER-TEXT-5f6a`, { headers: { authorization: `Bearer ${harness.key}` } });
    expect(missingRoute.status).toBe(404);
    expect(await missingRoute.text()).not.toContain('CALLER-TEXT');

    expect(await harness.store.dumpAllTables()).not.toContain('CALLER-TEXT');
    expect(harness.output()).not.toContain('CALLER-TEXT');
  });

  it('lists the catalog on GET /v1/models and describes one model on GET /v1/models/{id}, metered as model lookups', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(expect.arrayContaining(['deepseek-chat', 'deepseek-reasoner', 'doubao-seed-1-6-250615']));
    const { data: model, response } = await client.models.retrieve('ep-20250101000000-abcde').withResponse();
    expect(model).toEqual({ id: 'ep-20250101000000-abcde', object: 'model', created: expect.any(Number), owned_by: 'ark' });
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({ operation: 'listModels', status: 200, costUsd: 0 });
    await expect(client.models.retrieve('gpt-imaginary')).rejects.toMatchObject({ status: 404 });
  });

  it('never stores or logs the canary sent in prompts and returned in completions', async () => {
    await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: CANARY }] });
    const dump = await harness.store.dumpAllTables();
    expect(dump).toContain(harness.accountId); // the dump really holds the records
    expect(dump).not.toContain(CANARY);
    const output = harness.output();
    expect(output).toContain('request metered'); // the log really was captured
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(harness.key);
  });
});
