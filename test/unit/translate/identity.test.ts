import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, fixtureJson, fixtureText, runFixtureAllSplits, runStream } from './support/sse';

describe('anthropic → anthropic (identity)', () => {
  const translator = getTranslator('anthropic', 'anthropic');
  const anthropicContext = {
    ...context({ upstreamModel: 'claude-sonnet-4-5-20250929' }),
    clientHeaders: { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14', authorization: 'Bearer x' },
  };

  it('passes the body through untouched, unknown fields included, with the upstream model and the caller’s version and beta headers', () => {
    const body = {
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi', cache_control: { type: 'ephemeral', ttl: '1h' } }] }],
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      future_field: { anything: [1, 2, 3] },
    };
    const result = translator.request(body, anthropicContext);
    expect(result.body).toEqual({ ...body, model: 'claude-sonnet-4-5-20250929' });
    expect(result.headers).toEqual({ 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14' });
  });

  it('re-emits every event verbatim and merges message_start input usage with the cumulative message_delta usage', () => {
    const fixture = fixtureText('anthropic/thinking-tool.chunks.txt');
    const run = runFixtureAllSplits('anthropic/thinking-tool.chunks.txt', () =>
      translator.stream(anthropicContext, { includeUsage: true }),
    );
    expect(run.output).toBe(fixture.replace(/\r\n/g, '\n'));
    expect(run.usage).toEqual({
      inputTokens: 912,
      cacheReadTokens: 800,
      cacheWriteTokens: 100,
      outputTokens: 47,
      reasoningTokens: undefined,
    });
    expect(run.completed).toBe(true);
  });

  it('keeps message_start input counts when message_delta reports only output tokens', () => {
    const run = runFixtureAllSplits('anthropic/text.chunks.txt', () => translator.stream(anthropicContext, { includeUsage: true }));
    expect(run.usage).toEqual({
      inputTokens: 11,
      cacheReadTokens: undefined,
      cacheWriteTokens: undefined,
      outputTokens: 6,
      reasoningTokens: undefined,
    });
  });

  it('turns an error event into a GatewayError and renders our own error event', () => {
    const run = runFixtureAllSplits('anthropic/error-mid-stream.chunks.txt', () =>
      translator.stream(anthropicContext, { includeUsage: true }),
    );
    expect(run.error).toMatchObject({ statusCode: 529, kind: 'overloaded' });
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({
      event: 'error',
      data: { type: 'error', error: { type: 'overloaded_error', message: expect.any(String) } },
    });
    expect(run.output).not.toContain('CANARY');
    expect(run.usage?.inputTokens).toBe(20);
  });

  it('returns non-streaming answers untouched with their usage; anything else is a 502', () => {
    const answer = fixtureJson('anthropic/tool-use.json');
    expect(translator.response(answer, anthropicContext)).toEqual({
      body: answer,
      usage: { inputTokens: 100, cacheReadTokens: 70, cacheWriteTokens: 5, outputTokens: 40, reasoningTokens: undefined },
    });
    for (const notAnAnswer of ['nope', { input_tokens: 42 }, { type: 'error', error: { type: 'overloaded_error' } }]) {
      expect(() => translator.response(notAnAnswer, anthropicContext)).toThrow(expect.objectContaining({ statusCode: 502 }));
    }
  });
});

describe('gemini → gemini (identity)', () => {
  const translator = getTranslator('gemini', 'gemini');
  const geminiContext = context({ upstreamModel: 'gemini-2.5-flash' });

  it('passes the body through untouched', () => {
    const body = {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/abc',
    };
    expect(translator.request(body, geminiContext)).toEqual({ body });
  });

  it('re-emits events verbatim (CRLF separators normalized), the last usageMetadata wins', () => {
    const run = runFixtureAllSplits('gemini/thinking-text.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    expect(run.output).toBe(fixtureText('gemini/thinking-text.chunks.txt').replace(/\r\n/g, '\n'));
    expect(run.usage).toEqual({ inputTokens: 1200, cacheReadTokens: 1000, outputTokens: 40, reasoningTokens: 31 });
    expect(run.completed).toBe(true);
  });

  it('completes on a promptFeedback block without candidates', () => {
    const run = runFixtureAllSplits('gemini/prompt-blocked.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    expect(run.completed).toBe(true);
    expect(run.usage).toEqual({ inputTokens: 7, cacheReadTokens: undefined, outputTokens: undefined, reasoningTokens: undefined });
  });

  it('turns a bare JSON error object mid-stream into a Gemini error frame without its message', () => {
    const run = runFixtureAllSplits('gemini/error-mid-stream.chunks.txt', () => translator.stream(geminiContext, { includeUsage: true }));
    expect(run.error).toMatchObject({ statusCode: 503, kind: 'overloaded' });
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({ data: { error: { code: 503, message: expect.any(String), status: 'UNAVAILABLE' } } });
    expect(run.output).not.toContain('CANARY');
    expect(run.usage?.inputTokens).toBe(5);
  });

  it('returns answers untouched with usage; anything else is a 502', () => {
    const answer = fixtureJson('gemini/function-call.json');
    expect(translator.response(answer, geminiContext)).toEqual({
      body: answer,
      usage: { inputTokens: 293, cacheReadTokens: 200, outputTokens: 122, reasoningTokens: 102 },
    });
    for (const notAnAnswer of [{ totalTokens: 31 }, { error: { code: 429, status: 'RESOURCE_EXHAUSTED' } }]) {
      expect(() => translator.response(notAnAnswer, geminiContext)).toThrow(expect.objectContaining({ statusCode: 502 }));
    }
  });
});

describe('openai → openai (identity)', () => {
  const translator = getTranslator('openai', 'openai');
  const openAiContext = context({ publicModel: 'deepseek-reasoner', upstreamModel: 'deepseek-reasoner' });

  it('relays chunks with their provider extensions, the caller’s model name and standard cache fields, then its own [DONE]', () => {
    const run = runFixtureAllSplits('openai/deepseek-reasoner-tool.chunks.txt', () =>
      translator.stream(openAiContext, { includeUsage: true }),
    );
    const events = clientEvents(run.output);
    expect(events[events.length - 1]).toEqual({ data: '[DONE]' });
    const chunks = events.slice(0, -1).map((event) => event.data as Record<string, unknown>);
    expect(chunks.every((chunk) => chunk.model === 'deepseek-reasoner' && chunk.system_fingerprint === 'fp_x')).toBe(true);
    expect(JSON.stringify(chunks)).toContain('reasoning_content');
    const usage = chunks.find((chunk) => chunk.usage)?.usage as Record<string, unknown>;
    expect(usage).toMatchObject({
      prompt_cache_hit_tokens: expect.any(Number),
      prompt_tokens_details: { cached_tokens: expect.any(Number) },
    });
    expect(run.completed).toBe(true);
  });

  it('hides the usage it always asks for from a caller that did not ask for it', () => {
    const run = runFixtureAllSplits('openai/ark-reasoning-text.chunks.txt', () =>
      translator.stream(openAiContext, { includeUsage: false }),
    );
    const chunks = clientEvents(run.output).map((event) => event.data);
    expect(JSON.stringify(chunks)).not.toContain('usage');
    expect(run.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('renders a mid-stream error exactly as the translating OpenAI encoder does (one renderer), without the upstream’s message', () => {
    const identity = runFixtureAllSplits('openai/error-mid-stream.chunks.txt', () =>
      translator.stream(openAiContext, { includeUsage: true }),
    );
    const translated = runFixtureAllSplits('anthropic/error-mid-stream.chunks.txt', () =>
      getTranslator('openai', 'anthropic').stream(openAiContext, { includeUsage: true }),
    );
    const last = (run: typeof identity) => clientEvents(run.output).pop()?.data as { error: Record<string, unknown> };
    expect(Object.keys(last(identity).error).sort()).toEqual(Object.keys(last(translated).error).sort());
    expect(last(identity).error).toEqual({ message: expect.any(String), type: 'server_error', param: null, code: 'upstream_error' });
    expect(identity.output).not.toContain('CANARY');
    expect(identity.output).not.toContain('[DONE]');
  });

  it('fails a stream that ends without a finish reason, even after [DONE]', () => {
    const stream = translator.stream(openAiContext, { includeUsage: true });
    let output = stream.push({ data: JSON.stringify({ choices: [{ index: 0, delta: { content: 'Hel' } }] }) });
    output += stream.push({ data: '[DONE]' });
    output += stream.end();
    expect(stream.failure).toMatchObject({ statusCode: 502 });
    expect(clientEvents(output).pop()).toEqual({ data: { error: expect.objectContaining({ code: 'upstream_error' }) } });
  });
});

describe('identity relays', () => {
  it('relay events the gateway does not model (Anthropic server tools, citations) byte for byte, pings included', () => {
    const events = [
      { event: 'message_start', data: '{"type":"message_start","message":{"usage":{"input_tokens":3,"output_tokens":1}}}' },
      {
        event: 'content_block_start',
        data: '{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srv"}}',
      },
      { event: 'ping', data: '{"type": "ping"}' },
      { event: 'content_block_delta', data: '{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","x":1}}' },
      { event: 'future_event', data: '{"type":"future_event"}' },
      { event: 'message_delta', data: '{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}' },
      { data: '{"type":"message_stop"}' },
    ];
    const run = runStream(getTranslator('anthropic', 'anthropic').stream(context(), { includeUsage: true }), events);
    expect(run.error).toBeUndefined();
    expect(run.output).toBe(events.map((event) => `event: ${event.event ?? 'message_stop'}\ndata: ${event.data}\n\n`).join(''));
  });

  it('keep a data value that spans lines whole, one data field per line', () => {
    const run = runStream(getTranslator('gemini', 'gemini').stream(context(), { includeUsage: true }), [
      { data: '{"candidates":[{"content":{"parts":[{"text":"hi"}]},\n"finishReason":"STOP"}]}' },
    ]);
    expect(run.output).toBe('data: {"candidates":[{"content":{"parts":[{"text":"hi"}]},\ndata: "finishReason":"STOP"}]}\n\n');
    expect(clientEvents(run.output)[0].data).toEqual({ candidates: [{ content: { parts: [{ text: 'hi' }] }, finishReason: 'STOP' }] });
  });
});
