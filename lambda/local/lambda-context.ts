import type { Context } from 'aws-lambda';

/** The deployed inference function's timeout, Lambda's maximum (and API Gateway's limit for a stream). */
export const DEFAULT_FUNCTION_TIMEOUT_SECONDS = 900;

/**
 * `TOLLGATE_FUNCTION_TIMEOUT_SECONDS`: the timeout the local runtime gives each invocation, so that
 * deadline handling (end the stream, meter, abort the upstream before the function is killed) can be
 * tried on one machine with a short value. @default 900
 */
export function functionTimeoutSeconds(environment: NodeJS.ProcessEnv = process.env): number {
  const raw = environment.TOLLGATE_FUNCTION_TIMEOUT_SECONDS;
  if (raw === undefined || raw === '') return DEFAULT_FUNCTION_TIMEOUT_SECONDS;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > DEFAULT_FUNCTION_TIMEOUT_SECONDS) {
    throw new Error(`Configuration error: TOLLGATE_FUNCTION_TIMEOUT_SECONDS must be a number of seconds from 1 to 900, got '${raw}'.`);
  }
  return value;
}

/** A Lambda context for one invocation: the remaining time counts down from `timeoutSeconds`, as in Lambda. */
export function createLambdaContext(requestId: string, functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
