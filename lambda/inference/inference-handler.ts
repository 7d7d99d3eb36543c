import type { Readable } from 'node:stream';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Authenticator } from '../core/authenticate';
import { resolveModel, type ResolvedModel } from '../core/catalog';
import { GatewayError, invalidRequest, modelNotFound, toGatewayError } from '../core/errors';
import { providerProtocol, type Protocol, type ProviderId } from '../core/providers';
import type { UpstreamKeys } from '../core/upstream-keys';
import type { NormalizedUsage } from '../core/usage';
import type { GatewayConfig } from '../config/environment';
import { readSseEvents } from '../http/sse-reader';
import type { ClientProtocol } from '../protocols/types';
import type { ProviderApi } from '../providers/types';
import type { ApiKeyRecord } from '../store/api-keys-repository';
import type { UsageRepository } from '../store/usage-repository';
import type { StreamTranslator, TranslationContext, Translator } from '../translate/types';
import { parseJsonBody, readIncomingRequest, type IncomingRequest } from './incoming-request';
import { buildUsageRecord } from './metering';
import { matchRoute, protocolOfPath, type Endpoint } from './routes';
import { StreamingBody } from './streaming-body';
import { callUpstream, readUpstreamJson, type UpstreamCall } from './upstream-call';
import { countTokens } from './count-tokens';
import { renderModelList } from './model-list';

/** Rate limits and budgets, checked before the upstream call and settled after it. */
export interface LimitsGate<Admission = unknown> {
  admit(key: ApiKeyRecord, now?: Date): Promise<Admission & { readonly headers: Record<string, string> }>;
  settle(admission: Admission, actual: { totalTokens: number; costUsd: number }): Promise<void>;
}

export interface InferenceDependencies {
  readonly config: GatewayConfig;
  readonly authenticator: Authenticator;
  readonly usage: UsageRepository;
  readonly upstreamKeys: UpstreamKeys;
  readonly providers: Readonly<Record<ProviderId, ProviderApi>>;
  readonly clientProtocols: Readonly<Record<Protocol, ClientProtocol>>;
  readonly translator: (client: Protocol, upstream: Protocol) => Translator;
  readonly limits?: LimitsGate;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
  readonly clock?: () => Date;
}

/** What the Lambda wrapper sends: status and headers, then the body; `settled` ends after metering. */
export interface InferenceResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string | Readable;
  /** Resolves once the usage record is written; the Lambda must await it before returning. */
  readonly settled: Promise<void>;
}

/** Per-request facts gathered on the way, for metering and the access log. */
interface RequestState {
  readonly startedAt: Date;
  protocol: Protocol;
  requestId: string;
  key?: ApiKeyRecord;
  model?: ResolvedModel;
  requestedModel?: string;
  streamed: boolean;
  admission?: unknown;
  responseBytes: number;
}

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };

