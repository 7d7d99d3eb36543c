import type { Readable } from 'node:stream';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Authenticator } from '../core/authenticate';
import { configuredCatalog, resolveModel, type ResolvedModel } from '../core/catalog';
import { invalidRequest, modelNotFound, toGatewayError, type GatewayError } from '../core/errors';
import { providerProtocol, type ClientProtocolId, type Protocol, type ProviderId } from '../core/providers';
import { UpstreamKeyPool } from '../core/upstream-key-pool';
import type { UpstreamKeys } from '../core/upstream-keys';
import type { GatewayConfig } from '../config/environment';
import type { ClientProtocol } from '../protocols/types';
import type { ProviderApi } from '../providers/types';
import type { ApiKeyRecord } from '../store/api-keys-repository';
import type { UsageRepository } from '../store/usage-repository';
import type { TranslationContext, Translator } from '../translate/types';
import type { CatalogSource } from '../catalog/catalog-source';
import { DEPRECATION_HEADER, deprecationNotice } from '../catalog/deprecation';
import { answerBuffered } from './buffered-answer';
import { countTokens } from './count-tokens';
import { lowerCaseHeaders } from '../http/request-parts';
import { postUpstream } from '../http/upstream-request';
import { parseJsonBody, readIncomingRequest, type IncomingRequest } from './incoming-request';
import { LOG_MESSAGES } from './log-messages';
import { renderModel, renderModelList } from './model-list';
import { createRequestFinisher, type LimitsGate } from './request-finisher';
import type { RequestState } from './request-state';
import { matchRoute, protocolOfPath, type Endpoint } from './routes';
import { outcomeOf, settleWithin } from './settle-within';
import { pumpStream } from './stream-pump';
import { StreamingBody } from './streaming-body';
import { callUpstream, readUpstreamJson } from './upstream-call';
import { callWithKeys } from './upstream-failover';

export type { LimitsGate } from './request-finisher';

