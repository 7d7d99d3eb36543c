import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { UsageAggregator, type UsageGrouping, type UsageRow } from '../usage/aggregate-usage';
import { InvalidTimeRangeError, resolveTimeRange } from '../usage/time-range';
import type { UsageQueries } from '../usage/usage-queries';
import type { DashboardPage } from './dashboard-page';

/** Only this machine: the operator's view reads every account. */
export const OPERATOR_HOST = '127.0.0.1';

export interface OperatorServerOptions {
  /** 0: any free port. */
  readonly port: number;
  readonly usage: UsageQueries;
  readonly page: () => Promise<DashboardPage>;
  readonly clock?: () => Date;
  /** One line per request (method, path, status, records, time): never figures of the usage. */
  readonly log?: (line: string) => void;
}

export interface RunningOperatorServer {
  readonly server: Server;
  /** `http://127.0.0.1:PORT/#token=...`: the fragment is never sent to the server, the page keeps it in sessionStorage. */
  readonly url: string;
  readonly token: string;
  close(): Promise<void>;
}

/** The views the operator page draws, each summed by the CLI's aggregator in one read of the range. */
const VIEWS: Readonly<Record<'byDay' | 'byModel' | 'byAccount' | 'byStatus', UsageGrouping>> = {
  byDay: 'day',
  byModel: 'model',
  byAccount: 'account',
  byStatus: 'status',
};

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} on ${OPERATOR_HOST} is already in use. Pass a free one with --port (0: any free port).`);
    this.name = 'PortInUseError';
  }
}

function send(response: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  response.end(JSON.stringify(body));
}

const errorBody = (message: string) => ({ error: { message } });

/** Whether two strings are equal, in time that does not depend on where they differ. */
function sameSecret(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `tollgate dashboard`: the operator page and its one data route, on 127.0.0.1 only.
 * - `GET /` (and `/dashboard`): the page, in operator mode.
 * - `GET /operator/usage?from=&to=`: usage of every account summed per day, model, account and status,
 *   with `Authorization: Bearer <token>` (a random token of this run, handed to the browser in the URL's
 *   fragment), so that another local user or a web page in the operator's browser cannot read it.
 * A Host other than this server's address is refused (a DNS-rebinding page names its own host).
 */
export async function startOperatorServer(options: OperatorServerOptions): Promise<RunningOperatorServer> {
  const token = randomBytes(24).toString('base64url');
  const clock = options.clock ?? (() => new Date());
  let allowedHosts = new Set<string>();

  const usage = async (request: IncomingMessage, response: ServerResponse, query: URLSearchParams): Promise<string> => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    if (!sameSecret(presented, token)) {
      send(response, 401, errorBody('Open the URL that `tollgate dashboard` printed: it carries this run’s access token.'));
      return '';
    }
    let range;
    try {
      range = resolveTimeRange({ from: query.get('from') ?? undefined, to: query.get('to') ?? undefined }, clock());
    } catch (error) {
      if (!(error instanceof InvalidTimeRangeError)) throw error;
      send(response, 400, errorBody(error.message));
      return '';
    }
    const aggregators = Object.entries(VIEWS).map(([view, grouping]) => [view, new UsageAggregator([grouping])] as const);
    let records = 0;
    await options.usage.visit({}, range, (record) => {
      records += 1;
      for (const [, aggregator] of aggregators) aggregator.add(record);
    });
    const views: Record<string, UsageRow[]> = Object.fromEntries(aggregators.map(([view, aggregator]) => [view, aggregator.rows()]));
    send(response, 200, { from: range.from, to: range.to, ...views });
    return `, ${records} records`;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<string> => {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      send(response, 421, errorBody('This server answers only at the address it printed.'));
      return '';
    }
    const url = new URL(request.url ?? '/', `http://${OPERATOR_HOST}`);
    if (request.method !== 'GET') {
      send(response, 405, errorBody('Only GET.'), { allow: 'GET' });
      return '';
    }
    if (url.pathname === '/' || url.pathname === '/dashboard') {
      const page = await options.page();
      response.writeHead(200, page.headers);
      response.end(page.html);
      return '';
    }
    if (url.pathname === '/operator/usage') return usage(request, response, url.searchParams);
    send(response, 404, errorBody('Not found.'));
    return '';
  };

  const server = createServer((request, response) => {
    const startedAt = Date.now();
    handle(request, response)
      .catch((error: unknown) => {
        // The error's name only (e.g. ResourceNotFoundException): its message could name tables or hosts.
        const name = error instanceof Error ? error.name : 'Error';
        if (!response.headersSent) send(response, 500, errorBody(`Could not read the usage: ${name}.`));
        else response.destroy();
        return `, ${name}`;
      })
      .then((detail) => {
        // The path only, never the query (it names no secrets, but the log says what was served, not what was asked).
        const path = (request.url ?? '/').split('?')[0];
        options.log?.(
          `${request.method ?? '?'} ${path.length > 64 ? 'unknown' : path} ${response.statusCode}${detail} ${Date.now() - startedAt} ms`,
        );
      })
      .catch(() => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error));
    server.listen(options.port, OPERATOR_HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  allowedHosts = new Set([`${OPERATOR_HOST}:${port}`, `localhost:${port}`]);
  return {
    server,
    token,
    url: `http://${OPERATOR_HOST}:${port}/#token=${token}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
