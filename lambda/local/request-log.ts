/**
 * What `npm start` prints per request. `pretty` (a terminal): one line per request — time, method,
 * route, status, model, tokens, duration — from what the server saw plus the facts of the handler's
 * own log line for that request (matched by request id); other handler lines shortened. `json` (not a
 * terminal, or `TOLLGATE_LOG_FORMAT=json`): the handlers' JSON lines unchanged plus one JSON line per
 * request. Either way only metadata: the handlers log no content, and the route is a template.
 */
export type LogFormat = 'pretty' | 'json';

export interface RequestSummary {
  readonly requestId: string;
  readonly method: string;
  /** A route template (see routeTemplate), never the concrete path. */
  readonly route: string;
  readonly status: number;
  readonly durationMs: number;
  readonly endedAt: Date;
}

/** Facts the handler logged about a request (its `request metered` / `request refused` line). */
interface HandlerFacts {
  readonly model?: string;
  readonly operation?: string;
  readonly streamed?: boolean;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** Handler log messages that describe one request, folded into that request's line. */
const REQUEST_MESSAGES = new Set(['request metered', 'request refused']);
/** Lines the request line already says (the account function's per-request line). */
const REDUNDANT_MESSAGES = new Set(['account request']);
/** Fields of other handler lines worth showing on a terminal (metadata only, as logged). */
const SHOWN_FIELDS = ['requestId', 'keyId', 'status', 'errorName', 'model', 'provider'];
/** Facts of requests whose line is not written yet; bounded in case a line never ends. */
const MAX_PENDING = 10_000;

export function logFormatFromEnvironment(environment: NodeJS.ProcessEnv, stdoutIsTerminal: boolean): LogFormat {
  const asked = environment.TOLLGATE_LOG_FORMAT;
  if (asked === 'json' || asked === 'pretty') return asked;
  if (asked) throw new Error(`Configuration error: TOLLGATE_LOG_FORMAT must be 'pretty' or 'json', got '${asked}'.`);
  return stdoutIsTerminal ? 'pretty' : 'json';
}

export class RequestLog {
  private readonly facts = new Map<string, HandlerFacts>();

  constructor(
    private readonly format: LogFormat,
    private readonly write: (text: string) => void,
    private readonly colors = false,
  ) {}

  /** One line the handlers wrote to stdout. */
  handlerLine(line: string): void {
    // JSON lines pass through unread (every request writes at least one).
    const entry = this.format === 'json' ? undefined : parseJsonObject(line);
    if (!entry) {
      this.write(`${line}\n`);
      return;
    }
    // CloudWatch embedded-metric documents: for the metrics service, not for people.
    if ('_aws' in entry) return;
    const message = typeof entry.message === 'string' ? entry.message : '';
    if (REDUNDANT_MESSAGES.has(message)) return;
    if (REQUEST_MESSAGES.has(message) && typeof entry.requestId === 'string') {
      if (this.facts.size >= MAX_PENDING) this.facts.clear();
      this.facts.set(entry.requestId, {
        model: stringField(entry.model),
        operation: stringField(entry.operation),
        streamed: entry.streamed === true,
        inputTokens: numberField(entry.inputTokens),
        outputTokens: numberField(entry.outputTokens),
      });
      return;
    }
    const level = typeof entry.level === 'string' ? entry.level : 'INFO';
    const fields = SHOWN_FIELDS.filter((name) => entry[name] !== undefined).map((name) => `${name}=${String(entry[name])}`);
    const time = typeof entry.timestamp === 'string' ? clockTime(new Date(entry.timestamp)) : clockTime(new Date());
    const tag = level === 'ERROR' || level === 'CRITICAL' ? this.paint(level, 31) : level === 'WARN' ? this.paint(level, 33) : level;
    this.write(`${time}  ${tag} ${message}${fields.length ? `  ${fields.join(' ')}` : ''}\n`);
  }

  /** The request has been answered (and, for the inference function, metered). */
  requestEnded(summary: RequestSummary): void {
    const facts = this.facts.get(summary.requestId) ?? {};
    this.facts.delete(summary.requestId);
    if (this.format === 'json') {
      this.write(
        `${JSON.stringify({
          level: 'INFO',
          message: 'local request',
          timestamp: summary.endedAt.toISOString(),
          requestId: summary.requestId,
          httpMethod: summary.method,
          resourcePath: summary.route,
          status: summary.status,
          durationMs: summary.durationMs,
        })}\n`,
      );
      return;
    }
    const status = this.paint(String(summary.status), summary.status >= 500 ? 31 : summary.status >= 400 ? 33 : 32);
    const parts = [clockTime(summary.endedAt), summary.method.padEnd(6), summary.route, status];
    if (facts.model) parts.push(facts.model);
    if (facts.operation && facts.operation !== 'generate') parts.push(`(${facts.operation})`);
    if (facts.inputTokens !== undefined || facts.outputTokens !== undefined)
      parts.push(`${formatCount(facts.inputTokens)} in / ${formatCount(facts.outputTokens)} out tokens`);
    parts.push(`${summary.durationMs} ms`);
    if (facts.streamed) parts.push('streamed');
    this.write(`${parts.join('  ')}\n`);
  }

  private paint(text: string, color: number): string {
    return this.colors ? `\x1b[${color}m${text}\x1b[0m` : text;
  }
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const stringField = (value: unknown) => (typeof value === 'string' ? value : undefined);
const numberField = (value: unknown) => (typeof value === 'number' ? value : undefined);
const formatCount = (value: number | undefined) => (value === undefined ? '?' : value.toLocaleString('en-US'));
/** `HH:MM:SS` in local time: a terminal log is read by the person who runs it. */
const clockTime = (date: Date) => date.toTimeString().slice(0, 8);
