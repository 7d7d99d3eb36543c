import { request as httpRequest } from 'node:http';
import { MAX_JSON_DEPTH } from '../../../lambda/http/json-depth';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';

const MAX_BODY_BYTES = 64 * 1024;

/** An error body as any of the three protocols may shape it. */
type Shaped = { type?: unknown; error?: { message?: unknown; type?: unknown; code?: unknown; status?: unknown } } | null;

/** One endpoint per caller protocol, with a valid body and a way to tell its error shape. */
const PROTOCOLS = [
  {
    name: 'OpenAI',
    path: '/v1/chat/completions',
    body: (messages: unknown) => ({ model: 'deepseek-chat', messages }),
    turn: (extra: unknown) => ({ role: 'user', content: 'x', extra }),
    shaped: (json: Shaped) => typeof json?.error?.message === 'string' && typeof json.error.type === 'string' && json.type === undefined,
  },
  {
    name: 'Anthropic',
    path: '/v1/messages',
    body: (messages: unknown) => ({ model: 'claude-sonnet-4-5', max_tokens: 10, messages }),
    turn: (extra: unknown) => ({ role: 'user', content: 'x', extra }),
    shaped: (json: Shaped) => json?.type === 'error' && typeof json.error?.type === 'string' && typeof json.error.message === 'string',
  },
  {
    name: 'Gemini',
    path: '/v1beta/models/gemini-2.5-flash:generateContent',
    body: (contents: unknown) => ({ contents }),
    turn: (extra: unknown) => ({ role: 'user', parts: [{ text: 'x' }], extra }),
    shaped: (json: Shaped) => typeof json?.error?.code === 'number' && typeof json.error.status === 'string',
  },
] as const;

/**
 * No input crashes the gateway: every malformed request gets a JSON error in the caller's shape
 * with a 4xx status, and the gateway still answers normally afterwards.
 */
describe('hostile and malformed input', () => {
  let upstreams: FakeUpstreams;
  let harness: GatewayHarness;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    harness = await startGatewayHarness({ ...upstreams.environment, TOLLGATE_MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
  });
  afterAll(async () => {
    await harness?.close();
    await upstreams?.close();
  });

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${harness.gateway.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json', ...headers },
      body,
    });

  const bodies: Array<[string, string]> = [
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['truncated JSON', '{"model":"deepseek-chat","messages":[{"role":"user","content":"x"'],
    ['model as a number', '{"model":123,"messages":[{"role":"user","content":"x"}]}'],
    ['messages as a string', '{"model":"deepseek-chat","messages":"hi"}'],
    ['a null message', '{"model":"deepseek-chat","messages":[null]}'],
    ['a message without role', '{"model":"deepseek-chat","messages":[{"content":"x"}]}'],
    ['stream as a string', '{"model":"deepseek-chat","stream":"yes","messages":[{"role":"user","content":"x"}]}'],
    ['deeply nested JSON', `{"model":"deepseek-chat","messages":${'['.repeat(5000)}${']'.repeat(5000)}}`],
    ['invalid UTF-8 bytes', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]).toString('latin1')],
    ['an empty model', '{"model":"","messages":[{"role":"user","content":"x"}]}'],
    ['an unknown model shaped like a path', '{"model":"../../etc/passwd","messages":[{"role":"user","content":"x"}]}'],
  ];

  it.each(bodies)('answers %s with a 4xx JSON error in the OpenAI shape', async (_name, body) => {
    const response = await post('/v1/chat/completions', body);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const json = (await response.json()) as { error: { message: string; type: string } };
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message.length).toBeGreaterThan(10);
  });

  it.each(PROTOCOLS)(
    '$name: nesting past the documented depth is a 400 in the caller shape, never an upstream failure',
    async (protocol) => {
      for (const depth of [MAX_JSON_DEPTH + 1, 5_000, 20_000]) {
        const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
        const response = await post(protocol.path, JSON.stringify(protocol.body([protocol.turn('deep')])).replace('"deep"', deep));
        expect(response.status).toBe(400);
        const json = await response.json();
        expect(protocol.shaped(json)).toBe(true);
        expect(JSON.stringify(json)).toContain(`${MAX_JSON_DEPTH} levels`);
      }
      // Within the limit the depth itself is no reason to refuse: the request reaches the usual validation.
      const fine = await post(
        protocol.path,
        JSON.stringify(protocol.body([protocol.turn(JSON.parse(`${'['.repeat(100)}${']'.repeat(100)}`))])),
      );
      expect(fine.status).toBe(200);
    },
  );

  it.each(PROTOCOLS)(
    '$name: a body over the limit is a 413, at the edge when declared and in the caller shape when chunked',
    async (protocol) => {
      const big = JSON.stringify(protocol.body([protocol.turn('x'.repeat(MAX_BODY_BYTES))]));
      const declared = await post(protocol.path, big);
      expect(declared.status).toBe(413);
      const edge = await declared.json();
      // The edge's one body every SDK parses.
      expect(edge).toMatchObject({
        type: 'error',
        error: { type: 'request_too_large', code: 413, message: expect.stringContaining(`${MAX_BODY_BYTES} bytes`) },
      });

      const chunked = await new Promise<{ status: number; json: Shaped }>((resolve, reject) => {
        const url = new URL(`${harness.gateway.url}${protocol.path}`);
        const outgoing = httpRequest(
          {
            host: url.hostname,
            port: url.port,
            path: url.pathname,
            method: 'POST',
            headers: { authorization: `Bearer ${harness.key}`, 'transfer-encoding': 'chunked' },
          },
          (response) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
            );
          },
        );
        outgoing.on('error', reject);
        for (let offset = 0; offset < big.length; offset += 8192) outgoing.write(big.slice(offset, offset + 8192));
        outgoing.end();
      });
      expect(chunked.status).toBe(413);
      expect(protocol.shaped(chunked.json)).toBe(true);
    },
  );

  it.each([
    ['PUT', '/v1/chat/completions'],
    ['GET', '/v1/chat/completions'],
    ['POST', '/v2/anything'],
    ['DELETE', '/'],
    ['POST', '/v1beta/models/%ZZ:generateContent'],
  ])('answers %s %s with a 404 in a protocol shape', async (method, path) => {
    const response = await fetch(`${harness.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${harness.key}` } });
    expect(response.status).toBe(404);
    expect(await response.json()).toHaveProperty('error');
  });

  it('still answers a normal request afterwards', async () => {
    const response = await post(
      '/v1/chat/completions',
      JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'still alive?' }] }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toContain(
      'still alive?',
    );
  });
});
