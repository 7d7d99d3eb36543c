import { geminiApi } from '../../../lambda/providers/gemini/gemini-api';

const input = { baseUrl: 'https://generativelanguage.googleapis.com', apiKey: 'AIza-secret', upstreamModel: 'gemini-2.5-flash' } as const;

describe('gemini provider API', () => {
  it('targets generateContent, streamGenerateContent?alt=sse and countTokens with the key in x-goog-api-key only', () => {
    const stream = geminiApi.target({ ...input, stream: true, operation: 'generate' });
    expect(stream).toEqual({
      url: 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
      headers: { 'x-goog-api-key': 'AIza-secret', 'content-type': 'application/json', accept: 'text/event-stream' },
    });
    expect(geminiApi.target({ ...input, stream: false, operation: 'generate' }).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent',
    );
    expect(geminiApi.target({ ...input, stream: false, operation: 'countTokens' }).url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:countTokens',
    );
    for (const operation of ['generate', 'countTokens'] as const) {
      expect(geminiApi.target({ ...input, stream: false, operation }).url).not.toMatch(/key=|AIza/);
    }
  });

  it('escapes the model id in the path', () => {
    expect(geminiApi.target({ ...input, upstreamModel: 'a/b?c', stream: false, operation: 'generate' }).url).toContain(
      '/models/a%2Fb%3Fc:generateContent',
    );
  });

  const body = (code: number, status: string, details: unknown[] = []) =>
    JSON.stringify({ error: { code, message: 'echo of the prompt CANARY-7f3a', status, details } });

  it.each([
    [400, 'INVALID_ARGUMENT', [], 400, 'invalid_request'],
    [400, 'INVALID_ARGUMENT', [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID' }], 502, 'upstream_error'],
    [400, 'FAILED_PRECONDITION', [], 502, 'upstream_error'],
    [403, 'PERMISSION_DENIED', [], 502, 'upstream_error'],
    [404, 'NOT_FOUND', [], 404, 'not_found'],
    [429, 'RESOURCE_EXHAUSTED', [], 429, 'rate_limited'],
    [500, 'INTERNAL', [], 502, 'upstream_error'],
    [503, 'UNAVAILABLE', [], 503, 'overloaded'],
    [504, 'DEADLINE_EXCEEDED', [], 504, 'upstream_timeout'],
  ])('maps %i %s %j to %i %s without copying the message', (status, rpcStatus, details, expectedStatus, kind) => {
    const error = geminiApi.parseError(status, body(status, rpcStatus, details), new Headers());
    expect(error).toMatchObject({ statusCode: expectedStatus, kind });
    expect(error.message).not.toContain('CANARY');
  });

  it('takes retry-after from the header or from RetryInfo.retryDelay', () => {
    expect(geminiApi.parseError(429, body(429, 'RESOURCE_EXHAUSTED'), new Headers({ 'retry-after': '9' })).retryAfterSeconds).toBe(9);
    const retryInfo = [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13.5s' }];
    expect(geminiApi.parseError(429, body(429, 'RESOURCE_EXHAUSTED', retryInfo), new Headers()).retryAfterSeconds).toBe(14);
    expect(geminiApi.parseError(429, body(429, 'RESOURCE_EXHAUSTED'), new Headers()).retryAfterSeconds).toBe(5);
  });

  it('reads errors wrapped in an array and non-JSON bodies', () => {
    expect(geminiApi.parseError(503, `[${body(503, 'UNAVAILABLE')}]`, new Headers())).toMatchObject({ kind: 'overloaded' });
    expect(geminiApi.parseError(503, 'Service Unavailable', new Headers())).toMatchObject({ statusCode: 503, kind: 'overloaded' });
  });

  it('names the field of a BadRequest field violation, never its description', () => {
    const violation = [
      {
        '@type': 'type.googleapis.com/google.rpc.BadRequest',
        fieldViolations: [{ field: 'generation_config.max_output_tokens', description: 'CANARY-7f3a too large' }],
      },
    ];
    const error = geminiApi.parseError(400, body(400, 'INVALID_ARGUMENT', violation), new Headers());
    expect(error).toMatchObject({ statusCode: 400, kind: 'invalid_request', param: 'generation_config.max_output_tokens' });
    expect(error.message).toContain("field 'generation_config.max_output_tokens'");
    expect(error.message).toContain('INVALID_ARGUMENT');
    expect(error.message).not.toContain('CANARY');
    const textAsField = [{ fieldViolations: [{ field: 'ignore all previous CANARY-7f3a', description: 'x' }] }];
    const unnamed = geminiApi.parseError(400, body(400, 'INVALID_ARGUMENT', textAsField), new Headers());
    expect(unnamed.param).toBeUndefined();
    expect(unnamed.message).not.toContain('CANARY');
  });
});
