import { once } from 'node:events';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalResponseStream } from '../../../lambda/local/awslambda-shim';

/** A server whose one request is handed to the test as a LocalResponseStream. */
async function serve(onRequest: (stream: LocalResponseStream, response: ServerResponse) => void): Promise<{ server: Server; url: string }> {
  const server = createServer((_request, response) => onRequest(new LocalResponseStream(response), response));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

function get(url: string): Promise<IncomingMessage> {
  return new Promise((resolveResponse, reject) => {
    const outgoing = request(url, { agent: false }, resolveResponse);
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function readAll(response: IncomingMessage): Promise<string> {
  response.setEncoding('utf8');
  let text = '';
  for await (const piece of response) text += piece as string;
  return text;
}

describe('LocalResponseStream (the local stand-in for Lambda response streaming)', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  it('sends the status and headers when the handler sets them, before any body is written', async () => {
    let stream: LocalResponseStream | undefined;
    const served = await serve((localStream) => {
      stream = localStream;
      localStream.setPrelude({ statusCode: 201, headers: { 'content-type': 'text/event-stream', 'x-request-id': 'r1' } });
    });
    server = served.server;
    const response = await get(served.url);
    expect(response.statusCode).toBe(201);
    expect(response.headers['x-request-id']).toBe('r1');
    // The body is written only now that the caller has the headers.
    stream?.end('data: late\n\n');
    await expect(readAll(response)).resolves.toBe('data: late\n\n');
  });

  it('delivers every chunk in order when many are written at once (queued chunks leave together)', async () => {
    const chunks = Array.from({ length: 200 }, (_, index) => `data: ${index}\n\n`);
    const served = await serve((stream) => {
      stream.setPrelude({ statusCode: 200, headers: { 'content-type': 'text/event-stream' } });
      for (const chunk of chunks) stream.write(chunk);
      stream.end();
    });
    server = served.server;
    const response = await get(served.url);
    await expect(readAll(response)).resolves.toBe(chunks.join(''));
  });

  it('answers 200 with an empty body when the handler ends without setting a prelude', async () => {
    const served = await serve((stream) => stream.end());
    server = served.server;
    const response = await get(served.url);
    expect(response.statusCode).toBe(200);
    await expect(readAll(response)).resolves.toBe('');
  });

  it('drops writes once the client has gone away, and still finishes', async () => {
    let finished: Promise<unknown> | undefined;
    const served = await serve((stream, response) => {
      stream.setPrelude({ statusCode: 200, headers: {} });
      finished = once(stream, 'finish');
      response.destroy();
      stream.write('data: nobody listens\n\n');
      stream.end();
    });
    server = served.server;
    await expect(get(served.url)).rejects.toThrow();
    await expect(finished).resolves.toBeDefined();
  });
});
