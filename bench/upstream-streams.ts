/**
 * Streamed answers as each upstream protocol sends them (PROTOCOLS.md: OpenAI-compatible for
 * DeepSeek and Ark, Anthropic's named events, Gemini's `alt=sse` chunks), with `contentEvents`
 * text deltas, one network read per event. Input for the in-process translation bench.
 */
import type { Protocol } from '../lambda/core/providers';

const WORDS = ['The ', 'quick ', 'brown ', 'fox ', 'jumps ', 'over ', 'the ', 'lazy ', 'dog, ', 'again.\n'];
const word = (index: number) => WORDS[index % WORDS.length];

function openAiStream(contentEvents: number): string[] {
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    `data: ${JSON.stringify({
      id: 'bench',
      object: 'chat.completion.chunk',
      created: 1767411028,
      model: 'deepseek-chat',
      system_fingerprint: 'fp_bench',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...extra,
    })}\n\n`;
  const usage = { prompt_tokens: 20, completion_tokens: contentEvents, total_tokens: 20 + contentEvents, prompt_cache_hit_tokens: 0 };
  return [
    ': keep-alive\n\n',
    chunk({ role: 'assistant', content: '' }, null),
    ...Array.from({ length: contentEvents }, (_, index) => chunk({ content: word(index) }, null)),
    chunk({ content: '' }, 'stop', { usage }),
    'data: [DONE]\n\n',
  ];
}

function anthropicStream(contentEvents: number): string[] {
  const event = (data: Readonly<Record<string, unknown>> & { readonly type: string }) =>
    `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
  return [
    event({
      type: 'message_start',
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    }),
    event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    event({ type: 'ping' }),
    ...Array.from({ length: contentEvents }, (_, index) =>
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: word(index) } }),
    ),
    event({ type: 'content_block_stop', index: 0 }),
    event({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: contentEvents } }),
    event({ type: 'message_stop' }),
  ];
}

function geminiStream(contentEvents: number): string[] {
  const partial = { promptTokenCount: 20, totalTokenCount: 20 };
  const full = { promptTokenCount: 20, candidatesTokenCount: contentEvents, totalTokenCount: 20 + contentEvents };
  return Array.from({ length: contentEvents }, (_, index) => {
    const last = index === contentEvents - 1;
    const chunk = {
      candidates: [{ content: { parts: [{ text: word(index) }], role: 'model' }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) }],
      usageMetadata: last ? full : partial,
      modelVersion: 'gemini-2.5-flash',
      responseId: 'resp-bench',
    };
    return `data: ${JSON.stringify(chunk)}\r\n\r\n`;
  });
}

/** The network reads of one streamed answer from an upstream speaking `protocol`. */
export function upstreamStream(protocol: Protocol, contentEvents: number): string[] {
  switch (protocol) {
    case 'openai':
      return openAiStream(contentEvents);
    case 'anthropic':
      return anthropicStream(contentEvents);
    case 'gemini':
      return geminiStream(contentEvents);
  }
}
