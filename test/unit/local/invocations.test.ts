import { Invocations } from '../../../lambda/local/invocations';
import { createLambdaContext } from '../../../lambda/local/lambda-context';

describe('local invocations', () => {
  it('counts running invocations until they end, failed ones included', async () => {
    const invocations = new Invocations();
    let finish!: () => void;
    const running = invocations.track(new Promise<void>((resolveRun) => (finish = resolveRun)));
    const failing = invocations.track(Promise.reject(new Error('boom')));
    await failing.catch(() => undefined);
    expect(invocations.count).toBe(1);
    expect(await invocations.settled(20)).toBe(1);
    finish();
    await running;
    expect(await invocations.settled(1000)).toBe(0);
  });

  it('stops waiting when told to', async () => {
    const invocations = new Invocations();
    void invocations.track(new Promise(() => undefined));
    const cut = new AbortController();
    setTimeout(() => cut.abort(), 20);
    const startedAt = Date.now();
    expect(await invocations.settled(60_000, cut.signal)).toBe(1);
    expect(Date.now() - startedAt).toBeLessThan(30_000);
  });

  it('shortens the remaining time of every invocation on request', () => {
    const invocations = new Invocations();
    const context = invocations.context(createLambdaContext('r1', 'tollgate-inference', 900));
    expect(context.getRemainingTimeInMillis()).toBeGreaterThan(899_000);
    invocations.endWithin(0);
    expect(context.getRemainingTimeInMillis()).toBe(0);
    expect(invocations.context(createLambdaContext('r2', 'tollgate-inference', 900)).getRemainingTimeInMillis()).toBe(0);
  });
});
