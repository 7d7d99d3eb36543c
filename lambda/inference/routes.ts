import { routeNotFound } from '../core/errors';
import { normalizePath } from '../http/request-parts';
import type { ClientProtocolId, Protocol } from '../core/providers';

/** What a request asks the gateway to do. */
export type Endpoint =
  | { readonly kind: 'generate'; readonly protocol: ClientProtocolId; readonly pathModel?: string; readonly pathStream?: boolean }
  | { readonly kind: 'countTokens'; readonly protocol: Protocol; readonly pathModel?: string }
  | { readonly kind: 'listModels'; readonly protocol: Protocol }
  | { readonly kind: 'getModel'; readonly protocol: Protocol; readonly pathModel: string };

const GEMINI_MODEL_ACTION = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;
const GEMINI_MODEL = /^\/v1beta\/models\/([^/:]+)$/;
const MODEL = /^\/v1\/models\/([^/]+)$/;

/** The protocol a path belongs to, so that even a 404 comes back in the caller's shape. */
export function protocolOfPath(path: string, headers: Readonly<Record<string, string | undefined>> = {}): ClientProtocolId {
  if (path.startsWith('/v1beta/')) return 'gemini';
  if (path.startsWith('/v1/responses')) return 'openai-responses';
  if (path.startsWith('/v1/messages')) return 'anthropic';
  if (path.startsWith('/v1/models') && headers['anthropic-version']) return 'anthropic';
  return 'openai';
}

/** Model lists and lookups answer in Gemini's, Anthropic's (with `anthropic-version`) or OpenAI's format. */
function modelListProtocol(path: string, headers: Readonly<Record<string, string | undefined>>): Protocol {
  if (path.startsWith('/v1beta/')) return 'gemini';
  return headers['anthropic-version'] ? 'anthropic' : 'openai';
}

/** Maps a method and path to an endpoint, or throws a 404 that names the route. */
export function matchRoute(method: string, path: string, headers: Readonly<Record<string, string | undefined>>): Endpoint {
  const normalized = normalizePath(path);
  if (method === 'POST' && normalized === '/v1/chat/completions') return { kind: 'generate', protocol: 'openai' };
  if (method === 'POST' && normalized === '/v1/messages') return { kind: 'generate', protocol: 'anthropic' };
  if (method === 'POST' && normalized === '/v1/responses') return { kind: 'generate', protocol: 'openai-responses' };
  if (method === 'POST' && normalized === '/v1/messages/count_tokens') return { kind: 'countTokens', protocol: 'anthropic' };
  if (method === 'GET' && normalized === '/v1/models') return { kind: 'listModels', protocol: modelListProtocol(normalized, headers) };
  if (method === 'GET' && normalized === '/v1beta/models') return { kind: 'listModels', protocol: 'gemini' };
  const model = method === 'GET' ? (MODEL.exec(normalized) ?? GEMINI_MODEL.exec(normalized)) : null;
  if (model) {
    const pathModel = decodePathSegment(model[1]);
    if (pathModel === undefined) throw routeNotFound(method);
    return { kind: 'getModel', protocol: modelListProtocol(normalized, headers), pathModel };
  }
  const gemini = GEMINI_MODEL_ACTION.exec(normalized);
  if (method === 'POST' && gemini) {
    const pathModel = decodePathSegment(gemini[1]);
    if (pathModel === undefined) throw routeNotFound(method);
    if (gemini[2] === 'countTokens') return { kind: 'countTokens', protocol: 'gemini', pathModel };
    return { kind: 'generate', protocol: 'gemini', pathModel, pathStream: gemini[2] === 'streamGenerateContent' };
  }
  throw routeNotFound(method);
}

/** A percent-decoded path segment, or undefined when its encoding is broken (e.g. `%ZZ`). */
function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
