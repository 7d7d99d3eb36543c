import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { LocalResponseStream, isStreamingHandler } from './awslambda-shim';
import { Invocations } from './invocations';
import { createLambdaContext, functionTimeoutSeconds } from './lambda-context';
import type { RequestLog } from './request-log';
import { routeTemplate } from './route-template';
import { toProxyEvent } from './proxy-event';
import { normalizePath } from '../http/request-parts';
import { loadConfig } from '../config/environment';
import { bodyTooLargeBody } from '../protocols/edge-error-body';

/** API Gateway refuses payloads over 10 MB before Lambda is invoked. */
const API_GATEWAY_PAYLOAD_LIMIT = 10 * 1024 * 1024;

export type BufferedHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalHandlers {
  /** The streaming inference handler (an `awslambda.streamifyResponse` function). */
  readonly inference: unknown;
  /** The buffered account handler, for `/v1/account`, `/v1/usage`, `/v1/usage/limits` and `/dashboard`. */
  readonly account?: BufferedHandler;
}

/** The account function's routes, as API Gateway has them (lib/api/gateway-api.ts). */
const ACCOUNT_PATHS = new Set(['/v1/account', '/v1/usage', '/v1/usage/limits', '/dashboard']);

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

interface DispatchContext {
  readonly handlers: LocalHandlers;
  readonly timeoutSeconds: number;
  readonly maxBodyBytes: number;
  readonly invocations: Invocations;
  readonly requestLog?: RequestLog;
}

/**
 * The edge's answer to a declared body over the gateway's limit (the WAF's `BodyTooLarge` rule), given
 * before the body is read, as in AWS. A body sent without `content-length` reaches the function,
 * which answers the same 413 in the caller's protocol shape.
 */
function declaredTooLarge(request: IncomingMessage, limitBytes: number): boolean {
  const declared = request.headers['content-length'];
  return declared !== undefined && /^\d{1,16}$/.test(declared) && Number(declared) > limitBytes;
}

/**
 * Answers one request; resolves with the status sent once the handler has returned (a stream: after
 * metering). `ids.requestId` is set as soon as the event exists (the request id the handlers log).
 */
async function dispatch(
  local: DispatchContext,
  request: IncomingMessage,
  response: ServerResponse,
  ids: { requestId?: string },
): Promise<number> {
  const { handlers, timeoutSeconds, maxBodyBytes, invocations } = local;
  if (declaredTooLarge(request, maxBodyBytes)) {
    request.resume();
    sendJson(response, 413, bodyTooLargeBody(maxBodyBytes));
    return 413;
  }
  const body = await readBody(request);
  // API Gateway's own answer to an oversized payload (its REQUEST_TOO_LARGE gateway response), before any function runs.
  if (body === undefined) {
    sendJson(response, 413, bodyTooLargeBody(maxBodyBytes));
    return 413;
  }
  const event = toProxyEvent(request, body);
  const requestId = event.requestContext.requestId;
  ids.requestId = requestId;
  const path = normalizePath(event.path);
  if (ACCOUNT_PATHS.has(path) && handlers.account) {
    const result = await handlers.account(event, invocations.context(createLambdaContext(requestId, 'tollgate-account', timeoutSeconds)));
    const payload = result.isBase64Encoded ? Buffer.from(result.body, 'base64') : Buffer.from(result.body ?? '', 'utf8');
    response.writeHead(result.statusCode, result.headers as Record<string, string>);
    response.end(payload);
    return result.statusCode;
  }
  if (!isStreamingHandler(handlers.inference))
    throw new Error('The inference handler is not a streaming handler; install the awslambda shim first.');
  const stream = new LocalResponseStream(response);
  await handlers.inference(event, stream, invocations.context(createLambdaContext(requestId, 'tollgate-inference', timeoutSeconds)));
  if (!stream.writableFinished) stream.end();
  return response.statusCode;
}

export interface LocalServerOptions {
  /** Where each answered request is logged (npm start); none in tests, which read the handlers' own lines. */
  readonly requestLog?: RequestLog;
}

export interface LocalServer {
  readonly server: Server;
  /** The invocations running now (a stop waits for them). */
  readonly invocations: Invocations;
  /** Refuses new requests from now on (503, as API Gateway does when it cannot reach the function), also on open connections. */
  refuseNewRequests(): void;
}

/**
 * The local stand-in for API Gateway: each HTTP request becomes a REST proxy event and is handed
 * to the same handler modules that CDK bundles. Streams are written through as they are produced.
 */
export function createLocalServer(handlers: LocalHandlers, options: LocalServerOptions = {}): LocalServer {
  // Read once at start, so a bad value fails `npm start` instead of every request.
  const local: DispatchContext = {
    handlers,
    timeoutSeconds: functionTimeoutSeconds(),
    maxBodyBytes: loadConfig().maxBodyBytes,
    invocations: new Invocations(),
    requestLog: options.requestLog,
  };
  let refusing = false;
  const server = createServer((request, response) => {
    if (refusing) {
      response.setHeader('connection', 'close');
      sendJson(response, 503, { message: 'Service Unavailable' });
      return;
    }
    const startedAt = Date.now();
    const ids: { requestId?: string } = {};
    const answered = local.invocations.track(
      dispatch(local, request, response, ids).catch(() => {
        // Like Lambda's "Internal server error" for a crashed invocation: nothing about the request is logged.
        if (!response.headersSent) sendJson(response, 502, { message: 'Internal server error' });
        else response.destroy();
        return 502;
      }),
    );
    void answered.then((status) =>
      local.requestLog?.requestEnded({
        requestId: ids.requestId ?? '',
        method: (request.method ?? 'GET').toUpperCase(),
        route: routeTemplate(new URL(request.url ?? '/', 'http://localhost').pathname),
        status,
        durationMs: Date.now() - startedAt,
        endedAt: new Date(),
      }),
    );
  });
  return {
    server,
    invocations: local.invocations,
    refuseNewRequests: () => {
      refusing = true;
    },
  };
}
