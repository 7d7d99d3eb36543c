import { diagnose, errorMessage, providerWithoutKey, type ObservedResponse } from '../../../lambda/cli/smoke-diagnosis';

function observed(status: number, headers: Record<string, string>, body: unknown): ObservedResponse {
  return { status, headers: new Headers(headers), body: typeof body === 'string' ? body : JSON.stringify(body) };
}

const FUNCTION = { 'x-request-id': 'c0ffee00-0000-4000-8000-000000000000', 'content-type': 'application/json' };
const API_GATEWAY = { 'x-amzn-requestid': 'a1b2c3d4-0000-4000-8000-000000000000', 'x-amzn-errortype': 'ForbiddenException' };

describe('smoke diagnosis', () => {
  it('tells a wrong or revoked key from a key that never reached the gateway', () => {
    const invalid = observed(401, FUNCTION, {
      error: { message: 'The API key is not valid. Check that it was copied whole, or create a new one.' },
    });
    expect(diagnose(invalid).problem).toMatch(/^Wrong key: the gateway refused it \(the gateway said: "The API key is not valid/);
    expect(diagnose(invalid).fix).toMatch(/tollgate keys create/);
    const revoked = observed(401, FUNCTION, { error: { message: 'This API key has been revoked.' } });
    expect(diagnose(revoked).problem).toMatch(/^Wrong key/);
    const dropped = observed(401, FUNCTION, {
      error: { message: "No API key was sent. Send it in the 'Authorization: Bearer' ... header." },
    });
    expect(diagnose(dropped)).toMatchObject({
      problem: 'The Authorization header did not reach the gateway',
      fix: expect.stringMatching(/AllViewerExceptHostHeader/),
    });
  });

  it("recognises the origin guard's 403 (API Gateway answered, no function ran)", () => {
    const diagnosis = diagnose(observed(403, API_GATEWAY, { message: 'Forbidden' }));
    expect(diagnosis.problem).toMatch(/^Origin-verify mismatch/);
    expect(diagnosis.fix).toMatch(/ApiUrl output/);
    expect(diagnosis.fix).toMatch(/npx cdk deploy --all/);
  });

  it("recognises a block by CloudFront's WAF (no API Gateway headers)", () => {
    const page = '<HTML><BODY><H1>403 ERROR</H1>The request could not be satisfied. Request blocked.</BODY></HTML>';
    const diagnosis = diagnose(observed(403, { 'content-type': 'text/html', 'x-cache': 'Error from cloudfront' }, page));
    expect(diagnosis.problem).toMatch(/^Blocked at the edge/);
    expect(diagnosis.fix).toMatch(/aws-waf-logs-/);
  });

  it('names the provider whose key is missing in the secret', () => {
    const missing = observed(503, FUNCTION, {
      error: { message: 'The gateway has no upstream key configured for gemini. The operator must add one.', type: 'upstream_unavailable' },
    });
    expect(providerWithoutKey(missing)).toBe('gemini');
    expect(diagnose(missing)).toMatchObject({
      problem: 'Provider key missing in the secret: the gateway has no upstream key for gemini',
      fix: expect.stringMatching(/UpstreamKeysSecretArn.*GEMINI_API_KEY/),
    });
    expect(providerWithoutKey(observed(503, FUNCTION, { error: { message: 'Upstream overloaded' } }))).toBeUndefined();
  });

  it("blames the provider for a function's 5xx, and the AWS side for a 5xx without one", () => {
    expect(diagnose(observed(502, FUNCTION, { error: { message: 'The upstream provider failed.' } })).problem).toMatch(
      /^The upstream provider or the gateway failed with 502/,
    );
    expect(diagnose(observed(504, {}, { message: 'Endpoint request timed out' })).problem).toMatch(/^504 before any function answered/);
  });

  it('reads the message of either error shape, and nothing from a body that is not JSON', () => {
    expect(errorMessage('{"error":{"message":"a"}}')).toBe('a');
    expect(errorMessage('{"message":"Forbidden"}')).toBe('Forbidden');
    expect(errorMessage('<html>')).toBeUndefined();
  });
});
