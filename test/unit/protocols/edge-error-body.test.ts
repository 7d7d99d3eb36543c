import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { bodyTooLargeBody, edgeErrorBody, gatewayResponseBodies, type EdgeErrorBody } from '../../../lambda/protocols/edge-error-body';

/** Answers every request with one status and body, as the edge or API Gateway would. */
async function answering(status: number, body: EdgeErrorBody): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    request.resume();
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const CASES: Array<[string, number, EdgeErrorBody]> = [
  ['a WAF size block', 413, bodyTooLargeBody(3_000_000)],
  ['stage throttling', 429, edgeErrorBody(429, 'rate_limited', 'Too many requests reach this gateway right now; retry shortly.')],
  ['a WAF block', 403, edgeErrorBody(403, 'permission', 'The request was blocked by the gateway firewall.')],
  ['an integration timeout', 504, edgeErrorBody(504, 'upstream_timeout', 'The gateway timed out.')],
  // API Gateway's own answers as the CDK app configures them (lib/api/gateway-responses.ts).
  ...gatewayResponseBodies(3_000_000).map(({ type, statusCode, body }): [string, number, EdgeErrorBody] => [
    `API Gateway ${type}`,
    statusCode ?? body.error.code,
    body,
  ]),
];

describe('the edge error body parses in every SDK', () => {
  it.each(CASES)('%s: OpenAI, Anthropic and Gemini SDKs raise an error with the status and the message', async (_name, status, body) => {
    const { url, server } = await answering(status, body);
    try {
      const openai = new OpenAI({ baseURL: `${url}/v1`, apiKey: 'k', maxRetries: 0 });
      const openAiError = await openai.chat.completions
        .create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })
        .catch((error) => error);
      expect(openAiError).toBeInstanceOf(OpenAI.APIError);
      expect(openAiError).toMatchObject({ status, message: expect.stringContaining(body.error.message), type: body.error.type });

      const anthropic = new Anthropic({ baseURL: url, apiKey: 'k', maxRetries: 0 });
      const anthropicError = await anthropic.messages
        .create({ model: 'm', max_tokens: 1, messages: [{ role: 'user', content: 'x' }] })
        .catch((error) => error);
      expect(anthropicError).toBeInstanceOf(Anthropic.APIError);
      expect(anthropicError).toMatchObject({
        status,
        error: { type: 'error', error: { type: body.error.type, message: body.error.message } },
      });

      // Under jest the SDK's own undici dispatcher is missing; the platform fetch is the same HTTP client.
      const gemini = new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: url, fetch: (input, init) => fetch(input, init) } });
      const geminiError = await gemini.models.generateContent({ model: 'm', contents: 'x' }).catch((error) => error);
      expect(geminiError).toMatchObject({ status });
      expect(JSON.parse((geminiError as Error).message)).toMatchObject({
        error: { code: status, message: body.error.message, status: expect.any(String) },
      });
    } finally {
      server.close();
    }
  });

  it('holds no $ (API Gateway reads gateway-response templates as VTL) and maps the status for each protocol', () => {
    expect(JSON.stringify(CASES.map(([, , body]) => body))).not.toContain('$');
    expect(bodyTooLargeBody(3_000_000).error).toMatchObject({ code: 413, type: 'request_too_large', status: 'INVALID_ARGUMENT' });
  });
});
