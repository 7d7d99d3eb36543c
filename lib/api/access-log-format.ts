import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';

/**
 * API Gateway access-log fields: `$context` metadata only (ids, route template (never the concrete path), status, sizes, latencies, stream timings).
 * No headers, no query string, no body, no caller IP (behind CloudFront it would be an edge address anyway).
 */
export const ACCESS_LOG_FIELDS: Readonly<Record<string, string>> = {
  requestId: '$context.requestId',
  extendedRequestId: '$context.extendedRequestId',
  requestTimeEpoch: '$context.requestTimeEpoch',
  httpMethod: '$context.httpMethod',
  resourcePath: '$context.resourcePath',
  protocol: '$context.protocol',
  status: '$context.status',
  errorType: '$context.error.responseType',
  wafResponseCode: '$context.wafResponseCode',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integration.status',
  integrationLatency: '$context.integration.latency',
  responseTransferMode: '$context.integration.responseTransferMode',
  timeToAllHeaders: '$context.integration.timeToAllHeaders',
  timeToFirstContent: '$context.integration.timeToFirstContent',
};

export const ACCESS_LOG_FORMAT = AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS));
