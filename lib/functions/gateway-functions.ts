import * as path from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import { TableGrants, type TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_NAME_ENV, TABLES, type TableId } from '../../lambda/store/tables';
import { dashboardBundlingCommands } from './dashboard-bundling';
import { TollgateFunction } from './tollgate-function';

const HANDLERS = path.join(__dirname, '..', '..', 'lambda', 'handlers');

export interface GatewayFunctionsProps {
  readonly tables: Readonly<Record<TableId, TableV2>>;
  /** The upstream provider keys; only the inference function may read it. */
  readonly upstreamKeys: ISecret;
  /** Requests per minute for keys without their own limit (`TOLLGATE_DEFAULT_RPM`). */
  readonly defaultRequestsPerMinute: number;
  /** Tokens per minute for keys without their own limit (`TOLLGATE_DEFAULT_TPM`). */
  readonly defaultTokensPerMinute: number;
  readonly logRetention: RetentionDays;
  /** Ark inference endpoint ids the inference function serves (`TOLLGATE_ARK_ENDPOINT_IDS`). */
  readonly arkEndpointIds: readonly string[];
  /** Provisioned concurrency of the inference function's live alias; 0 for none. @default 0 */
  readonly inferenceProvisionedConcurrency?: number;
  /** Concurrency reserved for the account function; 0 for none. @default 0 */
  readonly accountReservedConcurrency?: number;
  /**
   * The SSM parameter holding the operator's catalog document (`TOLLGATE_CATALOG_PARAMETER`, a name starting with
   * `/`). Not created here: `tollgate models set --stack` writes it, so no deploy overwrites the operator's edits.
   */
  readonly catalogParameterName: string;
}

/**
 * The two functions and their access, one data class per table. Each grant names exactly the DynamoDB actions the
 * function's code sends (see the comments at each grant), on the table itself, plus a Query on an index only where
 * the code queries that index:
 * - inference (streaming): reads one API key by id, admits/settles rate windows and monthly spend on counters
 *   (conditional updates, one consistent read), writes usage records, reads the upstream keys;
 *   it has no access to accounts (e-mail, payment reference) and cannot query usage or list keys;
 * - account (buffered): reads and changes its own account (e-mail correction, erasure), lists and revokes the
 *   account's API keys, queries the account's usage; no counters, no upstream keys, no scans.
 */
export class GatewayFunctions extends Construct {
  public readonly inference: TollgateFunction;
  public readonly account: TollgateFunction;

