import { GatewayError } from '../../../lambda/core/errors';
import type { Protocol } from '../../../lambda/core/providers';
import { requestFromAnthropic } from '../../../lambda/translate/anthropic/request-from-anthropic';
import { requestFromGemini } from '../../../lambda/translate/gemini/request-from-gemini';
import { requestFromOpenAi } from '../../../lambda/translate/openai/request-from-openai';
import { getTranslator } from '../../../lambda/translate/translators';
import { context } from './support/sse';

const PROTOCOLS: readonly Protocol[] = ['openai', 'anthropic', 'gemini'];

/** The 400 a body gets, through every translator that reads it (cross-protocol and passthrough). */
function refusals(client: Protocol, body: unknown): GatewayError[] {
  return PROTOCOLS.map((upstream) => {
    try {
      getTranslator(client, upstream).request(body, context());
    } catch (error) {
      return error as GatewayError;
    }
    throw new Error(`${client} → ${upstream} accepted the body`);
  });
}

const anthropic = (content: unknown) => ({ model: 'm', max_tokens: 10, messages: [{ role: 'user', content: [content] }] });

describe('Anthropic blocks are validated as themselves', () => {
  it.each([
    ['text: null', { type: 'text', text: null }, 'messages[0].content[0].text'],
    ['text: a number', { type: 'text', text: 5 }, 'messages[0].content[0].text'],
    ['a numeric tool_use id', { type: 'tool_use', id: 7, name: 'f', input: {} }, 'messages[0].content[0].id'],
    ['tool_use input as a string', { type: 'tool_use', id: 'a', name: 'f', input: 'x' }, 'messages[0].content[0].input'],
    ['tool_result content null', { type: 'tool_result', tool_use_id: 'a', content: null }, 'messages[0].content[0].content'],
    ['tool_result content a number', { type: 'tool_result', tool_use_id: 'a', content: 3 }, 'messages[0].content[0].content'],
    ['tool_result content an object', { type: 'tool_result', tool_use_id: 'a', content: { a: 1 } }, 'messages[0].content[0].content'],
    [
      'a wrongly typed block inside tool_result',
      { type: 'tool_result', tool_use_id: 'a', content: [{ type: 'text', text: [] }] },
      'messages[0].content[0].content[0].text',
    ],
    [
      'image data that is not base64',
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: '%%' } },
      'messages[0].content[0].source.data',
    ],
    ['thinking without its text', { type: 'thinking', signature: 's' }, 'messages[0].content[0].thinking'],
    ['a block that is not an object', 42, 'messages[0].content[0]'],
  ])('refuses %s with a 400 naming the field, on every route', (_name, block, field) => {
    for (const error of refusals('anthropic', anthropic(block))) {
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ statusCode: 400, param: field });
      expect(error.message).toContain(`'${field}'`);
    }
  });

  it('refuses an unknown block type when translating, naming the types there are; the passthrough leaves it to Anthropic', () => {
    const body = anthropic({ type: 'hologram', data: 1 });
    expect(() => requestFromAnthropic(body)).toThrow(expect.objectContaining({ statusCode: 400, param: 'messages[0].content[0].type' }));
    expect(() => requestFromAnthropic(body)).toThrow(/must be one of text, image, tool_use/);
    expect(getTranslator('anthropic', 'anthropic').request(body, context()).body).toMatchObject({ messages: body.messages });
  });

  it('names a known untranslatable type, never an unknown one', () => {
    expect(() => requestFromAnthropic(anthropic({ type: 'document', source: {} }))).toThrow(/'document' cannot be translated/);
    expect(() => requestFromAnthropic(anthropic({ type: 'secret_codename' }))).toThrow(
      expect.not.objectContaining({ message: expect.stringContaining('secret_codename') }),
    );
  });
});

