import { tableNamesFromEnvironment, type TableNames } from '../store/tables';
import type { ProviderId } from '../core/providers';
import { ARK_ENDPOINT_ID } from '../core/catalog';
import { withoutTrailingSlashes } from '../http/request-parts';

/** Default upstream base URLs (docs/PROTOCOLS.md §2-§5). Ark's includes `/api/v3`. */
export const DEFAULT_BASE_URLS: Readonly<Record<ProviderId, string>> = {
  anthropic: 'https://api.anthropic.com',
  gemini: 'https://generativelanguage.googleapis.com',
  deepseek: 'https://api.deepseek.com',
  ark: 'https://ark.cn-beijing.volces.com/api/v3',
};

export const BASE_URL_ENV: Readonly<Record<ProviderId, string>> = {
  anthropic: 'TOLLGATE_ANTHROPIC_BASE_URL',
  gemini: 'TOLLGATE_GEMINI_BASE_URL',
  deepseek: 'TOLLGATE_DEEPSEEK_BASE_URL',
  ark: 'TOLLGATE_ARK_BASE_URL',
};

/** Local runtime only: upstream keys from the environment. In AWS they come from Secrets Manager. */
export const UPSTREAM_KEY_ENV: Readonly<Record<ProviderId, string>> = {
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  deepseek: 'DEEPSEEK_API_KEY',
  ark: 'ARK_API_KEY',
};

/** Lambda refuses a synchronous (and a response-streaming) invocation payload over this many bytes. */
export const LAMBDA_INVOCATION_PAYLOAD_BYTES = 6_291_456;

/**
 * Room for the rest of the proxy event around the body: headers and query twice (`headers` and
 * `multiValueHeaders`; API Gateway caps them at 10 KiB), the path three times, the request context.
 */
const PROXY_EVENT_OVERHEAD_BYTES = 256 * 1024;

/**
 * The largest body that always reaches the function in AWS. The invocation payload is the whole proxy
 * event with the body as a JSON string: escaping a valid JSON body at most doubles it (each backslash
 * or quote gains a backslash, a newline between tokens becomes two characters; UTF-8 stays as it is), so a body of this size
 * with any content still fits in the 6 MB invocation. Enforced by the edge WAF (declared
 * `content-length`), the function and the local runtime alike; documented in README.
 */
export const REACHABLE_BODY_BYTES = Math.floor((LAMBDA_INVOCATION_PAYLOAD_BYTES - PROXY_EVENT_OVERHEAD_BYTES) / 2);

/** The default body limit: a round number under the reachable one. */
export const DEFAULT_MAX_BODY_BYTES = 3_000_000;

export interface GatewayConfig {
  readonly tableNames: TableNames;
  /** Where DynamoDB is (DynamoDB Local); undefined means the AWS default endpoint. */
  readonly dynamoDbEndpoint?: string;
  readonly upstreamBaseUrls: Readonly<Record<ProviderId, string>>;
  /** Name or ARN of the Secrets Manager secret holding upstream keys; undefined means keys come from env. */
  readonly upstreamKeysSecretId?: string;
  /** Largest accepted request body; at most REACHABLE_BODY_BYTES. @default 3,000,000 bytes */
  readonly maxBodyBytes: number;
  /**
   * How long an API key record is reused in memory; a revocation, an account's deletion or suspension takes effect
   * within this time. At most 1 (the privacy promise). @default 1 s
   */
  readonly apiKeyCacheSeconds: number;
  /** Longest silence towards the client before a keep-alive is written. @default 15 s */
  readonly keepAliveSeconds: number;
  /** Time allowed for the upstream's response headers. @default 300 s */
  readonly upstreamHeadersTimeoutSeconds: number;
  /** Requests per minute for keys without their own limit (`TOLLGATE_DEFAULT_RPM`). @default unlimited */
  readonly defaultRpmLimit?: number;
  /** Tokens per minute for keys without their own limit (`TOLLGATE_DEFAULT_TPM`). @default unlimited */
  readonly defaultTpmLimit?: number;
  /**
   * Ark inference endpoint ids the gateway serves (`TOLLGATE_ARK_ENDPOINT_IDS`, comma-separated). Only
   * listed ids are served: an `ep-...` name is caller text until the operator lists it. @default none
   */
  readonly arkEndpointIds: readonly string[];
  /**
   * How long the operator's catalog document (an SSM parameter in AWS) is used before it is read
   * again (`TOLLGATE_CATALOG_CACHE_SECONDS`); a local catalog file is checked on every request. @default 30 s
   */
  readonly catalogCacheSeconds: number;
}

