import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callUpstream, readUpstreamJson } from '../../../lambda/inference/upstream-call';
import { anthropicApi } from '../../../lambda/providers/anthropic/anthropic-api';
import { deepSeekApi } from '../../../lambda/providers/deepseek/deepseek-api';
import { geminiApi } from '../../../lambda/providers/gemini/gemini-api';
import type { ProviderApi } from '../../../lambda/providers/types';

/** A loopback server whose answer a test sets; `hits` counts requests per path. */
async function serve(answer: (path: string) => { status: number; headers?: Record<string, string>; body: string }) {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(request.url ?? '');
    request.resume();
    request.on('end', () => {
      const { status, headers, body } = answer(request.url ?? '');
      response.writeHead(status, headers ?? { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', () => listening()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, hits, close: () => new Promise<void>((closed) => server.close(() => closed())) };
}

const CANARY = 'CANARY-upstream-9d2e';

async function answerOf(provider: ProviderApi, origin: string): Promise<unknown> {
  const call = await callUpstream(provider, { url: `${origin}/answer`, headers: { 'x-api-key': 'secret' } }, { prompt: 'hi' }, 5000);
  return readUpstreamJson(call);
}

describe('upstream calls', () => {
  it('never follow a redirect: a 3xx is a 502 and the other host receives nothing', async () => {
    const elsewhere = await serve(() => ({ status: 200, body: '{}' }));
    const upstream = await serve(() => ({ status: 307, headers: { location: `${elsewhere.origin}/steal` }, body: '' }));
    try {
      for (const provider of [anthropicApi, geminiApi, deepSeekApi]) {
        await expect(answerOf(provider, upstream.origin)).rejects.toMatchObject({ statusCode: 502, kind: 'upstream_error' });
      }
      expect(elsewhere.hits).toEqual([]);
    } finally {
      await Promise.all([elsewhere.close(), upstream.close()]);
    }
  });

  it.each([
    ['anthropic', anthropicApi, { type: 'error', error: { type: 'overloaded_error', message: CANARY } }, 529],
    ['anthropic', anthropicApi, { type: 'error', error: { type: 'mystery', message: CANARY } }, 502],
    ['gemini', geminiApi, { error: { code: 429, message: CANARY, status: 'RESOURCE_EXHAUSTED' } }, 429],
    ['gemini', geminiApi, [{ error: { code: 500, message: CANARY, status: 'INTERNAL' } }], 502],
    ['deepseek', deepSeekApi, { error: { message: CANARY, type: 'server_error', code: 'internal' } }, 502],
  ] as const)('read a 200 carrying an error (%s) as the provider’s error, without its message', async (_name, provider, body, status) => {
    const upstream = await serve(() => ({ status: 200, body: JSON.stringify(body) }));
    try {
      const error = await answerOf(provider, upstream.origin).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ statusCode: status });
      expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain('CANARY');
    } finally {
      await upstream.close();
    }
  });

  it('read HTML under a 200 as a 502', async () => {
    const upstream = await serve(() => ({ status: 200, headers: { 'content-type': 'text/html' }, body: `<html>${CANARY}</html>` }));
    try {
      await expect(answerOf(deepSeekApi, upstream.origin)).rejects.toMatchObject({
        statusCode: 502,
        message: expect.not.stringContaining('CANARY'),
      });
    } finally {
      await upstream.close();
    }
  });
});