  constructor(scope: Construct, id: string, props: GatewayFunctionsProps) {
    super(scope, id);
    const environment: Record<string, string> = {
      TOLLGATE_DEFAULT_RPM: String(props.defaultRequestsPerMinute),
      TOLLGATE_DEFAULT_TPM: String(props.defaultTokensPerMinute),
    };
    for (const [tableId, table] of Object.entries(props.tables) as [TableId, TableV2][]) {
      environment[TABLE_NAME_ENV[tableId]] = table.tableName;
    }

    this.inference = new TollgateFunction(this, 'Inference', {
      entry: path.join(HANDLERS, 'inference.ts'),
      serviceName: 'tollgate-inference',
      // A streamed answer may last as long as API Gateway keeps the stream open (15 minutes).
      timeout: Duration.minutes(15),
      memorySize: 512,
      logRetention: props.logRetention,
      provisionedConcurrentExecutions: props.inferenceProvisionedConcurrency,
      environment: {
        ...environment,
        TOLLGATE_UPSTREAM_KEYS_SECRET: props.upstreamKeys.secretArn,
        ...(props.arkEndpointIds.length ? { TOLLGATE_ARK_ENDPOINT_IDS: props.arkEndpointIds.join(',') } : {}),
        TOLLGATE_CATALOG_PARAMETER: props.catalogParameterName,
      },
    });
    const tables = new TableAccess(props.tables);
    // lambda/core/authenticate.ts -> ApiKeysRepository.get.
    tables.grantOnItems('apiKeys', this.inference, 'dynamodb:GetItem');
    // lambda/limits/limits.ts -> CountersRepository: admitRequest, releaseRequest, addTokens, addSpend (UpdateItem),
    // monthlySpend (GetItem).
    tables.grantOnItems('counters', this.inference, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    // lambda/inference/request-finisher.ts -> UsageRepository.put (conditional PutItem).
    tables.grantOnItems('usage', this.inference, 'dynamodb:PutItem');
    props.upstreamKeys.grantRead(this.inference);
    // lambda/catalog/catalog-stores.ts -> SsmCatalogStore.read (GetParameter of a String parameter: no KMS).
    Grant.addToPrincipal({
      grantee: this.inference,
      actions: ['ssm:GetParameter'],
      resourceArns: [
        Stack.of(this).formatArn({ service: 'ssm', resource: 'parameter', resourceName: props.catalogParameterName.slice(1) }),
      ],
    });

    this.account = new TollgateFunction(this, 'Account', {
      entry: path.join(HANDLERS, 'account.ts'),
      serviceName: 'tollgate-account',
      timeout: Duration.seconds(15),
      memorySize: 256,
      logRetention: props.logRetention,
      // Reserved, so that a flood of 15-minute streams cannot take every execution environment from GDPR requests.
      reservedConcurrentExecutions: props.accountReservedConcurrency || undefined,
      environment,
      // GET /dashboard serves a page whose script is built beside the handler (dashboard.js).
      afterBundling: dashboardBundlingCommands,
    });
    // lambda/account/account-service.ts -> AccountsRepository: get (GetItem); changeEmail (UpdateItem, or a
    // TransactWriteItems of Update + Put + Delete); markDeleted (TransactWriteItems of two Updates). A transaction's
    // items are authorised as the underlying PutItem/UpdateItem/DeleteItem; no ConditionCheck items are sent.
    // create/list/setMonthlyBudget (PutItem, Scan) are operator CLI paths that the account API does not route to.
    tables.grantOnItems('accounts', this.account, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
    // Authenticator -> ApiKeysRepository.get (GetItem); erasure -> revoke (UpdateItem); export and erasure ->
    // listByAccount (Query on the byAccount index). Issuing keys and setting limits are operator CLI paths.
    tables.grantOnItems('apiKeys', this.account, 'dynamodb:GetItem', 'dynamodb:UpdateItem');
    tables.grantQueryOnIndex('apiKeys', 'byAccount', this.account);
    // lambda/usage/usage-queries.ts, always scoped to the caller's account: a Query on the table's own key.
    tables.grantOnItems('usage', this.account, 'dynamodb:Query');
  }
}

/**
 * Grants on the gateway tables that name no more resources than the code uses. `TableV2.grant` and the `grant*Data`
 * helpers add `<table ARN>/index/*` to every grant on a table that has indexes (a PutItem would then also be allowed
 * on all of them, and cdk-nag rightly flags the wildcard); here item actions go to the table ARN alone, and a Query
 * on an index names that one index.
 */
class TableAccess {
  constructor(private readonly tables: Readonly<Record<TableId, TableV2>>) {}

  /** `actions` on the items of the table itself, no index. */
  grantOnItems(tableId: TableId, grantee: IGrantable, ...actions: string[]): Grant {
    return TableGrants.fromTable(this.tables[tableId], [], false).actions(grantee, ...actions);
  }

  /** `dynamodb:Query` on one index of the table, which must exist in the shared table definition. */
  grantQueryOnIndex(tableId: TableId, indexName: string, grantee: IGrantable): Grant {
    if (!TABLES[tableId].globalSecondaryIndexes.some((index) => index.indexName === indexName)) {
      throw new Error(`The ${tableId} table has no index '${indexName}'`);
    }
    return Grant.addToPrincipal({
      grantee,
      actions: ['dynamodb:Query'],
      resourceArns: [`${this.tables[tableId].tableArn}/index/${indexName}`],
    });
  }
}
