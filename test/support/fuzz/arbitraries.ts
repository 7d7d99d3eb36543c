import fc from 'fast-check';

/**
 * Generators of hostile requests for the fuzz suite: bodies of each client protocol that are
 * valid-shaped with wrong types, deeply nested, huge, unicode, keyed by prototype names, with
 * thousands of messages, broken base64 images and hostile model names; and hostile header sets.
 *
 * Every string a caller chooses starts with CANARY, so that the suite can look for it in every
 * table, log line and error body: it must never appear there.
 */
export const CANARY = 'Zq9Cnry';

/** Placeholder for nesting too deep for JSON.stringify, replaced in the body text. */
const DEEP = (depth: number) => `@@deep:${depth}@@`;

export const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf'] as const;

const huge = fc.integer({ min: 20_000, max: 800_000 }).map((length) => 'x'.repeat(length));

/** A caller-chosen string: unicode, lone surrogates, control characters (huge ones are added per body, see bodyText). */
export const callerString: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('../../etc/passwd', '%00', '\u0000', '\u202e', '<script>', "'; DROP TABLE usage; --", '{{7*7}}'),
    },
  )
  .map((text) => `${CANARY}${text}`);

const key: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 1, arbitrary: callerString.filter((text) => text.length < 100) },
);

/** Any JSON value, with caller strings and prototype-named keys, a few levels deep. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(-1, 0, 1e308, -0.5, Number.MAX_SAFE_INTEGER + 2),
    callerString,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(key, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** Nesting past the documented depth (128), up to thousands of levels. */
const deep: fc.Arbitrary<string> = fc.oneof(fc.integer({ min: 100, max: 140 }), fc.integer({ min: 1_000, max: 20_000 })).map(DEEP);

/** Mostly the valid value, sometimes any value, sometimes too deep. */
function field<T>(valid: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 8, arbitrary: valid }, { weight: 2, arbitrary: anyValue }, { weight: 1, arbitrary: deep });
}

/** An object of the given fields, any of them left out, plus extra keys (prototype names among them). */
function shape(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(key, anyValue, { maxKeys: 2 }))
    .map(([known, extra]) => Object.assign(Object.create(null) as Record<string, unknown>, extra, known));
}

const base64 = fc.oneof(fc.base64String({ maxLength: 40 }), callerString, fc.constant('@@@notbase64==='), fc.constant(''));
const mediaType = fc.oneof(fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp'), callerString);
const imageUrl = fc.oneof(
  fc.tuple(mediaType, base64).map(([type, data]) => `data:${type};base64,${data}`),
  callerString.map((text) => `https://example.com/${encodeURIComponent(text.slice(0, 60))}.png`),
  callerString,
);

/** Catalog names, caller text that a family pattern would accept, and text no pattern accepts. */
export const modelName: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('deepseek-chat', 'claude-sonnet-4-5', 'gemini-2.5-flash') },
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom('deepseek-', 'claude-', 'gemini-', 'doubao-', 'ep-', 'deepseek-../../', ''), callerString)
      .map(([prefix, text]) => `${prefix}${text.slice(0, 200)}`),
  },
  { weight: 1, arbitrary: anyValue },
);

const toolSchema = fc.oneof(
  fc.constant({ type: 'object', properties: { city: { type: 'string' } } }),
  fc.dictionary(key, anyValue, { maxKeys: 3 }),
);

/** Many copies of one message: thousands of turns. */
function many<T>(message: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc
    .tuple(
      message.filter((one) => serialize(one).length < 400),
      fc.integer({ min: 1_000, max: 5_000 }),
    )
    .map(([one, count]) => Array.from({ length: count }, () => one));
}

function messages<T>(message: fc.Arbitrary<T>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 10, arbitrary: fc.array(message, { maxLength: 4 }) },
    { weight: 1, arbitrary: many(message) },
    { weight: 2, arbitrary: anyValue },
  );
}

