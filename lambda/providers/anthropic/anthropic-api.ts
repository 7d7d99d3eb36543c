import type { ProviderApi, UpstreamTarget, UpstreamTargetInput } from '../types';
import { parseAnthropicError } from './parse-error';

/** The `anthropic-version` sent when the caller gave none. https://docs.anthropic.com/en/api/versioning */
export const DEFAULT_ANTHROPIC_VERSION = '2023-06-01';

const PATHS = { generate: '/v1/messages', countTokens: '/v1/messages/count_tokens' } as const;

/**
 * Anthropic Messages API (docs/PROTOCOLS.md §2): `POST {base}/v1/messages` and
 * `/v1/messages/count_tokens`, key in `x-api-key`. A caller's `anthropic-version` and
 * `anthropic-beta` arrive through the translator's `UpstreamRequestBody.headers` and override these.
 */
export const anthropicApi: ProviderApi = {
  id: 'anthropic',
  protocol: 'anthropic',
  target(input: UpstreamTargetInput): UpstreamTarget {
    return {
      url: `${input.baseUrl}${PATHS[input.operation]}`,
      headers: {
        'x-api-key': input.apiKey,
        'anthropic-version': DEFAULT_ANTHROPIC_VERSION,
        'content-type': 'application/json',
        accept: input.stream && input.operation === 'generate' ? 'text/event-stream' : 'application/json',
      },
    };
  },
  parseError: parseAnthropicError,
};
