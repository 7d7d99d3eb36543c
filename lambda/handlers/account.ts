import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createAccountApi } from '../account/account-api';
import { AccountService } from '../account/account-service';
import { loadConfig } from '../config/environment';
import { Authenticator } from '../core/authenticate';
import { METRIC_NAMESPACE, SERVICE_NAMES } from '../observability/metric-names';
import { observability } from '../observability/middlewares';
import { publishRequestMetrics } from '../observability/request-metrics';
import { AccountsRepository } from '../store/accounts-repository';
import { ApiKeysRepository } from '../store/api-keys-repository';
import { dashboardPage, type DashboardPage } from '../dashboard/dashboard-page';
import { dashboardScript } from '../dashboard/dashboard-script';
import { createDocumentClient } from '../store/client';
import type { TableNames } from '../store/tables';
import { UsageQueries } from '../usage/usage-queries';

export interface AccountHandlerDependencies {
  readonly documentClient: DynamoDBDocumentClient;
  readonly tableNames: TableNames;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  /** Counts requests and errors (embedded metric format). @default none */
  readonly metrics?: Metrics;
}

/**
 * Builds the account function's handler (a buffered API Gateway REST proxy handler). Keys are
 * looked up without caching: after a revocation or an erasure the key stops working here at once.
 */
export function createAccountHandler(dependencies: AccountHandlerDependencies) {
  const { documentClient, tableNames, clock, logger, metrics } = dependencies;
  const apiKeys = new ApiKeysRepository(documentClient, tableNames.apiKeys);
  // Rendered on the first GET /dashboard of an execution environment, then served from memory.
  let page: DashboardPage | undefined;
  const api = createAccountApi({
    // No cache: a revocation or an erasure is refused here at once. A suspended account's holder keeps their GDPR rights.
    authenticator: new Authenticator(apiKeys, 0, undefined, { refuseSuspendedAccounts: false }),
    service: new AccountService(new AccountsRepository(documentClient, tableNames.accounts), apiKeys, clock),
    apiKeys,
    usage: new UsageQueries(documentClient, tableNames.usage, clock),
    clock,
    dashboardPage: async () => (page ??= dashboardPage('holder', await dashboardScript())),
    // Ids, status and timing only: never emails, bodies or keys.
    log: (entry) => {
      logger?.info('account request', { ...entry });
      if (metrics) publishRequestMetrics(metrics, { status: entry.statusCode });
    },
  });
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(observability(logger, metrics))
    .handler((event) => api(event));
}

const config = loadConfig();

/** The deployed and local account function: clients created once per execution environment. */
export const handler = createAccountHandler({
  documentClient: createDocumentClient({ endpoint: config.dynamoDbEndpoint }),
  tableNames: config.tableNames,
  logger: new Logger({ serviceName: SERVICE_NAMES.account }),
  metrics: new Metrics({ namespace: METRIC_NAMESPACE, serviceName: SERVICE_NAMES.account }),
});
