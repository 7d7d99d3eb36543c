import { RemovalPolicy } from 'aws-cdk-lib';
import { Capture, type Template } from 'aws-cdk-lib/assertions';
import type { CfnGlobalTable } from 'aws-cdk-lib/aws-dynamodb';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { monthlySpendExpiry } from '../../lambda/limits/windows';
import {
  accountExpiry,
  ACCOUNT_RETENTION_AFTER_DELETION_DAYS,
  epochSeconds,
  SECONDS_PER_DAY,
  usageExpiry,
  USAGE_RETENTION_DAYS,
} from '../../lambda/store/retention';
import { TABLE_RETENTION } from '../../lambda/store/table-retention';
import { TABLE_IDS, TABLES, type TableId } from '../../lambda/store/tables';
import {
  logGroupRetentionRows,
  metricDimensionFindings,
  retentionFindings,
  tableRetentionRows,
  unmanagedLogFindings,
  type CfnTemplate,
} from '../../lib/privacy/retention-check';
import { logicalId, synthesize, type Synthesized } from './support/synthesize';

let synthesized: Synthesized;
let gateway: Template;
let edge: Template;

beforeAll(() => {
  synthesized = synthesize();
  gateway = synthesized.gatewayTemplate;
  edge = synthesized.edgeTemplate;
});

function tableRow(tableId: TableId) {
  const rows = tableRetentionRows('Tollgate', gateway.toJSON());
  const row = rows.find((candidate) => candidate.logicalId === logicalId(synthesized.gateway.data.tables[tableId]));
  if (!row) throw new Error(`no retention row for ${tableId}`);
  return row;
}

/** Synthesizing the changed app fails with the retention check's message. */
function synthesisFailure(): string {
  try {
    synthesized.app.synth({ force: true });
  } catch (error) {
    return String(error);
  }
  return 'synthesized without error';
}

describe('tables: TTL + deletion lag + point-in-time recovery within the promise', () => {
  it.each(['accounts', 'apiKeys'] as const)('keeps a 7-day point-in-time-recovery window on the %s table (backups kept)', (tableId) => {
    const replicas = gateway.toJSON().Resources[logicalId(synthesized.gateway.data.tables[tableId])].Properties.Replicas;
    expect(replicas.map((replica: Record<string, unknown>) => replica.PointInTimeRecoverySpecification)).toEqual([
      { PointInTimeRecoveryEnabled: true, RecoveryPeriodInDays: 7 },
    ]);
  });

  it.each(['usage', 'counters'] as const)('keeps no point-in-time recovery on the %s table', (tableId) => {
    const replicas = gateway.toJSON().Resources[logicalId(synthesized.gateway.data.tables[tableId])].Properties.Replicas;
    expect(replicas.map((replica: Record<string, unknown>) => replica.PointInTimeRecoverySpecification)).toEqual([
      { PointInTimeRecoveryEnabled: false },
    ]);
  });

  it.each(TABLE_IDS)('keeps the data of the %s table, backups included, no longer than its promise', (tableId) => {
    const row = tableRow(tableId);
    expect(row.problems).toEqual([]);
    expect(row.ttlAttribute).toBe(TABLES[tableId].timeToLiveAttribute);
    expect(row.retainedDays).toBe(row.ttlDays! + row.ttlDeletionLagDays! + row.recoveryPeriodDays);
    expect(row.retainedDays).toBeLessThanOrEqual(row.promiseDays!);
  });

  it('budgets usage as 83 days of TTL + 7 of deletion lag + no backups = 90 days after the request', () => {
    const row = tableRow('usage');
    expect([row.ttlDays, row.ttlDeletionLagDays, row.recoveryPeriodDays, row.retainedDays, row.promiseDays]).toEqual([83, 7, 0, 90, 90]);
  });

  it('budgets accounts and keys as 16 days of TTL + 7 of deletion lag + 7 of backups = 30 days after the deletion', () => {
    for (const tableId of ['accounts', 'apiKeys'] as const) {
      const row = tableRow(tableId);
      expect([row.ttlDays, row.ttlDeletionLagDays, row.recoveryPeriodDays, row.retainedDays, row.promiseDays]).toEqual([16, 7, 7, 30, 30]);
    }
  });

  it('states in the template the TTL that the running code sets', () => {
    const requestAt = new Date('2026-01-01T00:00:00.000Z'); // the first second of a 31-day month: the longest spend TTL
    const daysAfter = (expiresAt: number) => (expiresAt - epochSeconds(requestAt)) / SECONDS_PER_DAY;
    expect(tableRow('usage').ttlDays).toBe(daysAfter(usageExpiry(requestAt)));
    expect(tableRow('accounts').ttlDays).toBe(daysAfter(accountExpiry(requestAt)));
    expect(tableRow('apiKeys').ttlDays).toBe(daysAfter(accountExpiry(requestAt)));
    expect(tableRow('counters').ttlDays).toBe(daysAfter(monthlySpendExpiry(requestAt)));
    expect([USAGE_RETENTION_DAYS, ACCOUNT_RETENTION_AFTER_DELETION_DAYS]).toEqual([90, 30]);
    expect(Object.keys(TABLE_RETENTION).sort()).toEqual([...TABLE_IDS].sort());
  });
});

