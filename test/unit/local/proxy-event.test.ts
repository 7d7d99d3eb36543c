import { once } from 'node:events';
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { toProxyEvent } from '../../../lambda/local/proxy-event';
import { lowerCaseHeaders } from '../../../lambda/http/request-parts';

/** Names that are properties of every ordinary object. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'] as const;

/** Sends one real HTTP request and returns the proxy event built from what the server received. */
async function eventFor(path: string, headers: Record<string, string>): Promise<APIGatewayProxyEvent> {
  let received: IncomingMessage | undefined;
  const server = createServer((incoming, response) => {
    received = incoming;
    response.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers }, (response) => {
        response.resume();
        response.on('end', resolve);
      });
      outgoing.on('error', reject);
      outgoing.end('{}');
    });
  } finally {
    server.close();
  }
  return toProxyEvent(received as IncomingMessage, Buffer.from('{}'));
}

describe('toProxyEvent with header and query names that are Object.prototype properties', () => {
  it.each(PROTOTYPE_NAMES)('keeps a header named %s as an ordinary header, once and repeated', async (name) => {
    const event = await eventFor('/v1/chat/completions', { [name]: 'value-one', authorization: 'Bearer x' });
    expect(Object.hasOwn(event.headers, name)).toBe(true);
    expect(event.headers[name]).toBe('value-one');
    expect(event.multiValueHeaders[name]).toEqual(['value-one']);
    expect(event.headers.authorization).toBe('Bearer x');
    const lowered = lowerCaseHeaders(event.headers);
    expect(lowered[name.toLowerCase()]).toBe('value-one');
    // A name the caller did not send is simply absent, never an inherited function.
    expect(lowered[name === 'toString' ? 'valueof' : 'tostring']).toBeUndefined();
  });

  it.each(PROTOTYPE_NAMES)('keeps a query parameter named %s, also when repeated', async (name) => {
    const event = await eventFor(`/v1/models?${encodeURIComponent(name)}=a&${encodeURIComponent(name)}=b&alt=sse`, {});
    expect(event.queryStringParameters?.[name]).toBe('b');
    expect(event.multiValueQueryStringParameters?.[name]).toEqual(['a', 'b']);
    expect(event.queryStringParameters?.alt).toBe('sse');
  });

  it('builds the same event as JSON would carry it (what Lambda hands the function)', async () => {
    const event = await eventFor('/v1/models?constructor=x', { constructor: 'y', 'x-api-key': 'k' });
    const roundTripped = JSON.parse(JSON.stringify(event)) as APIGatewayProxyEvent;
    expect(roundTripped.headers).toEqual({ ...event.headers });
    expect(roundTripped.queryStringParameters).toEqual({ constructor: 'x' });
  });
});
