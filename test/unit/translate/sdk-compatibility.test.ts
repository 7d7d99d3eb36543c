import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { getTranslator } from '../../../lambda/translate/translators';
import { context, fixtureText, parseSse, runStream } from './support/sse';

/**
 * The official SDKs read what the translators write: each translated stream is served to the
 * SDK through a stub fetch, and the SDK's own accumulation must give back the answer.
 */
function translated(
  client: 'openai' | 'anthropic' | 'gemini',
  upstream: 'openai' | 'anthropic' | 'gemini',
  fixture: string,
  publicModel = 'm',
): string {
  const events = parseSse([new TextEncoder().encode(fixtureText(fixture))]);
  return runStream(getTranslator(client, upstream).stream(context({ publicModel }), { includeUsage: true }), events).output;
}

const sseResponse = (body: string) => () =>
  Promise.resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));

describe('official SDKs accept the translated streams', () => {
  it('@anthropic-ai/sdk accumulates a DeepSeek tool call with its thinking and usage', async () => {
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: 'http://gateway.test',
      fetch: sseResponse(translated('anthropic', 'openai', 'openai/deepseek-reasoner-tool.chunks.txt')),
      maxRetries: 0,
    });
    const message = await client.messages
      .stream({ model: 'deepseek-reasoner', max_tokens: 100, messages: [{ role: 'user', content: 'x' }] })
      .finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'The user wants 天気 in Zürich.', signature: '' },
      { type: 'text', text: 'Checking…' },
      { type: 'tool_use', id: 'call_00_abc', name: 'get_weather', input: { city: 'Zürich' } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage).toMatchObject({ input_tokens: 56, cache_read_input_tokens: 64, output_tokens: 80 });
  });

  it('@anthropic-ai/sdk raises the translated mid-stream error as an overloaded error', async () => {
    const client = new Anthropic({
      apiKey: 'k',
      baseURL: 'http://gateway.test',
      fetch: sseResponse(translated('anthropic', 'gemini', 'gemini/error-mid-stream.chunks.txt')),
      maxRetries: 0,
    });
    await expect(
      client.messages.stream({ model: 'g', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).finalMessage(),
    ).rejects.toMatchObject({
      error: { type: 'error', error: { type: 'overloaded_error' } },
    });
  });

  it('openai accumulates an Anthropic tool call, reasoning aside', async () => {
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: 'http://gateway.test/v1',
      fetch: sseResponse(translated('openai', 'anthropic', 'anthropic/thinking-tool.chunks.txt')),
      maxRetries: 0,
    });
    const completion = await client.chat.completions
      .stream({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } })
      .finalChatCompletion();
    expect(completion.choices[0].message.content).toBe('Sure — checking 東京 ☀️');
    expect(completion.choices[0].message.tool_calls).toEqual([
      { id: 'toolu_01KF', type: 'function', function: { name: 'get_weather', arguments: '{"city": "東京", "unit": "celsius"}' } },
    ]);
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.usage).toMatchObject({ prompt_tokens: 912, completion_tokens: 47, prompt_tokens_details: { cached_tokens: 800 } });
  });

  it('openai raises the translated mid-stream error', async () => {
    const client = new OpenAI({
      apiKey: 'k',
      baseURL: 'http://gateway.test/v1',
      fetch: sseResponse(translated('openai', 'anthropic', 'anthropic/error-mid-stream.chunks.txt')),
      maxRetries: 0,
    });
    const stream = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }], stream: true });
    await expect(
      (async () => {
        for await (const chunk of stream) void chunk;
      })(),
    ).rejects.toThrow(/overloaded/);
  });

  describe('@google/genai', () => {
    let fetchSpy: jest.SpyInstance;
    afterEach(() => fetchSpy.mockRestore());

    it('reads a DeepSeek tool call as whole functionCall parts with usage', async () => {
      fetchSpy = jest
        .spyOn(globalThis, 'fetch')
        .mockImplementation(sseResponse(translated('gemini', 'openai', 'openai/deepseek-reasoner-tool.chunks.txt')));
      const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: 'http://gateway.test' } });
      const text: string[] = [];
      const calls: unknown[] = [];
      let usage: unknown;
      for await (const chunk of await ai.models.generateContentStream({ model: 'deepseek-reasoner', contents: 'x' })) {
        for (const part of chunk.candidates?.[0]?.content?.parts ?? []) {
          if (part.functionCall) calls.push(part.functionCall);
          else if (part.text && !part.thought) text.push(part.text);
        }
        if (chunk.usageMetadata) usage = chunk.usageMetadata;
      }
      expect(text.join('')).toBe('Checking…');
      expect(calls).toEqual([{ id: 'call_00_abc', name: 'get_weather', args: { city: 'Zürich' } }]);
      expect(usage).toMatchObject({ promptTokenCount: 120, cachedContentTokenCount: 64, thoughtsTokenCount: 50 });
    });

    it('raises the translated mid-stream error', async () => {
      fetchSpy = jest
        .spyOn(globalThis, 'fetch')
        .mockImplementation(sseResponse(translated('gemini', 'anthropic', 'anthropic/error-mid-stream.chunks.txt')));
      const ai = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: 'http://gateway.test' } });
      await expect(
        (async () => {
          for await (const chunk of await ai.models.generateContentStream({ model: 'claude-haiku-4-5', contents: 'x' })) void chunk;
        })(),
      ).rejects.toThrow(/503|UNAVAILABLE/);
    });
  });
});