// OpenAI Chat Completions
const openAiPart = fc.oneof(
  shape({ type: fc.constant('text'), text: field(callerString) }),
  shape({
    type: fc.constant('image_url'),
    image_url: field(shape({ url: field(imageUrl), detail: field(fc.constantFrom('low', 'high')) })),
  }),
  shape({ type: fc.oneof(fc.constantFrom('input_audio', 'file', 'refusal', 'video_url'), callerString) }),
  anyValue,
);
const openAiContent = fc.oneof(callerString, fc.array(openAiPart, { maxLength: 3 }), fc.constant(null));
const openAiToolCall = shape({
  id: field(callerString),
  type: field(fc.constant('function')),
  function: field(shape({ name: field(callerString), arguments: field(fc.oneof(fc.constant('{"city":"Paris"}'), callerString, deep)) })),
});
const openAiMessage = fc.oneof(
  shape({ role: field(fc.constantFrom('system', 'developer', 'user')), content: field(openAiContent) }),
  shape({ role: fc.constant('assistant'), content: field(openAiContent), tool_calls: field(fc.array(openAiToolCall, { maxLength: 2 })) }),
  shape({ role: fc.constant('tool'), tool_call_id: field(callerString), content: field(openAiContent) }),
  anyValue,
);
export const openAiBody = shape({
  model: modelName,
  messages: messages(openAiMessage),
  stream: field(fc.boolean()),
  max_tokens: field(fc.integer({ min: 1, max: 4096 })),
  temperature: field(fc.double({ min: 0, max: 2, noNaN: true })),
  n: field(fc.integer({ min: 1, max: 3 })),
  stop: field(fc.oneof(callerString, fc.array(callerString, { maxLength: 2 }))),
  tools: field(
    fc.array(
      shape({ type: fc.constant('function'), function: field(shape({ name: field(callerString), parameters: field(toolSchema) })) }),
      { maxLength: 2 },
    ),
  ),
  tool_choice: field(fc.oneof(fc.constantFrom('auto', 'none', 'required'), callerString)),
  response_format: field(shape({ type: field(fc.constantFrom('text', 'json_object', 'json_schema')) })),
  reasoning_effort: field(fc.oneof(fc.constantFrom('low', 'medium', 'high'), callerString)),
  user: field(callerString),
});

// Anthropic Messages
const anthropicImage = shape({
  type: fc.constant('image'),
  source: field(
    fc.oneof(
      shape({ type: fc.constant('base64'), media_type: field(mediaType), data: field(base64) }),
      shape({ type: fc.constant('url'), url: field(imageUrl) }),
    ),
  ),
});
const anthropicText = shape({ type: fc.constant('text'), text: field(callerString) });
const anthropicBlock = fc.oneof(
  anthropicText,
  anthropicImage,
  shape({
    type: fc.constant('tool_use'),
    id: field(callerString),
    name: field(callerString),
    input: field(fc.dictionary(key, anyValue, { maxKeys: 2 })),
  }),
  shape({
    type: fc.constant('tool_result'),
    tool_use_id: field(callerString),
    content: field(fc.oneof(callerString, fc.array(fc.oneof(anthropicText, anthropicImage), { maxLength: 2 }))),
    is_error: field(fc.boolean()),
  }),
  shape({ type: fc.constant('thinking'), thinking: field(callerString), signature: field(callerString) }),
  shape({ type: fc.constant('redacted_thinking'), data: field(callerString) }),
  shape({ type: fc.oneof(fc.constantFrom('document', 'server_tool_use', 'mcp_tool_use'), callerString) }),
  anyValue,
);
const anthropicMessage = fc.oneof(
  shape({
    role: field(fc.constantFrom('user', 'assistant', 'system')),
    content: field(fc.oneof(callerString, fc.array(anthropicBlock, { maxLength: 3 }))),
  }),
  anyValue,
);
export const anthropicBody = shape({
  model: modelName,
  max_tokens: field(fc.integer({ min: 1, max: 4096 })),
  messages: messages(anthropicMessage),
  system: field(fc.oneof(callerString, fc.array(anthropicText, { maxLength: 2 }))),
  stream: field(fc.boolean()),
  temperature: field(fc.double({ min: 0, max: 1, noNaN: true })),
  tools: field(
    fc.array(
      shape({ name: field(callerString), description: field(callerString), input_schema: field(toolSchema), type: field(callerString) }),
      { maxLength: 2 },
    ),
  ),
  tool_choice: field(shape({ type: field(fc.constantFrom('auto', 'any', 'tool', 'none')), name: field(callerString) })),
  thinking: field(
    shape({ type: field(fc.constantFrom('enabled', 'disabled', 'adaptive')), budget_tokens: field(fc.integer({ min: 1, max: 8192 })) }),
  ),
  metadata: field(shape({ user_id: field(callerString) })),
});

