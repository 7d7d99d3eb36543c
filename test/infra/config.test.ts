import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { readConfig } from '../../lib/config';

function context(values: Record<string, unknown>) {
  return { tryGetContext: (key: string) => values[key] };
}

describe('readConfig', () => {
  it('documents production defaults when the context is empty', () => {
    expect(readConfig(context({}), {})).toEqual({
      stackName: 'Tollgate',
      region: 'us-east-1',
      account: undefined,
      domainName: undefined,
      hostedZone: undefined,
      defaultRequestsPerMinute: 60,
      defaultTokensPerMinute: 200_000,
      logRetention: RetentionDays.ONE_MONTH,
      alarmEmail: undefined,
      deletionProtection: true,
      apiRateLimit: 50,
      apiBurstLimit: 100,
      requestsPerIpPer5Minutes: 3000,
      originReadTimeoutSeconds: 60,
      originVerifyGeneration: 1,
      arkEndpointIds: [],
      inferenceProvisionedConcurrency: 0,
      accountReservedConcurrency: 5,
      concurrencyAlarmThreshold: 800,
    });
  });

  it('takes 0 for "none" in the concurrency settings', () => {
    const config = readConfig(
      context({
        'tollgate:accountReservedConcurrency': '0',
        'tollgate:inferenceProvisionedConcurrency': 3,
        'tollgate:concurrencyAlarmThreshold': '400',
      }),
      {},
    );
    expect([config.accountReservedConcurrency, config.inferenceProvisionedConcurrency, config.concurrencyAlarmThreshold]).toEqual([
      0, 3, 400,
    ]);
  });

  it('parses strings given with -c on the command line', () => {
    const config = readConfig(
      context({ 'tollgate:logRetentionDays': '60', 'tollgate:deletionProtection': 'false', 'tollgate:defaultRequestsPerMinute': '120' }),
      {},
    );
    expect([config.logRetention, config.deletionProtection, config.defaultRequestsPerMinute]).toEqual([
      RetentionDays.TWO_MONTHS,
      false,
      120,
    ]);
  });

  it('reads Ark endpoint ids as a comma-separated string or a list', () => {
    expect(readConfig(context({ 'tollgate:arkEndpointIds': 'ep-20250101-a, ep-20250101-b' }), {}).arkEndpointIds).toEqual([
      'ep-20250101-a',
      'ep-20250101-b',
    ]);
    expect(readConfig(context({ 'tollgate:arkEndpointIds': ['ep-1'] }), {}).arkEndpointIds).toEqual(['ep-1']);
  });

  it('takes the region from the CDK environment when the context has none', () => {
    expect(readConfig(context({ 'tollgate:region': '' }), { CDK_DEFAULT_REGION: 'ap-northeast-1' }).region).toBe('ap-northeast-1');
  });

  it.each([
    [{ 'tollgate:logRetentionDays': 31 }, /logRetentionDays must be one of/],
    [{ 'tollgate:upstreamKeysSecretArn': 'upstream-keys' }, /upstreamKeysSecretArn must be a secret's complete ARN/],
    [
      {
        'tollgate:region': 'eu-west-1',
        'tollgate:upstreamKeysSecretArn': 'arn:aws:secretsmanager:us-east-1:123456789012:secret:keys-AbC123',
      },
      /is in us-east-1; the gateway runs in eu-west-1/,
    ],
    // 90 days of retention + CloudWatch's deletion lag would keep usage metadata past the 90 days promised.
    [
      { 'tollgate:logRetentionDays': 90 },
      /logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60 days, got 90\. Log lines are usage metadata/,
    ],
    [{ 'tollgate:defaultTokensPerMinute': -5 }, /defaultTokensPerMinute must be a positive integer/],
    [{ 'tollgate:deletionProtection': 'yes' }, /deletionProtection must be true or false/],
    [{ 'tollgate:alarmEmail': 'ops' }, /alarmEmail must be an e-mail address/],
    [{ 'tollgate:hostedZoneId': 'Z123' }, /set both tollgate:hostedZoneId and tollgate:hostedZoneName/],
    [{ 'tollgate:hostedZoneId': 'Z123', 'tollgate:hostedZoneName': 'example.com' }, /needs tollgate:domainName/],
    [{ 'tollgate:requestsPerIpPer5Minutes': 5 }, /at least 10/],
    [{ 'tollgate:arkEndpointIds': 'ep-1,deepseek-chat' }, /arkEndpointIds must list Ark endpoint ids/],
    [{ 'tollgate:accountReservedConcurrency': -1 }, /accountReservedConcurrency must be a positive integer/],
    [{ 'tollgate:concurrencyAlarmThreshold': 0 }, /concurrencyAlarmThreshold must be a positive integer/],
  ])('refuses %j, naming the key', (values, message) => {
    expect(() => readConfig(context(values), {})).toThrow(message);
  });
});
