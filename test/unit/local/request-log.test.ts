import { logFormatFromEnvironment, RequestLog } from '../../../lambda/local/request-log';
import { routeTemplate } from '../../../lambda/local/route-template';

const ENDED = new Date('2026-11-29T10:00:05.000Z');
const metered = (requestId: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    level: 'INFO',
    message: 'request metered',
    timestamp: '2026-11-29T10:00:05.000Z',
    requestId,
    keyId: 'key000000001',
    operation: 'generate',
    model: 'deepseek-chat',
    streamed: true,
    status: 200,
    inputTokens: 1200,
    outputTokens: 30,
    ...extra,
  });

describe('local request log', () => {
  function logOf(format: 'pretty' | 'json') {
    const written: string[] = [];
    return { log: new RequestLog(format, (text) => written.push(text)), written };
  }

  it('writes one line per request on a terminal, with the facts of the handler line of that request', () => {
    const { log, written } = logOf('pretty');
    log.handlerLine(metered('r1'));
    log.handlerLine(JSON.stringify({ level: 'INFO', message: 'account request', route: 'GET /v1/usage', statusCode: 200 }));
    log.handlerLine(JSON.stringify({ _aws: { CloudWatchMetrics: [] }, Requests: 1 }));
    expect(written).toEqual([]);
    log.requestEnded({ requestId: 'r1', method: 'POST', route: '/v1/chat/completions', status: 200, durationMs: 412, endedAt: ENDED });
    log.requestEnded({ requestId: 'r2', method: 'GET', route: '/v1/usage', status: 401, durationMs: 3, endedAt: ENDED });
    expect(written).toHaveLength(2);
    expect(written[0]).toMatch(
      /^\d\d:\d\d:05 {2}POST {4}\/v1\/chat\/completions {2}200 {2}deepseek-chat {2}1,200 in \/ 30 out tokens {2}412 ms {2}streamed\n$/,
    );
    expect(written[1]).toMatch(/^\d\d:\d\d:05 {2}GET {5}\/v1\/usage {2}401 {2}3 ms\n$/);
  });

  it('shows other handler lines shortened, with their level and ids only', () => {
    const { log, written } = logOf('pretty');
    log.handlerLine(
      JSON.stringify({ level: 'ERROR', message: 'usage record not written', requestId: 'r9', errorName: 'TimeoutError', latencyMs: 5 }),
    );
    expect(written).toEqual([
      expect.stringMatching(/^\d\d:\d\d:\d\d {2}ERROR usage record not written {2}requestId=r9 errorName=TimeoutError\n$/),
    ]);
  });

  it('passes the handler lines through as JSON and adds one JSON line per request when not on a terminal', () => {
    const { log, written } = logOf('json');
    log.handlerLine(metered('r1'));
    log.requestEnded({ requestId: 'r1', method: 'POST', route: '/v1/messages', status: 200, durationMs: 9, endedAt: ENDED });
    expect(written[0]).toBe(`${metered('r1')}\n`);
    expect(JSON.parse(written[1])).toEqual({
      level: 'INFO',
      message: 'local request',
      timestamp: ENDED.toISOString(),
      requestId: 'r1',
      httpMethod: 'POST',
      resourcePath: '/v1/messages',
      status: 200,
      durationMs: 9,
    });
  });

  it('picks JSON when stdout is not a terminal, pretty on one, and what TOLLGATE_LOG_FORMAT asks', () => {
    expect(logFormatFromEnvironment({}, false)).toBe('json');
    expect(logFormatFromEnvironment({}, true)).toBe('pretty');
    expect(logFormatFromEnvironment({ TOLLGATE_LOG_FORMAT: 'json' }, true)).toBe('json');
    expect(() => logFormatFromEnvironment({ TOLLGATE_LOG_FORMAT: 'xml' }, true)).toThrow(/pretty' or 'json/);
  });

  it('names routes, never the model or other text a caller put in the path', () => {
    expect(routeTemplate('/v1/chat/completions/')).toBe('/v1/chat/completions');
    expect(routeTemplate('/v1beta/models/my-secret-model:streamGenerateContent')).toBe('/v1beta/models/{model}:streamGenerateContent');
    expect(routeTemplate('/v1beta/models/gemini-2.5-pro')).toBe('/v1beta/models/{model}');
    expect(routeTemplate('/v1/models/anything')).toBe('/v1/models/{model}');
    expect(routeTemplate('/v1beta/models/x:leakSomething')).toBe('{other}');
    expect(routeTemplate('/v1/private-words-here')).toBe('{other}');
  });
});