export interface InferenceDependencies {
  readonly config: GatewayConfig;
  readonly authenticator: Authenticator;
  readonly usage: UsageRepository;
  readonly upstreamKeys: UpstreamKeys;
  readonly providers: Readonly<Record<ProviderId, ProviderApi>>;
  readonly clientProtocols: Readonly<Record<ClientProtocolId, ClientProtocol>>;
  readonly translator: (client: ClientProtocolId, upstream: Protocol) => Translator;
  readonly limits?: LimitsGate;
  readonly logger: Logger;
  /** One metrics document per finished request (lambda/observability/request-metrics.ts). @default none */
  readonly metrics?: Metrics;
  /** How requests go upstream (tests). @default postUpstream */
  readonly send?: typeof postUpstream;
  /** Upstream keys' health (cool-downs, refusals). @default a new pool */
  readonly keyPool?: UpstreamKeyPool;
  /** The catalog to serve. @default the built-in catalog with `config.arkEndpointIds` */
  readonly catalog?: CatalogSource;
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

type ModelEndpoint = Extract<Endpoint, { kind: 'generate' | 'countTokens' }>;

/** Model names as providers spell them; anything else is refused before it reaches a log or a record. */
const MODEL_NAME = /^[A-Za-z0-9._:/@+-]{1,128}$/;

const SSE_HEADERS = { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' };
const JSON_HEADERS = { 'content-type': 'application/json' };

/**
 * The inference pipeline: auth → route → parse → catalog → translate → limits → upstream →
 * translate back (streamed or whole) → metering. Every request that passed authentication is
 * metered exactly once, whatever its outcome.
 */
export function createInferenceHandler(dependencies: InferenceDependencies): (event: APIGatewayProxyEvent) => Promise<InferenceResult> {
  const clock = dependencies.clock ?? (() => new Date());
  const { config } = dependencies;
  // The built-in catalog with the configured Ark endpoints, merged with the operator's document when there is one.
  const catalogSource: CatalogSource = dependencies.catalog ?? { current: () => Promise.resolve(configuredCatalog(config.arkEndpointIds)) };
  // Which upstream keys are cooling down or refused, as this execution environment has seen them.
  const keyPool = dependencies.keyPool ?? new UpstreamKeyPool();
  const finish = createRequestFinisher({
    usage: dependencies.usage,
    limits: dependencies.limits,
    logger: dependencies.logger,
    metrics: dependencies.metrics,
    clock,
  });

  /** Headers every answer carries: the request id (Anthropic's SDK reads `request-id`), and a retiring model's notice. */
  function idHeaders(state: RequestState): Record<string, string> {
    const headers: Record<string, string> =
      state.protocol === 'anthropic'
        ? { 'x-request-id': state.requestId, 'request-id': state.requestId }
        : { 'x-request-id': state.requestId };
    const notice = state.model ? deprecationNotice(state.model, state.startedAt) : undefined;
    if (notice) headers[DEPRECATION_HEADER] = notice;
    return headers;
  }

  function errorResult(state: RequestState, error: GatewayError): InferenceResult {
    const rendered = dependencies.clientProtocols[state.protocol].renderError(error);
    state.responseBytes = Buffer.byteLength(rendered.body);
    return {
      statusCode: rendered.statusCode,
      headers: { ...rendered.headers, ...idHeaders(state) },
      body: rendered.body,
      settled: finish(state, rendered.statusCode, {}),
    };
  }

  function jsonResult(state: RequestState, body: string): InferenceResult {
    state.responseBytes = Buffer.byteLength(body);
    return { statusCode: 200, headers: { ...JSON_HEADERS, ...idHeaders(state) }, body, settled: finish(state, 200, {}) };
  }

  async function handle(event: APIGatewayProxyEvent): Promise<InferenceResult> {
    const headers = lowerCaseHeaders(event.headers);
    const state: RequestState = {
      startedAt: clock(),
      protocol: protocolOfPath(event.path ?? '/', headers),
      requestId: event.requestContext?.requestId ?? crypto.randomUUID(),
      operation: 'generate',
      streamed: false,
      responseBytes: 0,
    };
    try {
      const request = readIncomingRequest(event, headers, config.maxBodyBytes);
      const endpoint = matchRoute(request.method, request.path, request.headers);
      state.protocol = endpoint.protocol;
      state.operation = endpoint.kind === 'getModel' ? 'listModels' : endpoint.kind;
      state.key = await dependencies.authenticator.authenticate(request.headers, request.query);
      switch (endpoint.kind) {
        case 'listModels':
          return jsonResult(state, renderModelList(endpoint.protocol, await catalogSource.current()));
        case 'getModel':
          return jsonResult(state, renderModel(endpoint.protocol, endpoint.pathModel, await catalogSource.current()));
        default:
          return await answerModelRequest(state, request, endpoint);
      }
    } catch (error) {
      const gatewayError = toGatewayError(error);
      if (gatewayError.kind === 'internal')
        dependencies.logger.error(LOG_MESSAGES.failed, { requestId: state.requestId, errorName: (error as Error)?.name });
      return errorResult(state, gatewayError);
    }
  }

  async function answerModelRequest(state: RequestState, request: IncomingRequest, endpoint: ModelEndpoint): Promise<InferenceResult> {
    const body = parseJsonBody(request.bodyText);
    const modelName = endpoint.pathModel ?? body.model;
    if (typeof modelName !== 'string' || modelName === '') throw invalidRequest("The field 'model' is required.", 'model');
    if (!MODEL_NAME.test(modelName)) {
      throw invalidRequest(
        "The field 'model' is not a model name (up to 128 letters, digits and . _ - : / @ +). GET /v1/models lists them.",
        'model',
      );
    }
    const model = resolveModel(modelName, await catalogSource.current());
    if (!model) throw modelNotFound();
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
    return generate(state, endpoint.protocol, model, body, context);
  }

  async function generate(
    state: RequestState,
    client: ClientProtocolId,
    model: ResolvedModel,
    body: Record<string, unknown>,
    context: TranslationContext,
  ): Promise<InferenceResult> {
    const translator = dependencies.translator(client, providerProtocol(model.provider));
    const upstreamRequest = translator.request(body, context);
    const admission = dependencies.limits ? await dependencies.limits.admit(state.key as ApiKeyRecord, state.startedAt) : undefined;
    state.admission = admission;

    const provider = dependencies.providers[model.provider];
    const headersTimeoutMs = config.upstreamHeadersTimeoutSeconds * 1000;
    // Failover over the provider's keys until the upstream accepts the request (before any of its bytes is forwarded).
    const pendingCall = callWithKeys({
      provider: model.provider,
      ring: await dependencies.upstreamKeys.ringFor(model.provider),
      pool: keyPool,
      deadline: state.startedAt.getTime() + headersTimeoutMs,
      send: dependencies.send ?? postUpstream,
      call: (apiKey, send) => {
        const target = provider.target({
          baseUrl: config.upstreamBaseUrls[model.provider],
          apiKey,
          upstreamModel: model.upstreamModel,
          stream: context.stream,
          operation: 'generate',
        });
        const upstreamTarget = { url: target.url, headers: { ...target.headers, ...upstreamRequest.headers } };
        return callUpstream(provider, upstreamTarget, upstreamRequest.body, headersTimeoutMs, send);
      },
      onAttempt: () => (state.upstreamAttempts = (state.upstreamAttempts ?? 0) + 1),
      // The fingerprint only (a hash prefix), never the key: the alarm on this line tells the operator to replace it.
      onKeyRefused: (keyFingerprint) =>
        dependencies.logger.error(LOG_MESSAGES.upstreamKeyRefused, { provider: model.provider, keyFingerprint }),
    });
    const keepAliveMs = config.keepAliveSeconds * 1000;
    const clientProtocol = dependencies.clientProtocols[client];
    const headers = { ...idHeaders(state), ...(admission?.headers ?? {}), ...upstreamRequest.answerHeaders };

    if (!context.stream) {
      const answer = pendingCall.then(async (call) => translator.response(await readUpstreamJson(call), context));
      return answerBuffered(state, answer, { ...JSON_HEADERS, ...headers }, clientProtocol, keepAliveMs, finish, clock);
    }

    // Wait for the upstream's headers up to one keep-alive interval: an early upstream error keeps
    // its real status; after that the stream is committed to 200 and errors travel as events.
    const early = await settleWithin(outcomeOf(pendingCall), keepAliveMs);
    if (early !== 'waiting' && 'error' in early) throw early.error;

    const includeUsage = client !== 'openai' || (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    const responseBody = new StreamingBody(clock);
    responseBody.startKeepAlive(clientProtocol.keepAliveFrame, keepAliveMs, { immediately: early === 'waiting' });
    // Upstream silence far beyond any keep-alive means a dead connection: abort it.
    const settled = pumpStream(
      state,
      pendingCall,
      translator.stream(context, { includeUsage }),
      responseBody,
      keepAliveMs * 20,
      clientProtocol,
      finish,
    );
    return { statusCode: 200, headers: { ...SSE_HEADERS, ...headers }, body: responseBody.stream, settled };
  }

  /**
   * A token count: answered, so metered with zero tokens and cost 0 (nothing was generated), but not
   * admitted through the rate limits and budget: Claude Code counts on every turn (dozens of calls
   * at start-up), and a count never costs upstream tokens.
   */
  async function answerCount(
    state: RequestState,
    client: Protocol,
    model: ResolvedModel,
    body: unknown,
    context: TranslationContext,
  ): Promise<InferenceResult> {
    const answer = await countTokens({
      client,
      model,
      body,
      context,
      provider: dependencies.providers[model.provider],
      baseUrl: config.upstreamBaseUrls[model.provider],
      apiKey: () => dependencies.upstreamKeys.keyFor(model.provider),
      headersTimeoutMs: config.upstreamHeadersTimeoutSeconds * 1000,
      send: dependencies.send,
    });
    const responseBody = JSON.stringify(answer.body);
    state.responseBytes = Buffer.byteLength(responseBody);
    const headers: Record<string, string> = { ...JSON_HEADERS, ...idHeaders(state) };
    if (answer.estimated) headers['x-tollgate-token-count'] = 'estimate';
    return { statusCode: 200, headers, body: responseBody, settled: finish(state, 200, { inputTokens: 0, outputTokens: 0 }, clock()) };
  }

  return handle;
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
