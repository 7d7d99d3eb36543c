import type { ProviderApi, UpstreamTarget, UpstreamTargetInput } from '../types';
import { parseGeminiError } from './parse-error';

/**
 * Google Gemini Developer API (docs/PROTOCOLS.md §3): `POST {base}/v1beta/models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse` and `:countTokens`. The key travels in `x-goog-api-key`, never
 * as `?key=` in the URL.
 */
export const geminiApi: ProviderApi = {
  id: 'gemini',
  protocol: 'gemini',
  target(input: UpstreamTargetInput): UpstreamTarget {
    const model = encodeURIComponent(input.upstreamModel);
    const method = input.operation === 'countTokens' ? 'countTokens' : input.stream ? 'streamGenerateContent?alt=sse' : 'generateContent';
    return {
      url: `${input.baseUrl}/v1beta/models/${model}:${method}`,
      headers: {
        'x-goog-api-key': input.apiKey,
        'content-type': 'application/json',
        accept: input.stream && input.operation === 'generate' ? 'text/event-stream' : 'application/json',
      },
    };
  },
  parseError: parseGeminiError,
};
