import type { Protocol } from '../../../lambda/core/providers';
import { getTranslator } from '../../../lambda/translate/translators';
import { context } from './support/sse';

/**
 * P1: error messages name fields, never content. Every request below carries a canary in its
 * content (and, where the protocol allows, in the offending field itself); every upstream answer
 * below carries one in its text. None may show up in an error's message or param.
 */
const CANARY = 'CANARY-7f3a-secret';
const text = `please keep ${CANARY} private`;

const badRequests: Array<[Protocol, Protocol, Record<string, unknown>]> = [
  ['openai', 'anthropic', { model: 'm', messages: [{ role: 'user', content: text }], n: 3 }],
  ['openai', 'anthropic', { model: 'm', messages: [{ role: 'user', content: [{ type: CANARY, text }] }] }],
  [
    'openai',
    'anthropic',
    { model: 'm', messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: CANARY, format: 'wav' } }] }] },
  ],
  [
    'openai',
    'anthropic',
    {
      model: 'm',
      messages: [
        {
          role: 'assistant',
          content: text,
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: `{"q":"${CANARY}"` } }],
        },
      ],
    },
  ],
  [
    'openai',
    'anthropic',
    { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `data:image/${CANARY};base64,AA` } }] }] },
  ],
  ['openai', 'anthropic', { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: CANARY } }] }] }],
  ['openai', 'anthropic', { model: 'm', messages: [{ role: CANARY, content: text }] }],
  ['openai', 'anthropic', { model: 'm', messages: [{ role: 'user', content: text }], reasoning_effort: CANARY }],
  ['openai', 'anthropic', { model: 'm', messages: [{ role: 'user', content: text }], temperature: CANARY }],
  ['openai', 'anthropic', { model: 'm', messages: [{ role: 'user', content: text }], logit_bias: { [CANARY]: 'x' }, logprobs: true }],
  [
    'openai',
    'gemini',
    {
      model: 'm',
      messages: [
        { role: 'user', content: text },
        { role: 'tool', tool_call_id: CANARY, content: text },
      ],
    },
  ],
  [
    'openai',
    'gemini',
    { model: 'm', messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: `https://example.com/${CANARY}.png` } }] }] },
  ],
  ['anthropic', 'openai', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: CANARY, text }] }] }],
  [
    'anthropic',
    'openai',
    { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'document', source: { data: CANARY } }] }] },
  ],
  ['anthropic', 'openai', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: text }], tools: [{ type: CANARY, name: 'x' }] }],
  ['anthropic', 'openai', { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: text }], output_config: { effort: CANARY } }],
  ['anthropic', 'openai', { model: 'm', max_tokens: 5, system: [{ type: CANARY }], messages: [{ role: 'user', content: text }] }],
  [
    'anthropic',
    'openai',
    {
      model: 'm',
      max_tokens: 5,
      messages: [
        {
          role: 'user',
          content: [
            {
              type: 'tool_result',
              tool_use_id: 't',
              content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: CANARY } }],
            },
          ],
        },
      ],
    },
  ],
  [
    'anthropic',
    'gemini',
    { model: 'm', max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: CANARY, content: text }] }] },
  ],
  ['gemini', 'openai', { contents: [{ role: 'user', parts: [{ text }] }], tools: [{ [CANARY]: {} }] }],
  ['gemini', 'openai', { contents: [{ role: 'user', parts: [{ inlineData: { mimeType: CANARY, data: 'AA' } }] }] }],
  ['gemini', 'openai', { contents: [{ role: 'user', parts: [{ text }] }], toolConfig: { functionCallingConfig: { mode: CANARY } } }],
  [
    'gemini',
    'openai',
    { contents: [{ role: 'user', parts: [{ text }] }], generationConfig: { thinkingConfig: { thinkingLevel: CANARY } } },
  ],
  ['gemini', 'anthropic', { contents: [{ role: 'user', parts: [{ text, fileData: { fileUri: CANARY } }] }], cachedContent: CANARY }],
];

describe('no translator error echoes request or response content', () => {
  it.each(badRequests)('%s → %s rejects a bad request without the canary', (client, upstream, body) => {
    let caught: unknown;
    try {
      getTranslator(client, upstream).request(body, context());
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ statusCode: 400, kind: 'invalid_request' });
    const { message, param } = caught as { message: string; param?: string };
    expect(`${message} ${param}`).not.toContain('CANARY');
  });

  const pairs: Array<[Protocol, Protocol]> = [
    ['openai', 'anthropic'],
    ['openai', 'gemini'],
    ['anthropic', 'openai'],
    ['anthropic', 'anthropic'],
    ['anthropic', 'gemini'],
    ['gemini', 'openai'],
    ['gemini', 'anthropic'],
    ['gemini', 'gemini'],
  ];

  const upstreamData: Record<Protocol, string[]> = {
    openai: [`{"choices":[{"delta":{"content":5}}],"x":"${CANARY}"}`, `{"error":{"message":"${CANARY}"}}`, `not json ${CANARY}`],
    anthropic: [
      `{"type":"content_block_delta","index":"${CANARY}"}`,
      `{"type":"error","error":{"type":"overloaded_error","message":"${CANARY}"}}`,
      `{"type":"error","error":{"type":"${CANARY}","message":"${CANARY}"}}`,
    ],
    gemini: [`{"candidates":"${CANARY}"}`, `{"error":{"code":400,"message":"${CANARY}","status":"${CANARY}"}}`],
  };

  it.each(pairs)('%s → %s: malformed and error stream events become errors without the canary', (client, upstream) => {
    for (const item of upstreamData[upstream]) {
      const stream = getTranslator(client, upstream).stream(context(), { includeUsage: true });
      const frames = stream.push({ event: upstream === 'anthropic' ? 'content_block_delta' : undefined, data: item });
      const failure = stream.failure;
      expect(failure).toMatchObject({ message: expect.any(String) });
      expect(failure?.message).not.toContain('CANARY');
      // Nothing rides along where a later log line could pick it up.
      expect(JSON.stringify({ ...(failure as object), cause: String((failure as Error).cause) })).not.toContain('CANARY');
      expect(frames).not.toContain('CANARY');
      expect(frames).not.toBe('');
    }
  });

  it.each(pairs.filter(([client, upstream]) => client !== upstream))(
    '%s → %s: a malformed answer is a 502 without the canary',
    (client, upstream) => {
      const malformed = { choices: CANARY, content: CANARY, candidates: CANARY };
      expect(() => getTranslator(client, upstream).response(malformed, context())).toThrow(expect.objectContaining({ statusCode: 502 }));
      try {
        getTranslator(client, upstream).response(malformed, context());
      } catch (error) {
        expect((error as Error).message).not.toContain('CANARY');
        expect(JSON.stringify({ ...(error as object), cause: String((error as Error).cause) })).not.toContain('CANARY');
      }
    },
  );
});
