import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';

/**
 * No input crashes the gateway: every malformed request gets a JSON error in the caller's shape
 * with a 4xx status, and the gateway still answers normally afterwards.
 */
describe('hostile and malformed input', () => {
  let upstream: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;

  beforeAll(async () => {
    upstream = await startFakeOpenAiCompatibleServer('deepseek', 'upstream-key');
    harness = await startGatewayHarness({ TOLLGATE_DEEPSEEK_BASE_URL: upstream.baseUrl, DEEPSEEK_API_KEY: 'upstream-key' });
  });
  afterAll(async () => {
    await harness?.close();
    await upstream?.close();
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
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const json = (await response.json()) as { error: { message: string; type: string } };
    expect(json.error.type).toBe('invalid_request_error');
    expect(json.error.message.length).toBeGreaterThan(10);
  });

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
    const response = await fetch(`${harness.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${harness.key}` },
      body: JSON.stringify({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'still alive?' }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toContain(
      'still alive?',
    );
  });
});