describe('log groups: retention + deletion lag within 90 days', () => {
  it('gives every log group of both stacks a retention that keeps the promise', () => {
    const rows = [...logGroupRetentionRows('Tollgate', gateway.toJSON()), ...logGroupRetentionRows('Tollgate-Edge', edge.toJSON())];
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.filter((row) => row.problems.length > 0 || !row.removedWithStack)).toEqual([]);
    expect(rows.map((row) => row.retentionDays)).toEqual(rows.map(() => 30));
  });

  it('creates the API Gateway execution-log group with a retention, removed with the stack, before the stage logs to it', () => {
    const restApi = new Capture();
    gateway.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApi }, '/live']] },
        RetentionInDays: 30,
      },
      DeletionPolicy: 'Delete',
    });
    expect(restApi.asString()).toBe(logicalId(synthesized.gateway.api.api));
    const stage = gateway.toJSON().Resources[logicalId(synthesized.gateway.api.api.deploymentStage)];
    expect(stage.DependsOn).toContain(logicalId(synthesized.gateway.api.executionLogs));
  });

  it('leaves no function, WAF log destination or logging stage writing to a log group the stacks do not create', () => {
    expect([
      ...unmanagedLogFindings('Tollgate', gateway.toJSON() as CfnTemplate),
      ...unmanagedLogFindings('Tollgate-Edge', edge.toJSON() as CfnTemplate),
    ]).toEqual([]);
  });
});