function optionalPositiveNumber(environment: NodeJS.ProcessEnv, name: string): number | undefined {
  return environment[name] ? positiveNumber(environment, name, 0) : undefined;
}

function positiveNumber(environment: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`Configuration error: ${name} must be a positive number, got '${raw}'.`);
  }
  return value;
}

function atMost(value: number, limit: number, name: string, why: string): number {
  if (value > limit) throw new Error(`Configuration error: ${name} must be at most ${limit} (${why}), got ${value}.`);
  return value;
}

function baseUrl(environment: NodeJS.ProcessEnv, provider: ProviderId): string {
  const raw = environment[BASE_URL_ENV[provider]] || DEFAULT_BASE_URLS[provider];
  try {
    const url = new URL(raw);
    return withoutTrailingSlashes(url.toString());
  } catch {
    throw new Error(`Configuration error: ${BASE_URL_ENV[provider]} must be an absolute URL, got '${raw}'.`);
  }
}

function maxBodyBytes(environment: NodeJS.ProcessEnv): number {
  const limit = positiveNumber(environment, 'TOLLGATE_MAX_BODY_BYTES', DEFAULT_MAX_BODY_BYTES);
  if (!Number.isInteger(limit) || limit > REACHABLE_BODY_BYTES) {
    throw new Error(
      `Configuration error: TOLLGATE_MAX_BODY_BYTES must be a whole number of at most ${REACHABLE_BODY_BYTES} (larger bodies cannot reach the function inside Lambda's 6 MB invocation payload), got '${environment.TOLLGATE_MAX_BODY_BYTES}'.`,
    );
  }
  return limit;
}

function arkEndpointIds(environment: NodeJS.ProcessEnv): string[] {
  const ids = (environment.TOLLGATE_ARK_ENDPOINT_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  const invalid = ids.find((id) => !ARK_ENDPOINT_ID.test(id));
  if (invalid !== undefined) {
    throw new Error(`Configuration error: TOLLGATE_ARK_ENDPOINT_IDS must list Ark endpoint ids (ep-...), got '${invalid}'.`);
  }
  return ids;
}

/** Reads the gateway's configuration once; fails fast with a message that names the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return {
    tableNames: tableNamesFromEnvironment(environment),
    dynamoDbEndpoint: environment.TOLLGATE_DYNAMODB_ENDPOINT || undefined,
    upstreamBaseUrls: {
      anthropic: baseUrl(environment, 'anthropic'),
      gemini: baseUrl(environment, 'gemini'),
      deepseek: baseUrl(environment, 'deepseek'),
      ark: baseUrl(environment, 'ark'),
    },
    upstreamKeysSecretId: environment.TOLLGATE_UPSTREAM_KEYS_SECRET || undefined,
    maxBodyBytes: maxBodyBytes(environment),
    apiKeyCacheSeconds: atMost(
      positiveNumber(environment, 'TOLLGATE_API_KEY_CACHE_SECONDS', 1),
      1,
      'TOLLGATE_API_KEY_CACHE_SECONDS',
      'revoked keys must be refused within a second',
    ),
    keepAliveSeconds: positiveNumber(environment, 'TOLLGATE_KEEP_ALIVE_SECONDS', 15),
    upstreamHeadersTimeoutSeconds: positiveNumber(environment, 'TOLLGATE_UPSTREAM_HEADERS_TIMEOUT_SECONDS', 300),
    defaultRpmLimit: optionalPositiveNumber(environment, 'TOLLGATE_DEFAULT_RPM'),
    defaultTpmLimit: optionalPositiveNumber(environment, 'TOLLGATE_DEFAULT_TPM'),
    arkEndpointIds: arkEndpointIds(environment),
    catalogCacheSeconds: positiveNumber(environment, 'TOLLGATE_CATALOG_CACHE_SECONDS', 30),
  };
}
