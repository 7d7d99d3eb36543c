import type { APIGatewayProxyEvent } from 'aws-lambda';
import { usageExpiry } from '../../../lambda/store/retention';
import type { UsageRecord } from '../../../lambda/store/usage-repository';

export function proxyEvent(method: string, path: string, options: { key?: string; body?: string; query?: Record<string, string> } = {}): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    resource: '/{proxy+}',
    headers: options.key ? { Authorization: `Bearer ${options.key}` } : {},
    multiValueHeaders: {},
    queryStringParameters: options.query ?? null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: options.body ?? null,
    isBase64Encoded: false,
    requestContext: { requestId: 'request-1' } as APIGatewayProxyEvent['requestContext'],
  };
}

export function usage(accountId: string, keyId: string, timestamp: string, requestId: string, overrides: Partial<UsageRecord> = {}): UsageRecord {
  return {
    accountId,
    sk: `${timestamp}#${requestId}`,
    requestId,
    timestamp,
    day: timestamp.slice(0, 10),
    keyId,
    model: 'deepseek-chat',
    provider: 'deepseek',
    protocol: 'openai',
    streamed: false,
    status: 200,
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    latencyMs: 50,
    expiresAt: usageExpiry(new Date(timestamp)),
    ...overrides,
  };
}