export function createInferenceHandler(dependencies: InferenceDependencies): (event: APIGatewayProxyEvent) => Promise<InferenceResult> {
  const clock = dependencies.clock ?? (() => new Date());
  const { config, logger } = dependencies;

  /** Writes the request's one usage record (if it was authenticated) and its metadata-only log line. */
  async function finish(state: RequestState, status: number, usage: NormalizedUsage, firstByteAt?: Date): Promise<void> {
    const endedAt = clock();
    const logFields = {
      requestId: state.requestId,
      keyId: state.key?.keyId,
      accountId: state.key?.accountId,
      protocol: state.protocol,
      model: state.model?.publicName,
      provider: state.model?.provider,
      streamed: state.streamed,
      status,
      latencyMs: endedAt.getTime() - state.startedAt.getTime(),
      timeToFirstByteMs: firstByteAt ? firstByteAt.getTime() - state.startedAt.getTime() : undefined,
      responseBytes: state.responseBytes,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
    };
    if (!state.key) {
      logger.info('request refused', logFields);
      return;
    }
    const record = buildUsageRecord({
      requestId: state.requestId,
      accountId: state.key.accountId,
      keyId: state.key.keyId,
      model: state.model,
      requestedModel: state.requestedModel,
      protocol: state.protocol,
      streamed: state.streamed,
      status,
      usage,
      startedAt: state.startedAt,
      endedAt,
      firstByteAt,
    });
    try {
      await dependencies.usage.put(record);
      if (state.admission !== undefined && dependencies.limits) {
        const totalTokens = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0);
        await dependencies.limits.settle(state.admission, { totalTokens, costUsd: record.costUsd });
      }
      logger.info('request metered', { ...logFields, costUsd: record.costUsd });
    } catch (error) {
      // The answer is already out; losing its record is an operational error, never the caller's.
      logger.error('metering failed', { ...logFields, errorName: (error as Error).name });
    }
  }

  function errorResult(state: RequestState, error: GatewayError): InferenceResult {
    const rendered = dependencies.clientProtocols[state.protocol].renderError(error);
    state.responseBytes = Buffer.byteLength(rendered.body);
    return {
      statusCode: rendered.statusCode,
      headers: { ...rendered.headers, 'x-request-id': state.requestId },
      body: rendered.body,
      settled: finish(state, rendered.statusCode, {}),
    };
  }

  async function handle(event: APIGatewayProxyEvent): Promise<InferenceResult> {
    const state: RequestState = {
      startedAt: clock(),
      protocol: protocolOfPath(event.path ?? '/', lowerCaseHeaders(event)),
      requestId: event.requestContext?.requestId ?? crypto.randomUUID(),
      streamed: false,
      responseBytes: 0,
    };
    try {
      const request = readIncomingRequest(event, config.maxBodyBytes);
      const endpoint = matchRoute(request.method, request.path, request.headers);
      state.protocol = endpoint.protocol;
      state.key = await dependencies.authenticator.authenticate(request.headers, request.query);
      if (endpoint.kind === 'listModels') {
        const body = renderModelList(endpoint.protocol);
        state.responseBytes = Buffer.byteLength(body);
        return { statusCode: 200, headers: { 'content-type': 'application/json', 'x-request-id': state.requestId }, body, settled: finish(state, 200, {}) };
      }
      return await generate(state, request, endpoint);
    } catch (error) {
      const gatewayError = toGatewayError(error);
      if (gatewayError.kind === 'internal') logger.error('request failed', { requestId: state.requestId, errorName: (error as Error)?.name });
      return errorResult(state, gatewayError);
    }
  }

  async function generate(state: RequestState, request: IncomingRequest, endpoint: Exclude<Endpoint, { kind: 'listModels' }>): Promise<InferenceResult> {
    const body = parseJsonBody(request.bodyText);
    const modelName = endpoint.pathModel ?? body.model;
    if (typeof modelName !== 'string' || modelName === '') throw invalidRequest("The field 'model' is required.", 'model');
    state.requestedModel = modelName;
    const model = resolveModel(modelName);
    if (!model) throw modelNotFound(modelName);
    state.model = model;
    const stream = endpoint.kind === 'generate' && (endpoint.pathStream ?? body.stream === true);
    if (endpoint.kind === 'generate' && endpoint.pathStream && request.query.alt !== 'sse') throw geminiArrayStreamRefused();
    state.streamed = stream;
    const context: TranslationContext = {
      publicModel: model.publicName,
      upstreamModel: model.upstreamModel,
      stream,
      requestId: state.requestId,
      createdAt: Math.floor(state.startedAt.getTime() / 1000),
      clientHeaders: request.headers,
    };
    if (endpoint.kind === 'countTokens') return answerCount(state, endpoint.protocol, model, body, context);

    const translator = dependencies.translator(endpoint.protocol, providerProtocol(model.provider));
    const upstreamRequest = translator.request(body, context);
    const admission = dependencies.limits ? await dependencies.limits.admit(state.key as ApiKeyRecord, state.startedAt) : undefined;
    state.admission = admission;
    const limitHeaders = admission?.headers ?? {};

    const provider = dependencies.providers[model.provider];
    const apiKey = await dependencies.upstreamKeys.keyFor(model.provider);
    const target = provider.target({
      baseUrl: config.upstreamBaseUrls[model.provider],
      apiKey,
      upstreamModel: model.upstreamModel,
      stream,
      operation: 'generate',
    });
    const upstreamTarget = { url: target.url, headers: { ...target.headers, ...upstreamRequest.headers } };
    const pendingCall = callUpstream(provider, upstreamTarget, upstreamRequest.body, config.upstreamHeadersTimeoutSeconds * 1000, dependencies.fetch);

    if (!stream) {
      const call = await pendingCall;
      const upstreamJson = await readUpstreamJson(call);
      const translated = translator.response(upstreamJson, context);
      const responseBody = JSON.stringify(translated.body);
      state.responseBytes = Buffer.byteLength(responseBody);
      return {
        statusCode: 200,
        headers: { 'content-type': 'application/json', 'x-request-id': state.requestId, ...limitHeaders },
        body: responseBody,
        settled: finish(state, 200, translated.usage, clock()),
      };
    }

    // Wait for the upstream's headers up to one keep-alive interval: an early upstream error keeps
    // its real status; after that the stream is committed to 200 and errors travel as events.
    const keepAliveMs = config.keepAliveSeconds * 1000;
    const early = await Promise.race([
      pendingCall.then((call) => ({ call }), (error: unknown) => ({ error })),
      new Promise<'waiting'>((resolveWaiting) => setTimeout(() => resolveWaiting('waiting'), keepAliveMs).unref()),
    ]);
    if (early !== 'waiting' && 'error' in early) throw early.error;

    const includeUsage = endpoint.protocol !== 'openai' || (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const streamTranslator = translator.stream(context, { includeUsage });
    const responseBody = new StreamingBody(clock);
    const clientProtocol = dependencies.clientProtocols[endpoint.protocol];
    responseBody.startKeepAlive(clientProtocol.keepAliveFrame, keepAliveMs);
    if (early === 'waiting') responseBody.stream.write(clientProtocol.keepAliveFrame);
    const settled = pump(state, pendingCall, streamTranslator, responseBody, keepAliveMs * 20);
    return {
      statusCode: 200,
      headers: { ...SSE_HEADERS, 'x-request-id': state.requestId, ...limitHeaders },
      body: responseBody.stream,
      settled,
    };
  }

  /** Moves upstream events through the translator to the caller, then meters. Never throws. */
  async function pump(
    state: RequestState,
    pendingCall: Promise<UpstreamCall>,
    translator: StreamTranslator,
    body: StreamingBody,
    idleTimeoutMs: number,
  ): Promise<void> {
    let status = 200;
    let call: UpstreamCall | undefined;
    let idleTimer: NodeJS.Timeout | undefined;
    const armIdleTimer = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => call?.abort(), idleTimeoutMs);
      idleTimer.unref();
    };
    const countBytes = (text: string) => {
      state.responseBytes += Buffer.byteLength(text);
      body.write(text);
    };
    try {
      call = await pendingCall;
      if (!call.response.body) throw new GatewayError(502, 'upstream_error', 'The upstream provider sent an empty stream.');
      armIdleTimer();
      for await (const event of readSseEvents(call.response.body, armIdleTimer)) {
        countBytes(translator.push(event));
      }
      if (!translator.completed) throw new GatewayError(502, 'upstream_error', 'The upstream stream ended before the answer was complete.');
      countBytes(translator.end());
    } catch (error) {
      const gatewayError =
        error instanceof GatewayError
          ? error
          : new GatewayError(502, 'upstream_error', 'The upstream stream was interrupted.', { cause: error });
      status = gatewayError.statusCode;
      countBytes(translator.fail(gatewayError));
    } finally {
      clearTimeout(idleTimer);
      body.end();
    }
    await finish(state, status, translator.usage ?? {}, body.firstContentAt);
  }

  /**
   * A token count: answered, so metered with zero tokens and cost 0 (nothing was generated), but not
   * admitted through the rate limits and budget: Claude Code counts on every turn (dozens of calls
   * at start-up), and a count never costs upstream tokens.
   */
  async function answerCount(state: RequestState, client: Protocol, model: ResolvedModel, body: unknown, context: TranslationContext): Promise<InferenceResult> {
    const answer = await countTokens({
      client,
      model,
      body,
      context,
      provider: dependencies.providers[model.provider],
      baseUrl: config.upstreamBaseUrls[model.provider],
      apiKey: () => dependencies.upstreamKeys.keyFor(model.provider),
      headersTimeoutMs: config.upstreamHeadersTimeoutSeconds * 1000,
      fetch: dependencies.fetch,
    });
    const responseBody = JSON.stringify(answer.body);
    state.responseBytes = Buffer.byteLength(responseBody);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-request-id': state.requestId };
    if (answer.estimated) headers['x-tollgate-token-count'] = 'estimate';
    return { statusCode: 200, headers, body: responseBody, settled: finish(state, 200, { inputTokens: 0, outputTokens: 0 }, clock()) };
  }

  return handle;
}

function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) headers[name.toLowerCase()] = value ?? undefined;
  return headers;
}

/**
 * Gemini's `:streamGenerateContent` without `?alt=sse` answers an incrementally written JSON array.
 * The gateway streams server-sent events only; the Gemini SDKs and Gemini CLI always ask for them.
 */
function geminiArrayStreamRefused(): GatewayError {
  return invalidRequest(
    "Add '?alt=sse' to ':streamGenerateContent': this gateway streams Gemini answers as server-sent events only (the JSON-array stream is not supported).",
    'alt',
  );
}
