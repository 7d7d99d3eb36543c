import middy from '@middy/core';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { loadConfig } from '../config/environment';
import { Authenticator } from '../core/authenticate';
import { upstreamKeysFromEnvironment, upstreamKeysFromSecret } from '../core/upstream-keys';
import { createInferenceHandler } from '../inference/inference-handler';
import { Limits } from '../limits/limits';
import { anthropicClientProtocol } from '../protocols/anthropic/client-protocol';
import { geminiClientProtocol } from '../protocols/gemini/client-protocol';
import { openAiClientProtocol } from '../protocols/openai/client-protocol';
import { anthropicApi } from '../providers/anthropic/anthropic-api';
import { arkApi } from '../providers/ark/ark-api';
import { deepSeekApi } from '../providers/deepseek/deepseek-api';
import { geminiApi } from '../providers/gemini/gemini-api';
import { getTranslator } from '../translate/translators';
import { ApiKeysRepository } from '../store/api-keys-repository';
import { createDocumentClient } from '../store/client';
import { UsageRepository } from '../store/usage-repository';

/**
 * The inference function: Lambda response streaming through middy. Clients are created once per
 * execution environment. Nothing here logs content: the handler logs ids, sizes, counts and timings.
 */
const config = loadConfig();
const logger = new Logger({ serviceName: 'tollgate-inference' });
const documentClient = createDocumentClient({ endpoint: config.dynamoDbEndpoint });

const handleInference = createInferenceHandler({
  config,
  logger,
  authenticator: new Authenticator(new ApiKeysRepository(documentClient, config.tableNames.apiKeys), config.apiKeyCacheSeconds),
  usage: new UsageRepository(documentClient, config.tableNames.usage),
  upstreamKeys: config.upstreamKeysSecretId ? upstreamKeysFromSecret(config.upstreamKeysSecretId) : upstreamKeysFromEnvironment(),
  providers: { deepseek: deepSeekApi, ark: arkApi, anthropic: anthropicApi, gemini: geminiApi },
  clientProtocols: { openai: openAiClientProtocol, anthropic: anthropicClientProtocol, gemini: geminiClientProtocol },
  translator: getTranslator,
  limits: new Limits(documentClient, config.tableNames, undefined, { rpmLimit: config.defaultRpmLimit, tpmLimit: config.defaultTpmLimit }),
});

/** Metering of each request, awaited after the response stream has been sent (see requestEnd). */
const settling = new WeakMap<object, Promise<void>>();

export const handler = middy<APIGatewayProxyEvent>({
  streamifyResponse: true,
  // Runs after middy has piped the whole body to the client. From Node.js 24 on Lambda does not wait
  // for promises left pending, so the usage record is awaited here, before the invocation ends.
  requestEnd: async (request) => {
    await settling.get(request.event);
  },
}).handler(async (event: APIGatewayProxyEvent) => {
  const { settled, ...response } = await handleInference(event);
  settling.set(event, settled);
  return response;
});