describe('OpenAI and Gemini bodies get the same discipline', () => {
  const openai = (message: unknown) => ({ model: 'm', messages: [message] });
  it.each([
    ['content as a number', { role: 'user', content: 5 }, 'messages[0].content'],
    ['a text part with a null text', { role: 'user', content: [{ type: 'text', text: null }] }, 'messages[0].content[0].text'],
    [
      'an image part without its url',
      { role: 'user', content: [{ type: 'image_url', image_url: {} }] },
      'messages[0].content[0].image_url.url',
    ],
    [
      'tool call arguments as an object',
      { role: 'assistant', tool_calls: [{ id: 'a', function: { name: 'f', arguments: {} } }] },
      'messages[0].tool_calls[0].function.arguments',
    ],
    ['a tool message without its call id', { role: 'tool', content: 'x' }, 'messages[0].tool_call_id'],
  ])('OpenAI: refuses %s with a 400 naming the field, on every route', (_name, message, field) => {
    for (const error of refusals('openai', openai(message))) expect(error).toMatchObject({ statusCode: 400, param: field });
  });

  it('OpenAI: an unknown role is refused when translating and left to the provider on the passthrough', () => {
    expect(() => requestFromOpenAi(openai({ role: 'narrator', content: 'x' }))).toThrow(/must be one of/);
    expect(getTranslator('openai', 'openai').request(openai({ role: 'narrator', content: 'x' }), context()).body).toBeDefined();
  });

  it('OpenAI: data: URLs must carry base64', () => {
    const body = openai({ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,not base64!' } }] });
    expect(() => requestFromOpenAi(body)).toThrow(
      expect.objectContaining({ statusCode: 400, param: 'messages[0].content[0].image_url.url' }),
    );
  });

  const gemini = (part: unknown, role = 'user') => ({ contents: [{ role, parts: [part] }] });
  it.each([
    ['text as a number', { text: 1 }, 'contents[0].parts[0].text'],
    ['inline data that is not base64', { inlineData: { mimeType: 'image/png', data: '%%%' } }, 'contents[0].parts[0].inlineData.data'],
    ['function call args as an array', { functionCall: { name: 'f', args: [] } }, 'contents[0].parts[0].functionCall.args'],
    [
      'a function response that is not an object',
      { functionResponse: { name: 'f', response: 'x' } },
      'contents[0].parts[0].functionResponse.response',
    ],
    ['file data without its uri', { fileData: { mimeType: 'image/png' } }, 'contents[0].parts[0].fileData.fileUri'],
  ])('Gemini: refuses %s with a 400 naming the field, on every route', (_name, part, field) => {
    for (const error of refusals('gemini', gemini(part))) expect(error).toMatchObject({ statusCode: 400, param: field });
  });

  it('Gemini: roles are user or model', () => {
    expect(() => requestFromGemini(gemini({ text: 'x' }, 'wizard'))).toThrow(expect.objectContaining({ param: 'contents[0].role' }));
  });

  it('Gemini: a tool key that is not a built-in tool is refused without being repeated', () => {
    const body = { contents: [{ parts: [{ text: 'x' }] }], tools: [{ myCallerChosenKey: {} }] };
    expect(() => requestFromGemini(body)).toThrow(expect.objectContaining({ param: 'tools[0]' }));
    expect(() => requestFromGemini(body)).toThrow(expect.not.objectContaining({ message: expect.stringContaining('myCallerChosenKey') }));
    expect(() => requestFromGemini({ ...body, tools: [{ googleSearch: {} }] })).toThrow(
      expect.objectContaining({ param: 'tools[0].googleSearch' }),
    );
  });

  it('Gemini: function answers take the ids of unanswered calls, by name in order or by explicit id', () => {
    const request = requestFromGemini({
      contents: [
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'f', args: {}, id: 'first' } },
            { functionCall: { name: 'f', args: {} } },
            { functionCall: { name: 'g', args: {} } },
            { functionCall: { name: 'f', args: {} } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { name: 'f', response: {}, id: 'first' } },
            { functionResponse: { name: 'f', response: {} } },
            { functionResponse: { name: 'f', response: {} } },
            { functionResponse: { name: 'g', response: {} } },
            { functionResponse: { name: 'nobody', response: {} } },
          ],
        },
      ],
    });
    const answered = request.messages[1].content.map((part) => (part.type === 'tool-result' ? part.toolCallId : ''));
    expect(answered).toEqual(['first', 'call_0_1', 'call_0_3', 'call_0_2', 'call_1_4']);
  });

  it('Gemini: twenty thousand unmatched answers after twenty thousand calls are all answered (one pass each)', () => {
    const count = 20_000;
    const calls = Array.from({ length: count }, () => ({ functionCall: { name: 'f', args: {} } }));
    const answers = Array.from({ length: count }, () => ({ functionResponse: { name: 'g', response: {} } }));
    const request = requestFromGemini({
      contents: [
        { role: 'model', parts: calls },
        { role: 'user', parts: answers },
      ],
    });
    expect(request.messages[1].content).toHaveLength(count);
    expect(request.messages[1].content.at(-1)).toMatchObject({ type: 'tool-result', toolCallId: `call_1_${count - 1}` });
  });
});
