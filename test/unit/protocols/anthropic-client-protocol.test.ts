import { GatewayError, type GatewayErrorKind } from '../../../lambda/core/errors';
import { anthropicClientProtocol } from '../../../lambda/protocols/anthropic/client-protocol';

describe('anthropic client protocol', () => {
  it.each<[GatewayErrorKind, number, number, string]>([
    ['invalid_request', 400, 400, 'invalid_request_error'],
    ['authentication', 401, 401, 'authentication_error'],
    ['permission', 403, 403, 'permission_error'],
    ['not_found', 404, 404, 'not_found_error'],
    ['request_too_large', 413, 413, 'request_too_large'],
    ['rate_limited', 429, 429, 'rate_limit_error'],
    ['quota_exceeded', 429, 429, 'rate_limit_error'],
    ['overloaded', 503, 529, 'overloaded_error'],
    ['overloaded', 529, 529, 'overloaded_error'],
    ['upstream_timeout', 504, 504, 'timeout_error'],
    ['upstream_error', 502, 502, 'api_error'],
    ['upstream_unavailable', 503, 503, 'api_error'],
    ['internal', 500, 500, 'api_error'],
  ])('renders %s (%i) as %i %s', (kind, status, expectedStatus, type) => {
    const rendered = anthropicClientProtocol.renderError(new GatewayError(status, kind, 'Something named a field.'));
    expect(rendered.statusCode).toBe(expectedStatus);
    expect(JSON.parse(rendered.body)).toEqual({ type: 'error', error: { type, message: 'Something named a field.' } });
    expect(rendered.headers['content-type']).toBe('application/json');
  });

  it('renders a 402 as billing_error', () => {
    const rendered = anthropicClientProtocol.renderError(new GatewayError(402, 'quota_exceeded', 'Budget spent.'));
    expect(rendered.statusCode).toBe(429);
    const billing = anthropicClientProtocol.renderError(new GatewayError(402, 'invalid_request', 'Budget spent.'));
    expect(billing.statusCode).toBe(402);
    expect(JSON.parse(billing.body).error.type).toBe('billing_error');
  });

  it('sends retry-after and the error’s own headers', () => {
    const error = new GatewayError(429, 'rate_limited', 'Slow down.', {
      retryAfterSeconds: 2.2,
      headers: { 'x-ratelimit-remaining-requests': '0' },
    });
    expect(anthropicClientProtocol.renderError(error).headers).toEqual({
      'content-type': 'application/json',
      'retry-after': '3',
      'x-ratelimit-remaining-requests': '0',
    });
  });

  it('frames stream errors as an `error` event and keep-alives as `ping` events', () => {
    expect(anthropicClientProtocol.renderStreamError(new GatewayError(529, 'overloaded', 'Overloaded.'))).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded."}}\n\n',
    );
    expect(anthropicClientProtocol.keepAliveFrame).toBe('event: ping\ndata: {"type": "ping"}\n\n');
  });
});
