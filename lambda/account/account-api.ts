import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { hasKeyInQuery, presentedKey, type Authenticator } from '../core/authenticate';
import type { DashboardPage } from '../dashboard/dashboard-page';
import { GatewayError, invalidRequest, routeNotFound, toGatewayError } from '../core/errors';
import { openAiErrorBody } from '../protocols/openai/client-protocol';
import { errorHeaders } from '../protocols/error-headers';
import { DomainError, type DomainErrorKind } from '../core/domain-error';
import { AccountNotFoundError } from '../store/accounts-repository';
import type { ApiKeyRecord, ApiKeysRepository } from '../store/api-keys-repository';
import { UsageAggregator, type UsageGrouping } from '../usage/aggregate-usage';
import { recordView } from '../usage/record-view';
import { resolveTimeRange, type TimeRange } from '../usage/time-range';
import { decodeCursor, encodeCursor } from '../usage/usage-cursor';
import type { UsageQueries } from '../usage/usage-queries';
import type { AccountService } from './account-service';
import { accountExport, MAX_RECORDS_PER_PAGE } from './account-export';
import { accountView } from './account-views';
import { lowerCaseHeaders, normalizePath } from '../http/request-parts';
import { jsonObjectBody } from './proxy-request';

export interface AccountApiDependencies {
  /** Should not cache: a revoked or erased key must stop working here at once. */
  readonly authenticator: Authenticator;
  readonly service: AccountService;
  readonly apiKeys: ApiKeysRepository;
  readonly usage: UsageQueries;
  readonly clock?: () => Date;
  /** The holder's dashboard page (`GET /dashboard`, no key: the page asks for it). @default none: 404 */
  readonly dashboardPage?: () => Promise<DashboardPage>;
  /** Called once per request with ids, status and timing only (P1). */
  readonly log?: (entry: {
    readonly route: string;
    readonly statusCode: number;
    readonly keyId?: string;
    readonly durationMs: number;
  }) => void;
}

type Route = (key: ApiKeyRecord, event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const USAGE_GROUPINGS_FOR_HOLDERS: readonly UsageGrouping[] = ['day', 'model', 'key'];

/** `by`: one grouping or several, comma-separated (`day,model,key`: one row per day, model, operation and key). */
function groupingsOf(value: string | undefined): UsageGrouping[] {
  const parts = (value ?? 'day').split(',').map((part) => part.trim());
  const groupings = parts.filter((part): part is UsageGrouping => (USAGE_GROUPINGS_FOR_HOLDERS as readonly string[]).includes(part));
  if (groupings.length !== parts.length || new Set(groupings).size !== groupings.length)
    throw invalidRequest("'by' must be 'day', 'model' or 'key', or several of them separated by commas (e.g. day,model).", 'by');
  return groupings;
}

export { MAX_RECORDS_PER_PAGE };

/** `limit` of a records page: 1..MAX_RECORDS_PER_PAGE, default the maximum. */
function pageLimit(value: string | undefined): number {
  if (value === undefined) return MAX_RECORDS_PER_PAGE;
  const limit = /^\d{1,7}$/.test(value) ? Number(value) : 0;
  if (limit < 1 || limit > MAX_RECORDS_PER_PAGE)
    throw invalidRequest(`'limit' must be a whole number from 1 to ${MAX_RECORDS_PER_PAGE}.`, 'limit');
  return limit;
}

const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(body),
});

function errorResponse(error: GatewayError): APIGatewayProxyResult {
  return json(error.statusCode, openAiErrorBody(error), errorHeaders(error));
}

const STATUS_OF: Record<DomainErrorKind, number> = { invalid_input: 400, conflict: 409, not_found: 404 };

/** Domain errors as gateway errors, the field as `param` (messages carry no content); anything else as toGatewayError does. */
function toAccountApiError(error: unknown): GatewayError {
  if (!(error instanceof DomainError)) return toGatewayError(error);
  const kind = error.kind === 'not_found' ? 'not_found' : 'invalid_request';
  return new GatewayError(STATUS_OF[error.kind], kind, error.message, { param: error.field });
}

