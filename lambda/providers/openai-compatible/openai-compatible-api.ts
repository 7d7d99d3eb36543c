import { invalidRequest } from '../../core/errors';
import type { ProviderId } from '../../core/providers';
import type { ProviderApi, UpstreamTarget, UpstreamTargetInput } from '../types';
import { parseOpenAiCompatibleError } from './parse-error';

/** A provider that speaks OpenAI Chat Completions at `{baseUrl}/chat/completions` with a Bearer key. */
export function createOpenAiCompatibleApi(id: ProviderId): ProviderApi {
  return {
    id,
    protocol: 'openai',
    target(input: UpstreamTargetInput): UpstreamTarget {
      if (input.operation !== 'generate') {
        throw invalidRequest(`Token counting is not available for ${id} models.`, 'model');
      }
      return {
        url: `${input.baseUrl}/chat/completions`,
        headers: {
          authorization: `Bearer ${input.apiKey}`,
          'content-type': 'application/json',
          accept: input.stream ? 'text/event-stream' : 'application/json',
        },
      };
    },
    parseError: (statusCode, bodyText, headers) => parseOpenAiCompatibleError(id, statusCode, bodyText, headers),
  };
}
