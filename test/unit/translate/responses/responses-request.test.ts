import { GatewayError } from '../../../../lambda/core/errors';
import { createTranslator } from '../../../../lambda/translate/translator-pipeline';
import { anthropicUpstreamCodec } from '../../../../lambda/translate/anthropic/codecs';
import { openAiUpstreamCodec } from '../../../../lambda/translate/openai/codecs';
import { geminiUpstreamCodec } from '../../../../lambda/translate/gemini/codecs';
import { responsesClientCodec } from '../../../../lambda/translate/responses/codecs';
import { planResponsesRequest } from '../../../../lambda/translate/responses/request-from-responses';
import { encodeReasoningToken } from '../../../../lambda/translate/responses/reasoning-token';
import { context } from '../support/sse';

const toDeepSeek = createTranslator(responsesClientCodec, openAiUpstreamCodec);
const toClaude = createTranslator(responsesClientCodec, anthropicUpstreamCodec);
const toGemini = createTranslator(responsesClientCodec, geminiUpstreamCodec);

const WEATHER = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } } },
};

/** A first turn as Codex CLI 0.171 sends it: developer messages, no `instructions`, a namespace and `web_search`. */
const codexTurn = {
  model: 'deepseek-chat',
  stream: true,
  store: false,
  include: ['reasoning.encrypted_content'],
  reasoning: { summary: 'auto' },
  prompt_cache_key: 'session-1',
  tool_choice: 'auto',
  parallel_tool_calls: true,
  input: [
    { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'List the files.' }] },
  ],
  tools: [
    {
      type: 'function',
      name: 'exec_command',
      description: 'Runs a command',
      strict: false,
      parameters: { type: 'object', properties: { cmd: { type: 'string' } } },
    },
    {
      type: 'namespace',
      name: 'multi_agent_v1',
      description: 'Sub-agents.',
      tools: [
        {
          type: 'function',
          name: 'close_agent',
          description: 'Close an agent',
          strict: false,
          parameters: { type: 'object', properties: {} },
        },
      ],
    },
    { type: 'web_search', external_web_access: false },
  ],
};

function errorOf(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GatewayError);
    return error as GatewayError;
  }
  throw new Error('expected a GatewayError');
}

