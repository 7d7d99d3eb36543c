import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { loadConfig } from '../config/environment';
import { catalogStoreFromEnvironment } from '../catalog/catalog-location';
import { CachedCatalog } from '../catalog/catalog-source';
import { Authenticator } from '../core/authenticate';
import { configuredCatalog } from '../core/catalog';
import { upstreamKeysFromEnvironment, upstreamKeysFromSecret } from '../core/upstream-keys';
import { createInferenceHandler, type InferenceResult } from '../inference/inference-handler';
import { LOG_MESSAGES } from '../inference/log-messages';
import { streamingLambda } from '../http/streaming-lambda';
import { Limits } from '../limits/limits';
import { METRIC_NAMESPACE, SERVICE_NAMES } from '../observability/metric-names';
import { observability } from '../observability/middlewares';
import { anthropicClientProtocol } from '../protocols/anthropic/client-protocol';
import { geminiClientProtocol } from '../protocols/gemini/client-protocol';
import { openAiClientProtocol } from '../protocols/openai/client-protocol';
import { openAiResponsesClientProtocol } from '../protocols/openai-responses/client-protocol';
import { anthropicApi } from '../providers/anthropic/anthropic-api';
import { arkApi } from '../providers/ark/ark-api';
import { deepSeekApi } from '../providers/deepseek/deepseek-api';
import { geminiApi } from '../providers/gemini/gemini-api';
import { getTranslator } from '../translate/translators';
import { ApiKeysRepository } from '../store/api-keys-repository';
import { createDocumentClient } from '../store/client';
import { UsageRepository } from '../store/usage-repository';

/**
 * The inference function: Lambda response streaming, composed with middy. Clients are created once per
 * execution environment. Nothing here logs content: the handler logs ids, sizes, counts and timings.
 */
const config = loadConfig();
const logger = new Logger({ serviceName: SERVICE_NAMES.inference });
const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: SERVICE_NAMES.inference });
const documentClient = createDocumentClient({ endpoint: config.dynamoDbEndpoint });

const handleInference = createInferenceHandler({
  config,
  logger,
  metrics,
  authenticator: new Authenticator(new ApiKeysRepository(documentClient, config.tableNames.apiKeys), config.apiKeyCacheSeconds),
  usage: new UsageRepository(documentClient, config.tableNames.usage),
  upstreamKeys: config.upstreamKeysSecretId
    ? upstreamKeysFromSecret(config.upstreamKeysSecretId, {
        // The reason only ('no value', 'not a JSON object'), never the value.
        onProblem: (problem) => logger.warn('upstream keys secret holds no keys', { problem }),
      })
    : upstreamKeysFromEnvironment(),
  providers: { deepseek: deepSeekApi, ark: arkApi, anthropic: anthropicApi, gemini: geminiApi },
  clientProtocols: {
    openai: openAiClientProtocol,
    'openai-responses': openAiResponsesClientProtocol,
    anthropic: anthropicClientProtocol,
    gemini: geminiClientProtocol,
  },
  translator: getTranslator,
  catalog: new CachedCatalog(catalogStoreFromEnvironment(), configuredCatalog(config.arkEndpointIds), {
    ttlMs: config.catalogCacheSeconds * 1000,
    // The document is the operator's (no caller content); the error's name is enough to find the cause.
    onError: (error) => logger.error(LOG_MESSAGES.catalogUnreadable, { errorName: error instanceof Error ? error.name : typeof error }),
  }),
  limits: new Limits(documentClient, config.tableNames, undefined, { rpmLimit: config.defaultRpmLimit, tpmLimit: config.defaultTpmLimit }),
});

/**
 * middy composes the handler with the Logger's Lambda context and the cold-start metric; `streamingLambda` streams its
 * answer and awaits the usage record and the request's metrics after the last byte, even when the caller has gone away.
 */
export const handler = streamingLambda(
  middy<APIGatewayProxyEvent, InferenceResult>().use(observability(logger, metrics)).handler(handleInference),
);
