import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { LocalResponseStream, isStreamingHandler } from './awslambda-shim';
import { createLambdaContext, functionTimeoutSeconds } from './lambda-context';
import { toProxyEvent } from './proxy-event';
import { normalizePath } from '../http/request-parts';

/** API Gateway refuses payloads over 10 MB before Lambda is invoked. */
const API_GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024;

export type BufferedHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalHandlers {
  /** The streaming inference handler (an `awslambda.streamifyResponse` function). */
  readonly inference: unknown;
  /** The buffered account handler, for `/v1/account` and `/v1/usage`. */
  readonly account?: BufferedHandler;
}

const ACCOUNT_PATHS = new Set(['/v1/account', '/v1/usage']);

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= API_GATEWAY_PAYLOAD_LIMIT) chunks.push(chunk);
    });
    request.on('end', () => resolveBody(size > API_GATEWAY_PAYLOAD_LIMIT ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function sendJson(response: ServerResponse, statusCode: number, body: unknown): void {
  response.writeHead(statusCode, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function dispatch(
  handlers: LocalHandlers,
  timeoutSeconds: number,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  // API Gateway's own answer to an oversized payload, before any function runs.
  if (body === undefined) return sendJson(response, 413, { message: 'Request Too Long' });
  const event = toProxyEvent(request, body);
  const path = normalizePath(event.path);
  if (ACCOUNT_PATHS.has(path) && handlers.account) {
    const result = await handlers.account(event, createLambdaContext(event.requestContext.requestId, 'tollgate-account', timeoutSeconds));
    const payload = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
    response.writeHead(result.statusCode, result.headers as Record<string, string>);
    response.end(payload);
    return;
  }
  if (!isStreamingHandler(handlers.inference))
    throw new Error('The inference handler is not a streaming handler; install the awslambda shim first.');
  const stream = new LocalResponseStream(response);
  await handlers.inference(event, stream, createLambdaContext(event.requestContext.requestId, 'tollgate-inference', timeoutSeconds));
  if (!stream.writableFinished) stream.end();
}

/**
 * The local stand-in for API Gateway: each HTTP request becomes a REST proxy event and is handed
 * to the same handler modules that CDK bundles. Streams are written through as they are produced.
 */
export function createLocalServer(handlers: LocalHandlers): Server {
  // Read once at start, so a bad value fails `npm start` instead of every request.
  const timeoutSeconds = functionTimeoutSeconds();
  return createServer((request, response) => {
    dispatch(handlers, timeoutSeconds, request, response).catch(() => {
      // Like Lambda's "Internal server error" for a crashed invocation: nothing about the request is logged.
      if (!response.headersSent) sendJson(response, 502, { message: 'Internal server error' });
      else response.destroy();
    });
  });
}
