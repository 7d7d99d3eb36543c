import { anthropicApi } from '../../../lambda/providers/anthropic/anthropic-api';

const input = { baseUrl: 'https://api.anthropic.com', apiKey: 'sk-ant-secret', upstreamModel: 'claude-haiku-4-5', stream: true } as const;

describe('anthropic provider API', () => {
  it('targets /v1/messages and /v1/messages/count_tokens with the key in x-api-key only', () => {
    const generate = anthropicApi.target({ ...input, operation: 'generate' });
    expect(generate).toEqual({
      url: 'https://api.anthropic.com/v1/messages',
      headers: {
        'x-api-key': 'sk-ant-secret',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
        accept: 'text/event-stream',
      },
    });
    const count = anthropicApi.target({ ...input, stream: false, operation: 'countTokens' });
    expect(count.url).toBe('https://api.anthropic.com/v1/messages/count_tokens');
    expect(count.headers.accept).toBe('application/json');
    expect(generate.url).not.toContain('sk-ant-secret');
  });

  it.each([
    [400, 'invalid_request_error', 400, 'invalid_request'],
    [401, 'authentication_error', 502, 'upstream_error'],
    [402, 'billing_error', 502, 'upstream_error'],
    [403, 'permission_error', 502, 'upstream_error'],
    [404, 'not_found_error', 404, 'not_found'],
    [413, 'request_too_large', 413, 'request_too_large'],
    [429, 'rate_limit_error', 429, 'rate_limited'],
    [500, 'api_error', 502, 'upstream_error'],
    [504, 'timeout_error', 504, 'upstream_timeout'],
    [529, 'overloaded_error', 529, 'overloaded'],
  ])('maps %i %s to %i %s without copying the upstream message', (status, type, expectedStatus, kind) => {
    const body = JSON.stringify({ type: 'error', error: { type, message: 'prompt echo CANARY-7f3a' }, request_id: 'req_011' });
    const error = anthropicApi.parseError(status, body, new Headers({ 'request-id': 'req_011' }));
    expect(error).toMatchObject({ statusCode: expectedStatus, kind });
    expect(error.message).not.toContain('CANARY');
    expect(error.message).toContain(type);
  });

  it('keeps retry-after on 429 and 529', () => {
    const body = '{"type":"error","error":{"type":"rate_limit_error","message":"x"}}';
    expect(anthropicApi.parseError(429, body, new Headers({ 'retry-after': '12' })).retryAfterSeconds).toBe(12);
    expect(anthropicApi.parseError(429, body, new Headers()).retryAfterSeconds).toBe(5);
    expect(
      anthropicApi.parseError(
        529,
        '{"type":"error","error":{"type":"overloaded_error","message":"x"}}',
        new Headers({ 'retry-after': '3' }),
      ).retryAfterSeconds,
    ).toBe(3);
  });

  it('falls back to the status for bodies that are not Anthropic errors, and ignores types that are not identifiers', () => {
    expect(anthropicApi.parseError(529, '<html>busy</html>', new Headers())).toMatchObject({ statusCode: 529, kind: 'overloaded' });
    const error = anthropicApi.parseError(400, '{"error":{"type":"CANARY-7f3a is not a type"}}', new Headers());
    expect(error).toMatchObject({ statusCode: 400, kind: 'invalid_request' });
    expect(error.message).not.toContain('CANARY');
  });
});
