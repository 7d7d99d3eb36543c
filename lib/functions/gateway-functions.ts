import * as path from 'node:path';
import { Duration, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TABLE_NAME_ENV, type TableId } from '../../lambda/store/tables';
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
}

/**
 * The two functions and their access, one data class per table:
 * - inference (streaming): reads API keys, reads and writes counters, writes usage, reads the upstream keys;
 *   it has no access to accounts (e-mail, payment reference);
 * - account (buffered): reads and writes accounts and API keys, reads usage; no counters, no upstream keys.
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
      environment: { ...environment, TOLLGATE_UPSTREAM_KEYS_SECRET: props.upstreamKeys.secretArn },
    });
    props.tables.apiKeys.grantReadData(this.inference);
    acknowledgeIndexAccess(this.inference, props.tables.apiKeys, 'reads key records by id; the grant also covers the byAccount index');
    props.tables.counters.grantReadWriteData(this.inference);
    props.tables.usage.grantWriteData(this.inference);
    acknowledgeIndexAccess(this.inference, props.tables.usage, 'writes usage records; grantWriteData also names the table\'s indexes, but no write action applies to an index, so this adds nothing beyond the table');
    props.upstreamKeys.grantRead(this.inference);

    this.account = new TollgateFunction(this, 'Account', {
      entry: path.join(HANDLERS, 'account.ts'),
      serviceName: 'tollgate-account',
      timeout: Duration.seconds(15),
      memorySize: 256,
      logRetention: props.logRetention,
      environment,
    });
    props.tables.accounts.grantReadWriteData(this.account);
    props.tables.apiKeys.grantReadWriteData(this.account);
    acknowledgeIndexAccess(this.account, props.tables.apiKeys, 'lists an account\'s keys through the byAccount index');
    props.tables.usage.grantReadData(this.account);
    acknowledgeIndexAccess(this.account, props.tables.usage, 'queries the caller\'s usage through the byKey and byDay indexes');
  }
}

/**
 * `grant*Data` on a table with secondary indexes also grants `<table ARN>/index/*`: the wildcard is limited to
 * that table's own indexes, whose names are fixed by the shared table definitions.
 */
function acknowledgeIndexAccess(fn: TollgateFunction, table: TableV2, use: string): void {
  const logicalId = Stack.of(table).getLogicalId(table.node.defaultChild as CfnElement);
  Validations.of(fn.role!).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${logicalId}.Arn>/index/*]`,
    reason: `The ${fn.node.id.toLowerCase()} function ${use}. The wildcard covers only this table's indexes (defined in lambda/store/tables.ts).`,
  });
}
