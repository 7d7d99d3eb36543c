import { z } from 'zod';
import { diagnose, providerWithoutKey, type ObservedResponse } from './smoke-diagnosis';
import { withoutTrailingSlashes } from '../http/request-parts';

/** One line of the smoke report. */
export interface SmokeStep {
  readonly step: string;
  readonly outcome: 'pass' | 'fail' | 'skip';
  readonly detail: string;
  /** What to do about a failure. */
  readonly fix?: string;
}

export interface SmokeOptions {
  /** The gateway's base URL (CloudFront's, or what `npm start` printed), without `/v1`. */
  readonly baseUrl: string;
  readonly key: string;
  /** Models to stream from; by default one per provider the catalog lists, skipping providers without a key. */
  readonly models?: readonly string[];
  /** Called with each step as soon as it is decided. */
  readonly onStep?: (step: SmokeStep) => void;
  /** How long a streamed request may take. @default 120 s */
  readonly requestTimeoutMs?: number;
  /** How long to wait for usage records to appear. @default 20 s */
  readonly usageWaitMs?: number;
}

/** The cheapest model of each provider, when the catalog lists it; otherwise the provider's first listed model. */
const PREFERRED_MODELS: readonly string[] = ['deepseek-chat', 'doubao-seed-1-6-flash-250615', 'claude-haiku-4-5', 'gemini-2.5-flash-lite'];

/** A short answer that still comes as several events. */
const PROMPT = 'Count from 1 to 10, separated by spaces, and nothing else.';

/** `GET /v1/models` in the OpenAI shape: `owned_by` is the provider. */
const MODEL_LIST = z.object({ data: z.array(z.object({ id: z.string(), owned_by: z.string().optional() })) });
type ListedModel = z.infer<typeof MODEL_LIST>['data'][number];

/** The parts of a chat completion chunk the probe looks at. */
const CHUNK = z.object({
  error: z.object({ message: z.string().optional() }).optional(),
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).optional() })).optional(),
});

/** `GET /v1/usage?records=true`: the records' request ids. */
const USAGE_PAGE = z.object({ data: z.array(z.object({ requestId: z.string().optional() })) });

function parseJson<T>(schema: z.ZodType<T>, text: string): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

interface StreamProbe {
  readonly requestId: string | null;
  /** Separate reads of the body that carried `data:` events. */
  readonly partsWithData: number;
  readonly contentEvents: number;
  readonly firstDataMs?: number;
  readonly lastDataMs?: number;
  /** An error event inside the stream, if the answer failed after its start. */
  readonly streamError?: string;
}

/**
 * Checks a live gateway end to end with one key: the model list (a GET whose Authorization header must reach the
 * functions), one small streamed chat completion per provider (or per `models`), arriving in pieces, and the usage
 * records of those requests in `GET /v1/usage`. Returns every step; none throws.
 */
export async function runSmoke(options: SmokeOptions): Promise<SmokeStep[]> {
  const steps: SmokeStep[] = [];
  const record = (step: SmokeStep) => {
    steps.push(step);
    options.onStep?.(step);
  };
  const baseUrl = withoutTrailingSlashes(options.baseUrl).replace(/\/v1$/, '');
  const authorization = { authorization: `Bearer ${options.key}` };
  const startedAt = new Date();

  const listed = await listModels(baseUrl, authorization, record);
  if (!listed) return steps;

  const targets = options.models?.length ? options.models.map((model) => ({ model, explicit: true })) : defaultTargets(listed);
  if (targets.length === 0) {
    record({ step: 'stream', outcome: 'fail', detail: 'The gateway lists no models', fix: 'Check the catalog (`npx tollgate models`).' });
    return steps;
  }
  const metered: string[] = [];
  for (const { model, explicit } of targets) {
    const requestId = await streamOnce(baseUrl, authorization, model, explicit, options.requestTimeoutMs ?? 120_000, record);
    if (requestId) metered.push(requestId);
  }
  if (metered.length === 0) {
    if (!steps.some((step) => step.outcome === 'fail')) {
      record({
        step: 'stream',
        outcome: 'fail',
        detail: 'No provider has an upstream key: nothing could be streamed',
        fix: 'Put at least one provider key into the upstream-keys secret (docs/DEPLOY.md §5), or locally set e.g. DEEPSEEK_API_KEY.',
      });
    }
    return steps;
  }
  await checkUsage(baseUrl, authorization, metered, startedAt, options.usageWaitMs ?? 20_000, record);
  return steps;
}

