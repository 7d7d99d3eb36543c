import { GatewayError, type GatewayErrorKind } from '../../../lambda/core/errors';
import { geminiClientProtocol } from '../../../lambda/protocols/gemini/client-protocol';

describe('gemini client protocol', () => {
  it.each<[GatewayErrorKind, number, number, string]>([
    ['invalid_request', 400, 400, 'INVALID_ARGUMENT'],
    ['authentication', 401, 401, 'UNAUTHENTICATED'],
    ['permission', 403, 403, 'PERMISSION_DENIED'],
    ['not_found', 404, 404, 'NOT_FOUND'],
    ['request_too_large', 413, 413, 'INVALID_ARGUMENT'],
    ['rate_limited', 429, 429, 'RESOURCE_EXHAUSTED'],
    ['quota_exceeded', 429, 429, 'RESOURCE_EXHAUSTED'],
    ['overloaded', 529, 503, 'UNAVAILABLE'],
    ['upstream_unavailable', 503, 503, 'UNAVAILABLE'],
    ['upstream_timeout', 504, 504, 'DEADLINE_EXCEEDED'],
    ['upstream_error', 502, 502, 'INTERNAL'],
    ['internal', 500, 500, 'INTERNAL'],
  ])('renders %s (%i) as %i %s', (kind, status, expectedStatus, rpcStatus) => {
    const rendered = geminiClientProtocol.renderError(new GatewayError(status, kind, 'Named a field.'));
    expect(rendered.statusCode).toBe(expectedStatus);
    expect(JSON.parse(rendered.body)).toEqual({ error: { code: expectedStatus, message: 'Named a field.', status: rpcStatus } });
  });

  it('sends retry-after with rate limits', () => {
    const rendered = geminiClientProtocol.renderError(new GatewayError(429, 'rate_limited', 'Slow down.', { retryAfterSeconds: 7 }));
    expect(rendered.headers).toEqual({ 'content-type': 'application/json', 'retry-after': '7' });
  });

  it('frames stream errors as a data event holding the error object, keep-alives as SSE comments', () => {
    expect(geminiClientProtocol.renderStreamError(new GatewayError(503, 'overloaded', 'Busy.'))).toBe(
      'data: {"error":{"code":503,"message":"Busy.","status":"UNAVAILABLE"}}\n\n',
    );
    expect(geminiClientProtocol.keepAliveFrame).toMatch(/^:[^\n]*\n\n$/);
  });
});
