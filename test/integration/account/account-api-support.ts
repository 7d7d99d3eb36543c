import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { UsageRecord } from '../../../lambda/store/usage-repository';
import { usageRecordFixture } from '../../support/usage-record-fixture';

export function proxyEvent(
  method: string,
  path: string,
  options: { key?: string; body?: string; query?: Record<string, string> } = {},
): APIGatewayProxyEvent {
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

export function usage(
  accountId: string,
  keyId: string,
  timestamp: string,
  requestId: string,
  overrides: Partial<UsageRecord> = {},
): UsageRecord {
  return usageRecordFixture(accountId, keyId, timestamp, requestId, {
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.001,
    latencyMs: 50,
    ...overrides,
  });
}