/**
 * The account holder's API (P7), authenticated with the holder's own key:
 * `GET /v1/account` (export), `PATCH /v1/account` (correct the email), `DELETE /v1/account`
 * (erase), `GET /v1/usage` (own usage grouped by day or model, or `?records=true`: single records,
 * paged with `cursor` and `limit`). Every response stays well under Lambda's 6 MB: usage over the
 * whole retention is returned as sums, single records one page at a time.
 */
export function createAccountApi(dependencies: AccountApiDependencies): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  const clock = dependencies.clock ?? (() => new Date());
  const { service, apiKeys, usage } = dependencies;

  /** One page of the account's single records; `cursor` and `limit` as given in the query string. */
  const recordsPage = async (accountId: string, range: TimeRange, query: Record<string, string | undefined>) => {
    const limit = pageLimit(query.limit);
    const startKey = query.cursor === undefined ? undefined : decodeCursor(query.cursor, accountId);
    const page = await usage.accountPage(accountId, range, { limit, startKey });
    return { records: page.records.map(recordView), nextCursor: page.nextKey ? encodeCursor(page.nextKey) : null };
  };

  /** Sums of the account's usage in a range, grouped; reads every record but keeps none. */
  const usageTotals = async (accountId: string, range: TimeRange, groupings: readonly UsageGrouping[]) => {
    const aggregator = new UsageAggregator(groupings);
    await usage.visit({ accountId }, range, (record) => aggregator.add(record));
    return aggregator.rows();
  };

  const exportAccount: Route = async (key) => {
    const account = await service.get(key.accountId);
    if (!account) throw new AccountNotFoundError(key.accountId);
    return json(200, await accountExport({ apiKeys, usage }, account, clock(), { allRecords: false }));
  };

  const correctEmail: Route = async (key, event) => {
    const body = jsonObjectBody(event);
    // The other field's name is caller text: not repeated.
    if (Object.keys(body).some((field) => field !== 'email'))
      throw invalidRequest("Only 'email' can be corrected here; send no other field.");
    if (body.email === undefined) throw invalidRequest("The field 'email' is required.", 'email');
    const account = await service.changeEmail(key.accountId, body.email);
    return json(200, { account: accountView(account) });
  };

  const eraseAccount: Route = async (key) => {
    const account = await service.delete(key.accountId);
    if (!account) throw new AccountNotFoundError(key.accountId);
    const view = accountView(account);
    return json(200, {
      id: view.id,
      status: view.status,
      deletedAt: view.deletedAt,
      expiresAt: view.expiresAt,
      message:
        'The account is deleted and all its keys are revoked. Its data is erased after expiresAt; usage metadata within 90 days of each request.',
    });
  };

  const ownUsage: Route = async (key, event) => {
    const query = event.queryStringParameters ?? {};
    if (query.records !== undefined && query.records !== 'true')
      throw invalidRequest("'records' must be 'true' (or left out for grouped totals).", 'records');
    if (query.records === 'true') {
      if (query.by !== undefined) throw invalidRequest("'by' groups totals; it does not apply with records=true.", 'by');
      const range = resolveTimeRange({ from: query.from, to: query.to }, clock());
      const page = await recordsPage(key.accountId, range, query);
      return json(200, { object: 'list', from: range.from, to: range.to, data: page.records, nextCursor: page.nextCursor });
    }
    const paging = ['cursor', 'limit'].find((name) => query[name] !== undefined);
    if (paging) throw invalidRequest(`'${paging}' pages single records: use it with records=true.`, paging);
    const groupings = groupingsOf(query.by);
    const range = resolveTimeRange({ from: query.from, to: query.to }, clock());
    return json(200, {
      object: 'list',
      by: groupings.join(','),
      from: range.from,
      to: range.to,
      data: await usageTotals(key.accountId, range, groupings),
    });
  };

  /**
   * The account's budget and what this UTC month has cost so far (summed from its usage records, the
   * figures the usage views show), and each key's rate limits: what the dashboard shows beside the usage.
   */
  const ownLimits: Route = async (key) => {
    const now = clock();
    const account = await service.get(key.accountId);
    if (!account) throw new AccountNotFoundError(key.accountId);
    const month = now.toISOString().slice(0, 7);
    const range = { from: `${month}-01T00:00:00.000Z`, to: new Date(now.getTime() + 60_000).toISOString() };
    let nanoDollars = 0;
    const [keys] = await Promise.all([
      apiKeys.listByAccount(key.accountId),
      usage.visit({ accountId: key.accountId }, range, (record) => (nanoDollars += Math.round(record.costUsd * 1e9))),
    ]);
    return json(200, {
      object: 'limits',
      month,
      monthlyBudgetUsd: account.monthlyBudgetUsd ?? null,
      spentThisMonthUsd: nanoDollars / 1e9,
      keys: keys.map((record) => ({
        id: record.keyId,
        prefix: record.prefix,
        status: record.status,
        rpmLimit: record.rpmLimit ?? null,
        tpmLimit: record.tpmLimit ?? null,
      })),
    });
  };

  // Maps: a caller's path or method (`/__proto__`, `CONSTRUCTOR`) never reaches an inherited property.
  const routes = new Map<string, ReadonlyMap<string, Route>>([
    [
      '/v1/account',
      new Map([
        ['GET', exportAccount],
        ['PATCH', correctEmail],
        ['DELETE', eraseAccount],
      ]),
    ],
    ['/v1/usage', new Map([['GET', ownUsage]])],
    ['/v1/usage/limits', new Map([['GET', ownLimits]])],
  ]);

  /** A route of the holder's own data: authenticated with the holder's key. */
  const keyRoute = async (path: string, method: string, event: APIGatewayProxyEvent, onKey: (keyId: string) => void) => {
    const methods = routes.get(path);
    if (!methods) throw routeNotFound(method);
    const route = methods.get(method);
    if (!route) {
      const allowed = [...methods.keys()].join(', ');
      throw new GatewayError(405, 'invalid_request', `This method is not supported on ${path}; use ${allowed}.`, {
        headers: { allow: allowed },
      });
    }
    const key = await dependencies.authenticator.authenticate(lowerCaseHeaders(event.headers), event.queryStringParameters ?? {});
    onKey(key.keyId);
    return route(key, event);
  };

  /** The page itself holds no data and needs no key: it asks for one and calls the routes above with it. */
  const dashboard = async (method: string, query: Readonly<Record<string, string | undefined>>): Promise<APIGatewayProxyResult> => {
    if (!dependencies.dashboardPage) throw routeNotFound(method);
    // A key in this URL has leaked as anywhere else: the same 400, which says so.
    if (hasKeyInQuery(query)) presentedKey({}, query);
    if (method !== 'GET')
      throw new GatewayError(405, 'invalid_request', 'This method is not supported on /dashboard; use GET.', { headers: { allow: 'GET' } });
    const page = await dependencies.dashboardPage();
    return { statusCode: 200, headers: { ...page.headers }, body: page.html };
  };

  return async (event) => {
    const startedAt = Date.now();
    const path = normalizePath(event.path);
    const method = (event.httpMethod ?? 'GET').toUpperCase();
    let keyId: string | undefined;
    let response: APIGatewayProxyResult;
    try {
      if (path === '/dashboard') response = await dashboard(method, event.queryStringParameters ?? {});
      else response = await keyRoute(path, method, event, (id) => (keyId = id));
    } catch (error) {
      response = errorResponse(toAccountApiError(error));
    }
    // The route only when it is one of ours: an unknown path or method is caller text.
    const known = routes.get(path)?.has(method) || (path === '/dashboard' && method === 'GET' && dependencies.dashboardPage);
    const route = known ? `${method} ${path}` : 'unknown';
    dependencies.log?.({ route, statusCode: response.statusCode, keyId, durationMs: Date.now() - startedAt });
    return response;
  };
}
