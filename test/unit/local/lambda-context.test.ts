import { createLambdaContext, functionTimeoutSeconds } from '../../../lambda/local/lambda-context';

describe('the local Lambda context', () => {
  it('counts the remaining time down from the function timeout', async () => {
    const context = createLambdaContext('req-1', 'tollgate-inference', 2);
    const first = context.getRemainingTimeInMillis();
    expect(first).toBeGreaterThan(1900);
    expect(first).toBeLessThanOrEqual(2000);
    await new Promise((wake) => setTimeout(wake, 50));
    expect(context.getRemainingTimeInMillis()).toBeLessThan(first);
    expect(context.awsRequestId).toBe('req-1');
  });

  it('takes TOLLGATE_FUNCTION_TIMEOUT_SECONDS, 900 by default, and refuses values Lambda would not', () => {
    expect(functionTimeoutSeconds({})).toBe(900);
    expect(functionTimeoutSeconds({ TOLLGATE_FUNCTION_TIMEOUT_SECONDS: '5' })).toBe(5);
    expect(functionTimeoutSeconds({ TOLLGATE_FUNCTION_TIMEOUT_SECONDS: '1.5' })).toBe(1.5);
    for (const bad of ['0', '-3', '901', 'soon']) {
      expect(() => functionTimeoutSeconds({ TOLLGATE_FUNCTION_TIMEOUT_SECONDS: bad })).toThrow(/TOLLGATE_FUNCTION_TIMEOUT_SECONDS/);
    }
  });
});
