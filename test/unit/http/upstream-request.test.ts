import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { postUpstream } from '../../../lambda/http/upstream-request';

interface Loopback {
  readonly url: string;
  readonly requests: Array<{ method?: string; body: string; contentLength?: string; socket: Socket }>;
  close(): Promise<void>;
}

async function serve(answer: (request: IncomingMessage, response: ServerResponse, index: number) => void): Promise<Loopback> {
  const requests: Loopback['requests'] = [];
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (body += piece));
    request.on('end', () => {
      requests.push({ method: request.method, body, contentLength: request.headers['content-length'], socket: request.socket });
      answer(request, response, requests.length - 1);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/chat/completions`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

const noSignal = () => new AbortController().signal;

describe('postUpstream (the gateway’s HTTP client for upstream calls)', () => {
  it('POSTs the body with its length and hands the answer over with status and headers', async () => {
    const upstream = await serve((_request, response) =>
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '7' }).end('{"error":"slow down"}'),
    );
    try {
      const answer = await postUpstream(upstream.url, { 'content-type': 'application/json' }, '{"prompt":"héllo"}', noSignal());
      expect(answer.status).toBe(429);
      expect(answer.ok).toBe(false);
      expect(answer.headers.get('retry-after')).toBe('7');
      await expect(answer.text()).resolves.toBe('{"error":"slow down"}');
      expect(upstream.requests[0]).toMatchObject({ method: 'POST', body: '{"prompt":"héllo"}', contentLength: '19' });
    } finally {
      await upstream.close();
    }
  });

  it('streams the body: the first bytes are readable before the upstream has written the rest', async () => {
    let writeRest: (() => void) | undefined;
    const upstream = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
      writeRest = () => response.end('data: 2\n\n');
    });
    try {
      const answer = await postUpstream(upstream.url, {}, '{}', noSignal());
      const received: string[] = [];
      for await (const bytes of answer.body) {
        received.push(Buffer.from(bytes).toString('utf8'));
        // Only once the first event has arrived does the upstream send the second.
        if (received.length === 1) writeRest?.();
      }
      expect(received.join('')).toBe('data: 1\n\ndata: 2\n\n');
    } finally {
      await upstream.close();
    }
  });

  it('never follows a redirect: the 3xx comes back and the other host receives nothing', async () => {
    const elsewhere = await serve((_request, response) => response.end('{}'));
    const upstream = await serve((_request, response) => response.writeHead(307, { location: elsewhere.url }).end());
    try {
      const answer = await postUpstream(upstream.url, {}, '{}', noSignal());
      expect(answer.status).toBe(307);
      expect(elsewhere.requests).toHaveLength(0);
    } finally {
      await Promise.all([elsewhere.close(), upstream.close()]);
    }
  });

  it('sends a request again, once, on a new connection when a kept-alive one is closed as it goes out', async () => {
    // The second request arrives on the first one's kept-alive connection, which is then closed unanswered.
    const upstream = await serve((_request, response, index) => {
      if (index === 1) response.socket?.destroy();
      else response.end(`answer ${index}`);
    });
    try {
      await expect(postUpstream(upstream.url, {}, '{"n":1}', noSignal()).then((answer) => answer.text())).resolves.toBe('answer 0');
      await expect(postUpstream(upstream.url, {}, '{"n":2}', noSignal()).then((answer) => answer.text())).resolves.toBe('answer 2');
      expect(upstream.requests.map((request) => request.body)).toEqual(['{"n":1}', '{"n":2}', '{"n":2}']);
      expect(upstream.requests[1].socket).toBe(upstream.requests[0].socket);
      expect(upstream.requests[2].socket).not.toBe(upstream.requests[0].socket);
    } finally {
      await upstream.close();
    }
  });

  it('sends again on a new connection, not another pooled one, when every pooled connection was closed at once', async () => {
    // What a starved or frozen process sees after the upstream's keep-alive timeout passed for all of its idle
    // connections: the server has closed them, but the client has not yet read that, so each still looks reusable.
    const upstream = await serve((_request, response, index) => response.end(`answer ${index}`));
    try {
      const opened = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((n) => postUpstream(upstream.url, {}, `{"n":${n}}`, noSignal()).then((answer) => answer.text())),
      );
      expect(opened).toHaveLength(6);
      const pooled = new Set(upstream.requests.map((request) => request.socket));
      await new Promise((wake) => setTimeout(wake, 50));
      for (const socket of pooled) socket.destroy();
      // Blocks this thread (the client's event loop) while the closes reach its sockets.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
      const answers = await Promise.all(
        [7, 8].map((n) => postUpstream(upstream.url, {}, `{"n":${n}}`, noSignal()).then((answer) => answer.text())),
      );
      expect(answers).toEqual([expect.stringMatching(/^answer \d+$/), expect.stringMatching(/^answer \d+$/)]);
      const resent = upstream.requests.slice(pooled.size);
      expect(resent.map((request) => request.body).sort()).toEqual(['{"n":7}', '{"n":8}']);
      for (const request of resent) expect(pooled.has(request.socket)).toBe(false);
    } finally {
      await upstream.close();
    }
  });

  it("closes an idle pooled connection before the server's announced keep-alive timeout", async () => {
    // The server says 2 s but would keep the connection for a minute: only the client can close it in between.
    const upstream = await serve((_request, response) => response.writeHead(200, { 'keep-alive': 'timeout=2' }).end('{}'));
    try {
      await (await postUpstream(upstream.url, {}, '{}', noSignal())).text();
      const socket = upstream.requests[0].socket;
      const started = Date.now();
      await waitFor(() => socket.destroyed || socket.readableEnded);
      // Node closes it a second before the hint; the server's own timeout is 60 s.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      await upstream.close();
    }
  });

  it('rejects when aborted before the answer, and the body fails when aborted in the middle of it', async () => {
    const upstream = await serve((request, response) => {
      if (request.headers['x-case'] === 'silent') return;
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: 1\n\n');
    });
    try {
      const early = new AbortController();
      const pending = postUpstream(upstream.url, { 'x-case': 'silent' }, '{}', early.signal);
      await waitFor(() => upstream.requests.length === 1);
      early.abort();
      await expect(pending).rejects.toThrow();

      const late = new AbortController();
      const answer = await postUpstream(upstream.url, {}, '{}', late.signal);
      const reading = (async () => {
        for await (const bytes of answer.body) if (Buffer.from(bytes).toString('utf8').includes('data: 1')) late.abort();
      })();
      await expect(reading).rejects.toThrow();
    } finally {
      await upstream.close();
    }
  });

  it('does not send again when the connection could not be made at all', async () => {
    const upstream = await serve((_request, response) => response.end());
    const url = upstream.url;
    await upstream.close();
    await expect(postUpstream(url, {}, '{}', noSignal())).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 2000 && !condition(); attempt++) await new Promise((wake) => setTimeout(wake, 10));
  if (!condition()) throw new Error('condition not met in time');
}
