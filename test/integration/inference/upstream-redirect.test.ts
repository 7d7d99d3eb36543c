import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callUpstream } from '../../../lambda/inference/upstream-call';
import { anthropicApi } from '../../../lambda/providers/anthropic/anthropic-api';

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('upstream calls never follow a redirect (content goes to the provider only)', () => {
  it('answers 502 and sends nothing to the host a provider redirects to', async () => {
    const elsewhere: string[] = [];
    const other = createServer((request, response) => {
      elsewhere.push(`${request.method ?? ''} ${request.url ?? ''}`);
      response.end('{}');
    });
    const otherUrl = await listen(other);
    const provider = createServer((_request, response) => {
      response.writeHead(307, { location: `${otherUrl}/v1/messages` });
      response.end();
    });
    const providerUrl = await listen(provider);
    try {
      await expect(
        callUpstream(
          anthropicApi,
          { url: `${providerUrl}/v1/messages`, headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-secret' } },
          { model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'canary-redirect' }] },
          10_000,
        ),
      ).rejects.toMatchObject({ statusCode: 502 });
      expect(elsewhere).toEqual([]);
    } finally {
      provider.close();
      other.close();
    }
  });
});
