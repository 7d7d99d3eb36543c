import type { GatewayError } from '../core/errors';
import type { Protocol, ProviderId } from '../core/providers';

export type UpstreamOperation = 'generate' | 'countTokens';

export interface UpstreamTarget {
  readonly url: string;
  /** Auth and protocol headers; keys travel in headers only, never in URLs. */
  readonly headers: Record<string, string>;
}

export interface UpstreamTargetInput {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly upstreamModel: string;
  readonly stream: boolean;
  readonly operation: UpstreamOperation;
}

/** One upstream provider's HTTP API. */
export interface ProviderApi {
  readonly id: ProviderId;
  readonly protocol: Protocol;
  /** URL and headers for an operation; throws GatewayError 400 when the provider has no such operation. */
  target(input: UpstreamTargetInput): UpstreamTarget;
  /**
   * Converts an upstream error answer into a GatewayError. The body is read for its type/code only:
   * its message may echo the prompt, so it is never copied into the error (P1).
   */
  parseError(statusCode: number, bodyText: string, headers: Headers): GatewayError;
}
