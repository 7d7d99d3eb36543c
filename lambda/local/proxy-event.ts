import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * A map for names the caller chooses (headers, query parameters): no prototype, so `__proto__`,
 * `constructor` or `toString` are ordinary keys, as they are in the JSON event Lambda receives.
 */
function callerNamedMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Appends to a list in a caller-named map (`??=` would read an inherited property on an ordinary object). */
function append(map: Record<string, string[]>, name: string, value: string): void {
  if (Object.hasOwn(map, name)) map[name].push(value);
  else map[name] = [value];
}

/**
 * Turns a Node.js HTTP request into the API Gateway REST proxy event (payload 1.0) that a
 * `{proxy+}` resource passes to Lambda.
 */
export function toProxyEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEvent {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers = callerNamedMap<string>();
  const multiValueHeaders = callerNamedMap<string[]>();
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    const name = request.rawHeaders[index];
    const value = request.rawHeaders[index + 1];
    headers[name] = value;
    append(multiValueHeaders, name, value);
  }
  const query = callerNamedMap<string>();
  const multiValueQuery = callerNamedMap<string[]>();
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    append(multiValueQuery, name, value);
  }
  const hasQuery = url.searchParams.size > 0;
  const requestId = randomUUID();
  const method = (request.method ?? 'GET').toUpperCase();
  return {
    resource: '/{proxy+}',
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: { proxy: url.pathname.replace(/^\//, '') },
    stageVariables: null,
    body: body.length ? body.toString('utf8') : null,
    isBase64Encoded: false,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      authorizer: undefined,
      protocol: `HTTP/${request.httpVersion}`,
      httpMethod: method,
      identity: {
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? null,
      } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/local${url.pathname}`,
      stage: 'local',
      requestId,
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: '/{proxy+}',
    },
  };
}