describe('Responses API request → canonical', () => {
  it("translates Codex's first turn: developer messages become the system prompt, namespaced tools go up flat, web_search is dropped", () => {
    const plan = planResponsesRequest(codexTurn);
    expect(plan.canonical.system).toEqual([{ type: 'text', text: 'You are Codex.' }]);
    expect(plan.canonical.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'List the files.' }] }]);
    expect(plan.canonical.tools.map((tool) => tool.name)).toEqual(['exec_command', 'multi_agent_v1__close_agent']);
    expect(plan.canonical.tools[1].description).toBe('Sub-agents.\n\nClose an agent');
    expect(plan.droppedTools).toEqual(['web_search']);
    expect(plan.canonical.toolChoice).toEqual({ type: 'auto' });
    expect(plan.canonical.parallelToolCalls).toBe(true);
    expect(plan.canonical.reasoning).toBeUndefined();
    expect(plan.includeReasoningToken).toBe(true);
    expect(plan.toolNames.client('multi_agent_v1__close_agent')).toEqual({
      name: 'close_agent',
      namespace: 'multi_agent_v1',
      kind: 'function',
    });
    expect(plan.echo.tools).toHaveLength(2);
  });

  it('sends DeepSeek an OpenAI-compatible body with the tool history, reasoning_content on the tool-calling turn', () => {
    const body = {
      ...codexTurn,
      instructions: 'Be brief.',
      max_output_tokens: 500,
      temperature: 0.2,
      input: [
        ...codexTurn.input,
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'I should list them.' }], encrypted_content: null },
        { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: '{"cmd":"ls"}' },
        { type: 'function_call', call_id: 'call_2', namespace: 'multi_agent_v1', name: 'close_agent', arguments: '' },
        { type: 'function_call_output', call_id: 'call_1', output: 'a.txt' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'closed' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Done.' }] },
        { role: 'user', content: 'Thanks' },
      ],
    };
    const { body: upstream } = toDeepSeek.request(body, context({ upstreamModel: 'deepseek-chat' })) as { body: Record<string, unknown> };
    expect(upstream).toMatchObject({
      model: 'deepseek-chat',
      max_tokens: 500,
      temperature: 0.2,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(upstream.messages).toEqual([
      { role: 'system', content: 'Be brief.\n\nYou are Codex.' },
      { role: 'user', content: 'List the files.' },
      {
        role: 'assistant',
        content: null,
        reasoning_content: 'I should list them.',
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
          { id: 'call_2', type: 'function', function: { name: 'multi_agent_v1__close_agent', arguments: '{}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'a.txt' },
      { role: 'tool', tool_call_id: 'call_2', content: 'closed' },
      { role: 'assistant', content: 'Done.' },
      { role: 'user', content: 'Thanks' },
    ]);
    expect((upstream.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual([
      'exec_command',
      'multi_agent_v1__close_agent',
    ]);
  });

  it("gives Claude its signed thinking back from the reasoning item's encrypted_content, and images as blocks", () => {
    const body = {
      model: 'claude-sonnet-4-5',
      reasoning: { effort: 'high' },
      tools: [WEATHER],
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Weather?' },
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA' },
          ],
        },
        {
          type: 'reasoning',
          summary: [{ type: 'summary_text', text: 'Check the weather.' }],
          encrypted_content: encodeReasoningToken({ signature: 'sig-abc' }),
        },
        { type: 'function_call', call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Oslo"}' },
        { type: 'function_call_output', call_id: 'toolu_1', output: 'Sunny' },
      ],
    };
    const { body: upstream } = toClaude.request(body, context({ upstreamModel: 'claude-sonnet-4-5-20250929' })) as {
      body: Record<string, unknown>;
    };
    expect(upstream.thinking).toEqual({ type: 'enabled', budget_tokens: 24576 });
    expect(upstream.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Weather?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'Check the weather.', signature: 'sig-abc' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
    ]);
  });

  it('maps text.format, effort none and a forced function for Gemini', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const body = {
      model: 'gemini-2.5-flash',
      input: 'Answer in JSON',
      tools: [WEATHER],
      tool_choice: { type: 'function', name: 'get_weather' },
      reasoning: { effort: 'none' },
      text: { format: { type: 'json_schema', name: 'answer', schema } },
    };
    const { body: upstream } = toGemini.request(body, context({ upstreamModel: 'gemini-2.5-flash' })) as { body: Record<string, unknown> };
    expect(upstream).toMatchObject({
      contents: [{ role: 'user', parts: [{ text: 'Answer in JSON' }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } },
      generationConfig: { responseMimeType: 'application/json', responseJsonSchema: schema, thinkingConfig: { thinkingBudget: 0 } },
    });
  });

  it('turns a custom (free-form) tool into a function with one string argument, and its calls back', () => {
    const plan = planResponsesRequest({
      model: 'm',
      tools: [
        {
          type: 'custom',
          name: 'apply_patch',
          description: 'Patch files',
          format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' },
        },
      ],
      input: [
        { role: 'user', content: 'Fix it' },
        { type: 'custom_tool_call', call_id: 'c1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'c1', output: 'ok' },
      ],
    });
    expect(plan.canonical.tools[0]).toEqual({
      name: 'apply_patch',
      description: 'Patch files\n\nThe input must follow this lark grammar:\nstart: "x"',
      parameters: {
        type: 'object',
        properties: { input: { type: 'string', description: 'The raw input for the tool.' } },
        required: ['input'],
      },
    });
    expect(plan.canonical.messages[1]).toEqual({
      role: 'assistant',
      content: [{ type: 'tool-call', id: 'c1', name: 'apply_patch', input: { input: '*** Begin Patch' } }],
    });
    expect(plan.toolNames.client('apply_patch').kind).toBe('custom');
  });

  it('accepts store: true and ignores it (nothing is stored either way)', () => {
    expect(planResponsesRequest({ model: 'm', input: 'hi', store: true }).echo.store).toBe(false);
  });

  it.each([
    [{ previous_response_id: 'resp_1' }, 'previous_response_id', /stores no responses.*whole conversation in 'input'/],
    [{ conversation: 'conv_1' }, 'conversation', /stores no responses/],
    [{ background: true }, 'background', /could never be fetched/],
    [{ prompt: { id: 'pmpt_1' } }, 'prompt', /prompt template stored at OpenAI/],
    [{ tools: [{ type: 'web_search' }], tool_choice: { type: 'web_search' } }, 'tool_choice', /hosted tool 'web_search'/],
    [{ tool_choice: { type: 'file_search' } }, 'tool_choice', /hosted tool 'file_search'/],
    [{ tools: [WEATHER], tool_choice: { type: 'function', name: 'nope' } }, 'tool_choice.name', /not in tools/],
    [
      { tools: [{ type: 'web_search' }], tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'web_search' }] } },
      'tool_choice',
      /hosted tool 'web_search'/,
    ],
    [{ input: [{ type: 'item_reference', id: 'msg_1' }] }, 'input[0].type', /stores nothing/],
    [
      { input: [{ role: 'user', content: [{ type: 'input_file', file_id: 'f' }] }] },
      'input[0].content[0].type',
      /'input_file' cannot be translated/,
    ],
    [{ input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file-1' }] }] }, 'input[0].content[0].file_id', /OpenAI file/],
    [{ input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: '[1]' }] }, 'input[0].arguments', /JSON object/],
    [{ input: [{ type: 'function_call', name: 'f', arguments: '{}' }] }, 'input[0].call_id', /is required/],
    [{ input: [{ type: 'computer_call', id: 'x' }] }, 'input[0].type', /'computer_call' cannot be translated/],
    [{ input: 'hi', temperature: 3 }, 'temperature', /is not valid/],
  ])('refuses %j with a 400 naming %s', (fields, param, message) => {
    const error = errorOf(() => planResponsesRequest({ model: 'm', input: 'hi', ...fields }));
    expect(error.statusCode).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(message);
  });

  it('never quotes caller text in an error', () => {
    const error = errorOf(() => planResponsesRequest({ model: 'm', input: [{ type: 'SECRET words here', text: 'x' }] }));
    expect(error.message).not.toContain('SECRET');
  });
});
