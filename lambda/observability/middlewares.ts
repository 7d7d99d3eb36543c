import type middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * The middlewares both handlers use: the Logger adds the Lambda context (function name and version, request id,
 * cold start) to every line, and the first invocation of an execution environment publishes a `ColdStart` metric.
 *
 * The event is never logged, even if the operator sets POWERTOOLS_LOGGER_LOG_EVENT: it holds the request body.
 * Request metrics are published by the handlers themselves (publishRequestMetrics) rather than by Powertools'
 * `logMetrics` middleware, whose `after` hook runs when a streamed answer starts, not when it ends and is metered.
 */
export function observability(logger?: Logger, metrics?: Metrics): middy.MiddlewareObj[] {
  const middlewares: middy.MiddlewareObj[] = [];
  if (logger) middlewares.push(injectLambdaContext(logger, { logEvent: false }));
  if (metrics) middlewares.push({ before: (request) => metrics.captureColdStartMetric(request.context.functionName) });
  return middlewares;
}