describe('the retention check (pure, on templates)', () => {
  it('finds a logging stage without its execution-log group, a function without its log group and a WAF log destination elsewhere', () => {
    const template: CfnTemplate = {
      Resources: {
        Stage: {
          Type: 'AWS::ApiGateway::Stage',
          Properties: { RestApiId: { Ref: 'Api' }, StageName: 'live', MethodSettings: [{ LoggingLevel: 'ERROR' }] },
        },
        Fn: { Type: 'AWS::Lambda::Function', Properties: {} },
        Waf: {
          Type: 'AWS::WAFv2::LoggingConfiguration',
          Properties: { LogDestinationConfigs: ['arn:aws:logs:us-east-1:1:log-group:aws-waf-logs-x'] },
        },
      },
    };
    expect(unmanagedLogFindings('S', template).map((finding) => finding.logicalId)).toEqual(['Stage', 'Fn', 'Waf']);
  });

  it('finds metric dimensions that identify a caller (metrics are kept 15 months)', () => {
    const template: CfnTemplate = {
      Resources: {
        PerKey: {
          Type: 'AWS::Logs::MetricFilter',
          Properties: { MetricTransformations: [{ MetricName: 'Requests', Dimensions: [{ Key: 'Key', Value: '$.keyId' }] }] },
        },
        PerFunction: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'FunctionName', Value: { Ref: 'Fn' } }] } },
        PerAccount: {
          Type: 'AWS::CloudWatch::Alarm',
          Properties: { Metrics: [{ MetricStat: { Metric: { Dimensions: [{ Name: 'AccountId', Value: 'acct_1' }] } } }] },
        },
      },
    };
    expect(metricDimensionFindings('S', template).map((finding) => finding.logicalId)).toEqual(['PerKey', 'PerAccount']);
  });

  it('finds no identifying metric dimension in the app', () => {
    expect([
      ...metricDimensionFindings('Tollgate', gateway.toJSON() as CfnTemplate),
      ...metricDimensionFindings('Tollgate-Edge', edge.toJSON() as CfnTemplate),
    ]).toEqual([]);
  });

  it('finds a table without a retention budget and a table without TTL', () => {
    const template: CfnTemplate = {
      Resources: {
        Unbudgeted: { Type: 'AWS::DynamoDB::Table', Properties: { TimeToLiveSpecification: { AttributeName: 'e', Enabled: true } } },
        NoTtl: {
          Type: 'AWS::DynamoDB::GlobalTable',
          Properties: { Replicas: [{ Region: 'x' }] },
          Metadata: {
            'Tollgate::Retention': { table: 'usage', dataClass: 'usage', promiseDays: 90, ttlDays: 83, ttlRule: '', ttlDeletionLagDays: 7 },
          },
        },
      },
    };
    expect(retentionFindings('S', template).map((finding) => [finding.logicalId, finding.problem])).toEqual([
      ['Unbudgeted', expect.stringMatching(/has no retention budget/)],
      ['NoTtl', expect.stringMatching(/has no TTL enabled/)],
    ]);
  });

  it('counts point-in-time recovery switched on without a window as the default 35 days', () => {
    const template: CfnTemplate = {
      Resources: {
        Usage: {
          Type: 'AWS::DynamoDB::GlobalTable',
          Properties: {
            TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
            Replicas: [{ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }],
          },
          Metadata: {
            'Tollgate::Retention': { table: 'usage', dataClass: 'usage', promiseDays: 90, ttlDays: 83, ttlRule: '', ttlDeletionLagDays: 7 },
          },
        },
      },
    };
    expect(tableRetentionRows('S', template)[0]).toMatchObject({ recoveryPeriodDays: 35, retainedDays: 125 });
  });
});

describe('synthesis refuses a configuration that breaks a retention promise', () => {
  it('refuses point-in-time recovery on the usage table (83 + 7 + 35 days > 90)', () => {
    const usage = synthesized.gateway.data.tables.usage.node.defaultChild as CfnGlobalTable;
    usage.addPropertyOverride('Replicas.0.PointInTimeRecoverySpecification', { PointInTimeRecoveryEnabled: true });
    try {
      expect(synthesisFailure()).toMatch(
        /table usage keeps usage data up to 125 days \(TTL 83 \+ deletion lag 7 \+ point-in-time recovery 35\), more than the promised 90 \(TollgateRetention\)/,
      );
    } finally {
      usage.addPropertyOverride('Replicas.0.PointInTimeRecoverySpecification', { PointInTimeRecoveryEnabled: false });
    }
  });

  it('refuses a longer backup window on the accounts table (16 + 7 + 14 days > 30)', () => {
    const accounts = synthesized.gateway.data.tables.accounts.node.defaultChild as CfnGlobalTable;
    accounts.addPropertyOverride('Replicas.0.PointInTimeRecoverySpecification.RecoveryPeriodInDays', 14);
    try {
      expect(synthesisFailure()).toMatch(/table accounts keeps account data up to 37 days[\s\S]*more than the promised 30/);
    } finally {
      accounts.addPropertyOverride('Replicas.0.PointInTimeRecoverySpecification.RecoveryPeriodInDays', 7);
    }
  });

  it('refuses a log group that never expires', () => {
    const forever = new LogGroup(synthesized.gateway, 'ForeverLogs', {
      retention: RetentionDays.INFINITE,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    try {
      expect(synthesisFailure()).toMatch(/log group \(generated name\) has no retention: its events are kept forever/);
    } finally {
      synthesized.gateway.node.tryRemoveChild(forever.node.id);
    }
  });

  it('synthesizes again once the change is undone (the check passes on the real app)', () => {
    expect(synthesisFailure()).toBe('synthesized without error');
  });
});