/** One model per provider: the preferred one if listed, else the provider's first exact (non-pattern) name. */
function defaultTargets(listed: readonly ListedModel[]): Array<{ model: string; explicit: boolean }> {
  const byProvider = new Map<string, string>();
  const exact = listed.filter((entry) => !entry.id.includes('*'));
  for (const entry of [...exact].sort((a, b) => rank(a.id) - rank(b.id))) {
    const provider = entry.owned_by ?? entry.id;
    if (!byProvider.has(provider)) byProvider.set(provider, entry.id);
  }
  return [...byProvider.values()].map((model) => ({ model, explicit: false }));
}

function rank(model: string): number {
  const index = PREFERRED_MODELS.indexOf(model);
  return index === -1 ? PREFERRED_MODELS.length : index;
}

async function observe(response: Response): Promise<ObservedResponse> {
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Why fetch failed: the network error's code (ECONNREFUSED, ENOTFOUND, ...) or its name (TimeoutError). */
function failureReason(error: unknown): string {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && 'code' in cause && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error) return cause.message;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function unreachable(baseUrl: string, error: unknown): { detail: string; fix: string } {
  const reason = failureReason(error);
  return {
    detail: `Cannot reach ${baseUrl} (${reason})`,
    fix: 'Check the URL: the stack’s ApiUrl output (CloudFront), or the address `npm start` printed; a new distribution takes a few minutes to answer.',
  };
}

async function listModels(
  baseUrl: string,
  authorization: Record<string, string>,
  record: (step: SmokeStep) => void,
): Promise<ListedModel[] | undefined> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/v1/models`, { headers: authorization, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    record({ step: 'models', outcome: 'fail', ...unreachable(baseUrl, error) });
    return undefined;
  }
  const observed = await observe(response);
  if (observed.status !== 200) {
    const { problem, fix } = diagnose(observed);
    record({ step: 'models', outcome: 'fail', detail: `GET /v1/models answered ${observed.status}: ${problem}`, fix });
    return undefined;
  }
  const data = parseJson(MODEL_LIST, observed.body)?.data;
  if (!data) {
    record({
      step: 'models',
      outcome: 'fail',
      detail: 'GET /v1/models answered 200 but not with a model list',
      fix: 'This URL is not a Tollgate gateway: use the stack’s ApiUrl output or what `npm start` printed.',
    });
    return undefined;
  }
  record({ step: 'models', outcome: 'pass', detail: `GET /v1/models listed ${data.length} models: the key reached the gateway` });
  return data;
}

async function streamOnce(
  baseUrl: string,
  authorization: Record<string, string>,
  model: string,
  explicit: boolean,
  timeoutMs: number,
  record: (step: SmokeStep) => void,
): Promise<string | undefined> {
  const step = `stream ${model}`;
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { ...authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ model, stream: true, max_tokens: 40, messages: [{ role: 'user', content: PROMPT }] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    record({ step, outcome: 'fail', ...unreachable(baseUrl, error) });
    return undefined;
  }
  if (response.status !== 200 || !response.body) {
    const observed = await observe(response);
    const provider = providerWithoutKey(observed);
    if (provider && !explicit) {
      record({ step, outcome: 'skip', detail: `no upstream key configured for ${provider}` });
      return undefined;
    }
    const { problem, fix } = diagnose(observed);
    record({ step, outcome: 'fail', detail: `answered ${observed.status}: ${problem}`, fix });
    return undefined;
  }
  let probe: StreamProbe;
  try {
    probe = await readStream(response.body, response.headers.get('x-request-id'), started);
  } catch (error) {
    record({
      step,
      outcome: 'fail',
      detail: `the stream broke off (${failureReason(error)})`,
      fix: 'Check the CloudFront origin read timeout and the inference function’s logs.',
    });
    return undefined;
  }
  if (probe.streamError) {
    record({
      step,
      outcome: 'fail',
      detail: `the stream started but ended with an error: "${probe.streamError}"`,
      fix: 'The upstream provider failed mid-answer: check the provider key’s quota and the inference function’s logs.',
    });
    return probe.requestId ?? undefined;
  }
  if (probe.contentEvents === 0) {
    record({
      step,
      outcome: 'fail',
      detail: 'the stream carried no content',
      fix: 'Check the inference function’s logs for this request.',
    });
    return probe.requestId ?? undefined;
  }
  const timing = `first event after ${Math.round(probe.firstDataMs ?? 0)} ms, ${probe.contentEvents} content events in ${probe.partsWithData} parts over ${Math.round((probe.lastDataMs ?? 0) - (probe.firstDataMs ?? 0))} ms`;
  if (probe.partsWithData < 2) {
    record({
      step,
      outcome: 'fail',
      detail: `the answer arrived in one piece (${timing}): something buffers the stream`,
      fix: 'The inference integration must use response streaming (STREAM transfer mode) and CloudFront must not compress or cache: redeploy with `npx cdk deploy --all` and compare with docs/DEPLOY.md.',
    });
    return probe.requestId ?? undefined;
  }
  record({ step, outcome: 'pass', detail: `streamed incrementally: ${timing}` });
  return probe.requestId ?? undefined;
}

/** Reads an SSE body, noting which network reads carried `data:` events and when. */
async function readStream(body: ReadableStream<Uint8Array>, requestId: string | null, started: number): Promise<StreamProbe> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let partsWithData = 0;
  let contentEvents = 0;
  let firstDataMs: number | undefined;
  let lastDataMs: number | undefined;
  let streamError: string | undefined;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const lines = buffer.split('\n');
    buffer = lines.pop() ?? '';
    let sawData = false;
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      sawData = true;
      if (data === '[DONE]') continue;
      const event = parseJson(CHUNK, data);
      if (event?.error) streamError = event.error.message ?? 'error event';
      if (event?.choices?.some((choice) => (choice.delta?.content ?? '').length > 0)) contentEvents += 1;
    }
    if (sawData) {
      const now = performance.now() - started;
      partsWithData += 1;
      firstDataMs ??= now;
      lastDataMs = now;
    }
  }
  return { requestId, partsWithData, contentEvents, firstDataMs, lastDataMs, streamError };
}

async function checkUsage(
  baseUrl: string,
  authorization: Record<string, string>,
  requestIds: readonly string[],
  startedAt: Date,
  waitMs: number,
  record: (step: SmokeStep) => void,
): Promise<void> {
  // Records carry the gateway's clock: look back a little to allow for skew between this machine and AWS.
  const from = new Date(startedAt.getTime() - 10 * 60_000).toISOString();
  const deadline = Date.now() + waitMs;
  let missing: readonly string[];
  for (;;) {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/v1/usage?records=true&from=${encodeURIComponent(from)}`, {
        headers: authorization,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      record({ step: 'usage', outcome: 'fail', ...unreachable(baseUrl, error) });
      return;
    }
    const observed = await observe(response);
    if (observed.status !== 200) {
      const { problem, fix } = diagnose(observed);
      record({ step: 'usage', outcome: 'fail', detail: `GET /v1/usage answered ${observed.status}: ${problem}`, fix });
      return;
    }
    const recorded = new Set((parseJson(USAGE_PAGE, observed.body)?.data ?? []).map((entry) => entry.requestId));
    missing = requestIds.filter((id) => !recorded.has(id));
    if (missing.length === 0) {
      record({ step: 'usage', outcome: 'pass', detail: `GET /v1/usage shows the ${requestIds.length} streamed requests` });
      return;
    }
    if (Date.now() >= deadline) break;
    await new Promise((wake) => setTimeout(wake, 500));
  }
  record({
    step: 'usage',
    outcome: 'fail',
    detail: `${missing.length} of ${requestIds.length} answered requests have no usage record after ${Math.round(waitMs / 1000)} s (request ids ${missing.join(', ')})`,
    fix: 'Metering failed: look for "usage record not written" in the inference function’s logs and at the MeteringFailures alarm.',
  });
}
