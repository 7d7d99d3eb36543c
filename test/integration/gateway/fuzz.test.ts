import type { ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import fc from 'fast-check';
import { isStreamingHandler, LocalResponseStream, type StreamingHandler } from '../../../lambda/local/awslambda-shim';
import { createLambdaContext } from '../../../lambda/local/lambda-context';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import {
  anthropicBody,
  bodyText,
  CANARY,
  geminiBody,
  headerSet,
  modelName,
  openAiBody,
  serialize,
  validBodies,
} from '../../support/fuzz/arbitraries';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';

/**
 * Property-based fuzzing of the gateway with hostile input (fast-check). Generated bodies per
 * client protocol go in process to the real inference handler (the same module `npm start` and
 * Lambda run, through the API Gateway proxy event as Lambda receives it), with fake upstreams and
 * DynamoDB Local behind it; a smaller sample goes over HTTP through the local runtime. For every
 * request: no 5xx, an answer within the deadline, an error body in the caller's shape that repeats
 * nothing of the request. At the end: no generated string in any table or log line.
 *
 * FUZZ_RUNS sets the number of bodies per protocol (default 1,000, so npm test stays within CI time; run 10,000+ before a release); FUZZ_SEED replays a run.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 1_000);
const HTTP_RUNS = Math.max(20, Math.round(RUNS / 50));
const HEADER_RUNS = Math.max(50, Math.round(RUNS / 5));
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
/** Requests in flight at once (the handler awaits DynamoDB Local and the fakes; this overlaps them). */
const CONCURRENCY = 8;
/** An answer later than this is a hang. */
const DEADLINE_MS = 60_000;
const MAX_BODY_BYTES = 512 * 1024;

type Shape = (json: unknown) => boolean;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const errorOf = (json: unknown) => (isObject(json) && isObject(json.error) ? json.error : undefined);

const PROTOCOLS: Array<{
  name: string;
  body: fc.Arbitrary<unknown>;
  valid: fc.Arbitrary<unknown>;
  path: (model: unknown) => string;
  shaped: Shape;
}> = [
  {
    name: 'OpenAI',
    body: openAiBody,
    valid: validBodies.openai,
    path: () => '/v1/chat/completions',
    shaped: (json) => typeof errorOf(json)?.message === 'string' && typeof errorOf(json)?.type === 'string',
  },
  {
    name: 'Anthropic',
    body: anthropicBody,
    valid: validBodies.anthropic,
    path: () => '/v1/messages',
    shaped: (json) =>
      isObject(json) && json.type === 'error' && typeof errorOf(json)?.type === 'string' && typeof errorOf(json)?.message === 'string',
  },
  {
    name: 'Gemini',
    body: geminiBody,
    valid: validBodies.gemini,
    path: (model) =>
      `/v1beta/models/${typeof model === 'string' ? encodeURIComponent(model.slice(0, 300)) : 'gemini-2.5-flash'}:${typeof model === 'string' && model.length % 2 === 1 ? 'streamGenerateContent' : 'generateContent'}`,
    shaped: (json) => typeof errorOf(json)?.code === 'number' && typeof errorOf(json)?.status === 'string',
  },
];

/** The proxy event as Lambda hands it over: parsed from JSON text, so `__proto__` names are plain keys. */
function proxyEvent(
  method: string,
  path: string,
  headers: Record<string, string>,
  query: Record<string, string>,
  body: string,
): APIGatewayProxyEvent {
  const entries = (map: Record<string, string>) => Object.entries(map);
  const hasQuery = entries(query).length > 0;
  const text = `{${[
    `"resource":"/{proxy+}","path":${JSON.stringify(path)},"httpMethod":${JSON.stringify(method)}`,
    `"headers":{${entries(headers)
      .map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
      .join(',')}}`,
    `"multiValueHeaders":{${entries(headers)
      .map(([name, value]) => `${JSON.stringify(name)}:[${JSON.stringify(value)}]`)
      .join(',')}}`,
    `"queryStringParameters":${
      hasQuery
        ? `{${entries(query)
            .map(([name, value]) => `${JSON.stringify(name)}:${JSON.stringify(value)}`)
            .join(',')}}`
        : 'null'
    }`,
    `"multiValueQueryStringParameters":${
      hasQuery
        ? `{${entries(query)
            .map(([name, value]) => `${JSON.stringify(name)}:[${JSON.stringify(value)}]`)
            .join(',')}}`
        : 'null'
    }`,
    `"pathParameters":null,"stageVariables":null,"isBase64Encoded":false`,
    `"body":${JSON.stringify(body)}`,
    `"requestContext":{"requestId":"${crypto.randomUUID()}","stage":"fuzz","httpMethod":${JSON.stringify(method)},"path":${JSON.stringify(path)},"identity":{"sourceIp":"127.0.0.1"}}`,
  ].join(',')}}`;
  return JSON.parse(text) as APIGatewayProxyEvent;
}

/** A ServerResponse stand-in that collects what the handler streams. */
function collectingResponse(): { response: ServerResponse; done: Promise<{ status: number; body: string }> } {
  let status = 0;
  const chunks: Buffer[] = [];
  let finish: (value: { status: number; body: string }) => void = () => {};
  const done = new Promise<{ status: number; body: string }>((resolve) => (finish = resolve));
  const response = {
    destroyed: false,
    writableEnded: false,
    writeHead(code: number) {
      status = code;
      return response;
    },
    flushHeaders() {},
    write(chunk: Buffer | string, callback?: () => void) {
      chunks.push(Buffer.from(chunk));
      callback?.();
      return true;
    },
    end(callback?: () => void) {
      response.writableEnded = true;
      callback?.();
      finish({ status, body: Buffer.concat(chunks).toString('utf8') });
    },
  };
  return { response: response as unknown as ServerResponse, done };
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

describe('fuzzing with hostile input', () => {
  let upstreams: FakeUpstreams;
  /** Generated `doubao-`/`ep-` names route to Ark: with a key, so they reach a fake and never a 503 for a missing key. */
  let ark: FakeOpenAiCompatibleServer;
  let harness: GatewayHarness;
  let inference: StreamingHandler;
  const failures: string[] = [];

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    ark = await startFakeOpenAiCompatibleServer('ark', 'ark-upstream-secret');
    harness = await startGatewayHarness({
      ...upstreams.environment,
      TOLLGATE_ARK_BASE_URL: ark.baseUrl,
      ARK_API_KEY: 'ark-upstream-secret',
      TOLLGATE_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
    });
    // The module the local runtime loaded (after the shim and the environment): the same handler instance.
    // Required here (as lambda/local/local-gateway.ts does), so that the module loads after the shim and the environment.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = (require('../../../lambda/handlers/inference') as { handler: unknown }).handler;
    if (!isStreamingHandler(loaded)) throw new Error('The inference handler is not a streaming handler.');
    inference = loaded;
    console.log(`fuzz seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} bodies per protocol`);
  }, 120_000);
  afterAll(async () => {
    await harness?.close();
    await upstreams?.close();
    await ark?.close();
  });
  // Each test reports its own failures only.
  beforeEach(() => {
    failures.length = 0;
  });

  /** One request in process; resolves with the status and body, or fails on a hang. */
  async function invoke(event: APIGatewayProxyEvent): Promise<{ status: number; body: string }> {
    const { response, done } = collectingResponse();
    const stream = new LocalResponseStream(response);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${DEADLINE_MS} ms`)), DEADLINE_MS);
    });
    try {
      await Promise.race([
        inference(event, stream, createLambdaContext(event.requestContext.requestId, 'tollgate-inference', 900)),
        deadline,
      ]);
      if (!stream.writableFinished) stream.end();
      return await Promise.race([done, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The checks every answer must pass; a failure is recorded with what reproduces it. */
  function check(label: string, answer: { status: number; body: string }, shaped: Shape): void {
    const problems: string[] = [];
    if (answer.status >= 500) problems.push(`status ${answer.status}`);
    if (answer.status >= 400) {
      // A streamed error is an SSE frame: its data is the JSON error.
      const json = parsed(answer.body) ?? parsed(/^data: (.*)$/m.exec(answer.body)?.[1] ?? '');
      if (!shaped(json) && answer.status !== 413) problems.push('error body not in the caller shape');
      if (answer.body.includes(CANARY)) problems.push('error body repeats caller text');
    }
    if (problems.length) failures.push(`${label}: ${problems.join(', ')} — ${answer.body.slice(0, 300)}`);
  }

  async function inPool<T>(items: readonly T[], work: (item: T, index: number) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < items.length) {
          const index = next++;
          await work(items[index], index);
        }
      }),
    );
  }

  it.each(PROTOCOLS)(
    '$name: generated bodies get no 5xx and no hang, in process',
    async (protocol) => {
      // The Gemini model is in the path: a generated name of its own.
      const bodies = fc.sample(fc.tuple(bodyText(protocol.body, protocol.valid), modelName), { numRuns: RUNS, seed: SEED });
      const statuses = new Map<number, number>();
      const started = Date.now();
      let slowest = 0;
      await inPool(bodies, async ([body, model], index) => {
        const requestStarted = Date.now();
        try {
          const path = protocol.path(model);
          const query: Record<string, string> = path.includes('streamGenerateContent') ? { alt: 'sse' } : {};
          const event = proxyEvent(
            'POST',
            path,
            { Authorization: `Bearer ${harness.key}`, 'Content-Type': 'application/json' },
            query,
            body,
          );
          const answer = await invoke(event);
          slowest = Math.max(slowest, Date.now() - requestStarted);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          check(`${protocol.name} #${index} (seed ${SEED})`, answer, protocol.shaped);
        } catch (error) {
          failures.push(`${protocol.name} #${index} (seed ${SEED}): ${String(error)} — body ${body.slice(0, 300)}`);
        }
      });
      console.log(
        `${protocol.name}: ${RUNS} bodies in ${Date.now() - started} ms (slowest ${slowest} ms), statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
      );
      expect(failures).toEqual([]);
      // The generators reach both sides: refusals and answered requests.
      expect([...statuses.keys()].some((status) => status === 200)).toBe(true);
      expect([...statuses.keys()].some((status) => status === 400)).toBe(true);
    },
    3_600_000,
  );

  it('generated header and query sets get no 5xx and no hang, in process', async () => {
    const sets = fc.sample(headerSet, { numRuns: HEADER_RUNS, seed: SEED });
    await inPool(sets, async (set, index) => {
      const headers = { ...set.headers };
      if (set.withValidKey) headers.authorization = `Bearer ${harness.key}`;
      const protocol = PROTOCOLS[index % PROTOCOLS.length];
      const body = serialize(
        protocol.name === 'Gemini'
          ? { contents: [{ parts: [{ text: 'hi' }] }] }
          : { model: 'deepseek-chat', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] },
      );
      try {
        const answer = await invoke(proxyEvent('POST', protocol.path('gemini-2.5-flash'), headers, set.query, body));
        check(`headers #${index} (seed ${SEED})`, answer, protocol.shaped);
      } catch (error) {
        failures.push(`headers #${index} (seed ${SEED}): ${String(error)}`);
      }
    });
    expect(failures).toEqual([]);
  }, 3_600_000);

  it.each(PROTOCOLS)(
    '$name: a sample of generated bodies over HTTP through the local runtime',
    async (protocol) => {
      const bodies = fc.sample(bodyText(protocol.body, protocol.valid), { numRuns: HTTP_RUNS, seed: SEED + 1 });
      await inPool(bodies, async (body, index) => {
        const label = `${protocol.name} HTTP #${index} (seed ${SEED + 1})`;
        try {
          const response = await fetch(
            `${harness.gateway.url}${protocol.path('gemini-2.5-flash').replace('streamGenerateContent', 'generateContent')}`,
            {
              method: 'POST',
              headers: { authorization: `Bearer ${harness.key}`, 'content-type': 'application/json' },
              body,
              signal: AbortSignal.timeout(DEADLINE_MS),
            },
          );
          check(label, { status: response.status, body: await response.text() }, protocol.shaped);
        } catch (error) {
          failures.push(`${label}: ${String(error)}`);
        }
      });
      expect(failures).toEqual([]);
    },
    3_600_000,
  );

  it('stored and logged nothing of the generated input', async () => {
    const tables = await harness.store.dumpAllTables();
    expect(tables.length).toBeGreaterThan(1_000);
    expect(tables).not.toContain(CANARY);
    expect(harness.output()).not.toContain(CANARY);
  });
});