// Gemini generateContent
const geminiPart = fc.oneof(
  shape({ text: field(callerString) }),
  shape({ inlineData: field(shape({ mimeType: field(mediaType), data: field(base64) })) }),
  shape({
    functionCall: field(
      shape({ name: field(callerString), args: field(fc.dictionary(key, anyValue, { maxKeys: 2 })), id: field(callerString) }),
    ),
  }),
  shape({ functionResponse: field(shape({ name: field(callerString), response: field(fc.dictionary(key, anyValue, { maxKeys: 2 })) })) }),
  shape({ fileData: field(shape({ fileUri: field(callerString) })), executableCode: field(shape({ code: field(callerString) })) }),
  anyValue,
);
const geminiContent = fc.oneof(
  shape({ role: field(fc.constantFrom('user', 'model')), parts: field(fc.array(geminiPart, { maxLength: 3 })) }),
  anyValue,
);
export const geminiBody = shape({
  contents: messages(geminiContent),
  systemInstruction: field(shape({ parts: field(fc.array(geminiPart, { maxLength: 2 })) })),
  generationConfig: field(
    shape({
      temperature: field(fc.double({ min: 0, max: 2, noNaN: true })),
      maxOutputTokens: field(fc.integer({ min: 1, max: 4096 })),
      stopSequences: field(fc.array(callerString, { maxLength: 2 })),
      thinkingConfig: field(shape({ thinkingBudget: field(fc.integer()), thinkingLevel: field(callerString) })),
    }),
  ),
  tools: field(
    fc.array(
      shape({
        functionDeclarations: field(fc.array(shape({ name: field(callerString), parameters: field(toolSchema) }), { maxLength: 2 })),
        googleSearch: field(anyValue),
      }),
      { maxLength: 2 },
    ),
  ),
});

const catalogModel = fc.constantFrom('deepseek-chat', 'claude-sonnet-4-5', 'gemini-2.5-flash');
const turns = <T>(turn: fc.Arbitrary<T>) => fc.array(turn, { minLength: 1, maxLength: 3 });

/** Valid bodies with hostile text (unicode, prototype-named keys in tool input): these reach the fake upstreams. */
export const validBodies = {
  openai: fc.record({
    model: catalogModel,
    messages: turns(fc.record({ role: fc.constant('user'), content: callerString })),
    stream: fc.boolean(),
    max_tokens: fc.integer({ min: 1, max: 100 }),
  }),
  anthropic: fc.record({
    model: catalogModel,
    max_tokens: fc.integer({ min: 1, max: 100 }),
    messages: turns(
      fc.record({
        role: fc.constant('user'),
        content: fc.oneof(callerString, fc.array(shape({ type: fc.constant('text'), text: callerString }), { minLength: 1, maxLength: 2 })),
      }),
    ),
    stream: fc.boolean(),
  }),
  gemini: fc.record({
    contents: turns(
      fc.record({ role: fc.constant('user'), parts: fc.array(fc.record({ text: callerString }), { minLength: 1, maxLength: 2 }) }),
    ),
  }),
} as const;

/** A request body as text: the generated value (a valid one now and then), top-level non-objects, or text that is not JSON. */
export function bodyText(body: fc.Arbitrary<unknown>, valid: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 20, arbitrary: body },
      { weight: 5, arbitrary: valid },
      // One huge string: under the body limit it is parsed and translated, over it a 413.
      { weight: 1, arbitrary: fc.tuple(body, huge).map(([value, text]) => ({ ...(value as object), note: `${CANARY}${text}` })) },
      { weight: 1, arbitrary: anyValue },
      { weight: 1, arbitrary: deep },
    )
    .chain((value) =>
      fc.oneof(
        { weight: 20, arbitrary: fc.constant(serialize(value)) },
        // Cut short or with a stray byte: not JSON.
        { weight: 1, arbitrary: fc.nat().map((at) => serialize(value).slice(0, at % Math.max(1, serialize(value).length))) },
        { weight: 1, arbitrary: fc.constant(`${serialize(value)}\u0000}`) },
      ),
    );
}

/** JSON text of a generated value, with the deep-nesting placeholders expanded. */
export function serialize(value: unknown): string {
  return (JSON.stringify(value) ?? 'null').replace(/"@@deep:(\d+)@@"/g, (_match, depth: string) => {
    const levels = Number(depth);
    return `${'['.repeat(levels)}${']'.repeat(levels)}`;
  });
}

/** Header and query sets: prototype names, key-like query names, odd values, with or without a valid key. */
export const headerSet = fc.record({
  headers: fc.dictionary(
    fc.oneof(
      fc.constantFrom(...PROTOTYPE_NAMES),
      fc.constantFrom(
        'authorization',
        'x-api-key',
        'x-goog-api-key',
        'anthropic-version',
        'anthropic-beta',
        'content-type',
        'Authorization',
        'X-API-KEY',
      ),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
    ),
    callerString.map((text) => text.slice(0, 200)),
    { maxKeys: 6 },
  ),
  query: fc.dictionary(
    fc.oneof(
      fc.constantFrom(...PROTOTYPE_NAMES),
      fc.constantFrom('key', 'Key', 'KEY', 'api_key', 'access_token', 'alt'),
      fc.stringMatching(/^[a-z_]{1,12}$/),
    ),
    callerString.map((text) => text.slice(0, 200)),
    { maxKeys: 3 },
  ),
  withValidKey: fc.boolean(),
});
