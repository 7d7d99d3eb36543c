import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLES, type KeyAttribute, type TableId } from '../../lambda/store/tables';

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
 * The four tables from the shared definitions (`lambda/store/tables.ts`) as `TableV2`: on-demand,
 * point-in-time recovery, the TTL attribute each definition names, AWS-owned encryption.
 */
export class GatewayTables extends Construct {
  public readonly tables: Readonly<Record<TableId, TableV2>>;

  constructor(scope: Construct, id: string, props: GatewayTablesProps = {}) {
    super(scope, id);
    const deletionProtection = props.deletionProtection ?? true;
    const build = (tableId: TableId): TableV2 => {
      const definition = TABLES[tableId];
      return new TableV2(this, definition.id, {
        partitionKey: attribute(definition.partitionKey),
        sortKey: definition.sortKey ? attribute(definition.sortKey) : undefined,
        globalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          sortKey: index.sortKey ? attribute(index.sortKey) : undefined,
        })),
        timeToLiveAttribute: definition.timeToLiveAttribute,
        billing: Billing.onDemand(),
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection,
        removalPolicy: deletionProtection ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
    };
    this.tables = {
      accounts: build('accounts'),
      apiKeys: build('apiKeys'),
      usage: build('usage'),
      counters: build('counters'),
    };
  }
}
