import { CfnResource, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TTL_DELETION_LAG_DAYS } from '../../lambda/store/retention';
import { RETENTION_PROMISES, TABLE_RETENTION } from '../../lambda/store/table-retention';
import { TABLES, type KeyAttribute, type TableId } from '../../lambda/store/tables';
import { RETENTION_METADATA_KEY, type TableRetentionMetadata } from '../privacy/retention-metadata';

export interface GatewayTablesProps {
  /**
   * Deletion protection on every table; when on, the tables are also retained if the stack is deleted.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

function attribute(key: KeyAttribute): Attribute {
  return { name: key.name, type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER };
}

/**
 * The four tables from the shared definitions (`lambda/store/tables.ts`) as `TableV2`: on-demand, the TTL attribute
 * each definition names, AWS-owned encryption, and the point-in-time-recovery window of its retention budget
 * (`lambda/store/table-retention.ts`): a week for accounts and keys, none for usage and counters. Each table carries
 * its budget as template metadata, which the synth-time retention check and the privacy report read.
 */
export class GatewayTables extends Construct {
  public readonly tables: Readonly<Record<TableId, TableV2>>;

  constructor(scope: Construct, id: string, props: GatewayTablesProps = {}) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? true;
    const build = (tableId: TableId): TableV2 => {
      const definition = TABLES[tableId];
      const retention = TABLE_RETENTION[tableId];
      const table = new TableV2(this, definition.id, {
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey ? attribute(definition.sortKey) : undefined,
        globalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        })),
        timeToLiveAttribute: definition.timeToLiveAttribute,
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification:
          retention.recoveryPeriodDays > 0
            ? { pointInTimeRecoveryEnabled: true, recoveryPeriodInDays: retention.recoveryPeriodDays }
            : { pointInTimeRecoveryEnabled: false },
        deletionProtection,
        removalPolicy: deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      const metadata: TableRetentionMetadata = {
        table: tableId,
        dataClass: retention.dataClass,
        promiseDays: RETENTION_PROMISES[retention.dataClass].days,
        ttlDays: retention.ttlDays,
        ttlRule: retention.ttlRule,
        ttlDeletionLagDays: TTL_DELETION_LAG_DAYS,
      };
      const resource = table.node.defaultChild;
      if (!CfnResource.isCfnResource(resource)) throw new Error(`The ${tableId} table has no CloudFormation resource`);
      resource.addMetadata(RETENTION_METADATA_KEY, metadata);
      if (retention.recoveryPeriodDays === 0) {
        Validations.of(table).acknowledge({
          id: 'AwsSolutions-DDB3',
          reason: `Backups are retention: the ${tableId} table holds usage metadata promised to be gone within ${RETENTION_PROMISES.usage.days} days, and its TTL uses that budget (lambda/store/table-retention.ts). Losing it loses statistics, nothing a customer needs restored.`,
        });
      }
      return table;
    };
    this.tables = {
      accounts: build('accounts'),
      apiKeys: build('apiKeys'),
      usage: build('usage'),
      counters: build('counters'),
    };
  }
}
