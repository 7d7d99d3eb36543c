import { getTranslator } from '../../../lambda/translate/translators';
import { clientEvents, context, fixtureJson, fixtureText, runFixtureAllSplits } from './support/sse';

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

  it('returns non-streaming answers untouched with their usage; count_tokens answers meter nothing', () => {
    const answer = fixtureJson('anthropic/tool-use.json');
    expect(translator.response(answer, anthropicContext)).toEqual({
      body: answer,
      usage: { inputTokens: 100, cacheReadTokens: 70, cacheWriteTokens: 5, outputTokens: 40, reasoningTokens: undefined },
    });
    expect(translator.response({ input_tokens: 42 }, anthropicContext)).toEqual({ body: { input_tokens: 42 }, usage: {} });
    expect(() => translator.response('nope', anthropicContext)).toThrow(expect.objectContaining({ statusCode: 502 }));
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

  it('returns answers untouched with usage; countTokens answers meter nothing', () => {
    const answer = fixtureJson('gemini/function-call.json');
    expect(translator.response(answer, geminiContext)).toEqual({
      body: answer,
      usage: { inputTokens: 293, cacheReadTokens: 200, outputTokens: 122, reasoningTokens: 102 },
    });
    expect(translator.response({ totalTokens: 31 }, geminiContext)).toEqual({ body: { totalTokens: 31 }, usage: {} });
  });
});
