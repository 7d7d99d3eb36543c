import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Capture, Match, type Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { TABLE_NAME_ENV, TABLES } from '../../lambda/store/tables';
import { bodyTooLargeBody, type EdgeErrorBody } from '../../lambda/protocols/edge-error-body';
import { MAX_BODY_BYTES } from '../../lib/gateway-stack';
import { logicalId, synthesize, type Synthesized } from './support/synthesize';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.gatewayTemplate;
});

/** The GlobalTable resource CDK built for one shared definition. */
function tableResource(tableId: keyof typeof TABLES): Record<string, any> {
  return template.toJSON().Resources[logicalId(synthesized.gateway.data.tables[tableId])];
}

interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly NotAction?: unknown;
  readonly Resource?: unknown;
  readonly NotResource?: unknown;
}

/** All statements of the policies attached to a role: `AWS::IAM::Policy` resources and the role's own inline policies. */
function statementsOf(role: Parameters<typeof logicalId>[0]): Statement[] {
  const roleId = logicalId(role);
  const attached = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement as Statement[]);
  const inline = (
    (template.toJSON().Resources[roleId].Properties.Policies ?? []) as Array<{ PolicyDocument: { Statement: Statement[] } }>
  ).flatMap((policy) => policy.PolicyDocument.Statement);
  return [...attached, ...inline];
}

function actions(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : statement.Action === undefined ? [] : [statement.Action];
}

function mentions(statement: Statement, logical: string): boolean {
  return JSON.stringify(statement.Resource).includes(`"${logical}"`);
}

/**
 * A readable name for a policy resource: `usage` for a table's ARN, `apiKeys/index/byAccount` for an ARN built on it,
 * the JSON of anything else (e.g. `"*"`).
 */
function resourceName(resource: unknown): string {
  const tableIds = Object.keys(TABLES) as Array<keyof typeof TABLES>;
  const tableOf = (value: unknown) =>
    tableIds.find(
      (tableId) => JSON.stringify(value) === JSON.stringify({ 'Fn::GetAtt': [logicalId(synthesized.gateway.data.tables[tableId]), 'Arn'] }),
    );
  const direct = tableOf(resource);
  if (direct) return direct;
  const join = (resource as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (join && join[0] === '' && join[1].length === 2 && typeof join[1][1] === 'string' && tableOf(join[1][0]))
    return `${tableOf(join[1][0])}${join[1][1]}`;
  return JSON.stringify(resource);
}

/**
 * Every DynamoDB permission of a role, as resource name -> sorted actions: all statements that name a DynamoDB action
 * or any of the tables, whatever their resource. Fails on the forms that cannot be read that way (NotAction, NotResource).
 */
function dynamoDbAccess(role: Parameters<typeof logicalId>[0]): Record<string, string[]> {
  const tableIds = Object.values(synthesized.gateway.data.tables).map((table) => logicalId(table));
  const access: Record<string, Set<string>> = {};
  for (const statement of statementsOf(role)) {
    expect([statement.Effect, statement.NotAction, statement.NotResource]).toEqual(['Allow', undefined, undefined]);
    const dynamoDbActions = actions(statement).filter((action) => action.toLowerCase().startsWith('dynamodb:') || action === '*');
    const namesTable = tableIds.some((tableId) => mentions(statement, tableId));
    if (dynamoDbActions.length === 0 && !namesTable) continue;
    const resources = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
    for (const resource of resources) {
      for (const action of actions(statement)) (access[resourceName(resource)] ??= new Set()).add(action);
    }
  }
  return Object.fromEntries(Object.entries(access).map(([resource, granted]) => [resource, [...granted].sort()]));
}

/**
 * The DynamoDB actions each function's code sends (read from lambda/**), per table and index. Item actions are granted
 * on the table alone; the one index Query (the account's keys, byAccount) on that index alone.
 */
const EXPECTED_DYNAMODB_ACCESS: Readonly<Record<'inference' | 'account', Readonly<Record<string, readonly string[]>>>> = {
  inference: {
    apiKeys: ['dynamodb:GetItem'],
    counters: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    usage: ['dynamodb:PutItem'],
  },
  account: {
    accounts: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    apiKeys: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    'apiKeys/index/byAccount': ['dynamodb:Query'],
    usage: ['dynamodb:Query'],
  },
};

const DYNAMODB_GRANTS = (['inference', 'account'] as const).flatMap((fn) =>
  Object.entries(EXPECTED_DYNAMODB_ACCESS[fn]).map(([resource, granted]) => [fn, resource, granted] as const),
);

describe('data', () => {
  it('builds one GlobalTable per shared definition, on demand', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', Object.keys(TABLES).length);
    for (const tableId of Object.keys(TABLES) as Array<keyof typeof TABLES>) {
      expect(tableResource(tableId).Properties.BillingMode).toBe('PAY_PER_REQUEST');
    }
  });

  it.each(Object.keys(TABLES) as Array<keyof typeof TABLES>)(
    'gives the %s table the keys and indexes of its shared definition',
    (tableId) => {
      const definition = TABLES[tableId];
      const properties = tableResource(tableId).Properties;
      expect(properties.KeySchema).toEqual([
        { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
        ...(definition.sortKey ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }] : []),
      ]);
      expect(
        (properties.GlobalSecondaryIndexes ?? []).map((index: { IndexName: string; KeySchema: unknown }) => [
          index.IndexName,
          index.KeySchema,
        ]),
      ).toEqual(
        definition.globalSecondaryIndexes.map((index) => [
          index.indexName,
          [
            { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
            ...(index.sortKey ? [{ AttributeName: index.sortKey.name, KeyType: 'RANGE' }] : []),
          ],
        ]),
      );
    },
  );

  it.each(Object.keys(TABLES) as Array<keyof typeof TABLES>)("enables TTL on the %s table's defined attribute", (tableId) => {
    expect(tableResource(tableId).Properties.TimeToLiveSpecification).toEqual({
      AttributeName: TABLES[tableId].timeToLiveAttribute,
      Enabled: true,
    });
  });

  it('protects tables from deletion and keeps them when the stack is deleted (default)', () => {
    for (const table of Object.values(template.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect([table.DeletionPolicy, table.Properties.Replicas[0].DeletionProtectionEnabled]).toEqual(['Retain', true]);
    }
  });
});

describe('functions', () => {
  it('run on arm64 with the Node.js 24 runtime and JSON logs', () => {
    const functions = template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } });
    expect(Object.keys(functions)).toHaveLength(2);
    for (const fn of Object.values(functions)) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs24.x', LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  it('get every table name and the service name through the environment, and no --enable-source-maps', () => {
    for (const fn of [synthesized.gateway.functions.inference, synthesized.gateway.functions.account]) {
      const variables = template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
      expect(Object.keys(variables)).toEqual(
        expect.arrayContaining([
          ...Object.values(TABLE_NAME_ENV),
          'POWERTOOLS_SERVICE_NAME',
          'TOLLGATE_DEFAULT_RPM',
          'TOLLGATE_DEFAULT_TPM',
        ]),
      );
      // Source maps ship in the asset for debugging; loading them would slow every cold start and stack trace.
      expect(variables.NODE_OPTIONS).toBeUndefined();
      expect(variables[TABLE_NAME_ENV.usage]).toEqual({ Ref: logicalId(synthesized.gateway.data.tables.usage) });
    }
  });

  it('give only the inference function the upstream-keys secret ARN (never a key)', () => {
    const secretId = logicalId(synthesized.gateway.secrets.upstreamKeys);
    const variablesOf = (fn: Parameters<typeof logicalId>[0]) =>
      template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
    expect(variablesOf(synthesized.gateway.functions.inference).TOLLGATE_UPSTREAM_KEYS_SECRET).toEqual({ Ref: secretId });
    expect(variablesOf(synthesized.gateway.functions.account).TOLLGATE_UPSTREAM_KEYS_SECRET).toBeUndefined();
  });

  it('give only the inference function the catalog parameter, and let it read (never write) that one parameter', () => {
    const parameter = template.toJSON().Outputs.CatalogParameterName.Value as string;
    expect(parameter).toBe(`/tollgate/${synthesized.gateway.stackName}/catalog`);
    const variablesOf = (fn: Parameters<typeof logicalId>[0]) =>
      template.toJSON().Resources[logicalId(fn)].Properties.Environment.Variables;
    expect(variablesOf(synthesized.gateway.functions.inference).TOLLGATE_CATALOG_PARAMETER).toBe(parameter);
    expect(variablesOf(synthesized.gateway.functions.account).TOLLGATE_CATALOG_PARAMETER).toBeUndefined();
    const ssmStatements = (fn: 'inference' | 'account') =>
      statementsOf(synthesized.gateway.functions[fn].role!).filter((statement) =>
        actions(statement).some((action) => action.startsWith('ssm:')),
      );
    expect(ssmStatements('inference')).toHaveLength(1);
    expect(actions(ssmStatements('inference')[0])).toEqual(['ssm:GetParameter']);
    expect(JSON.stringify(ssmStatements('inference')[0].Resource)).toContain(`:parameter${parameter}"`);
    expect(ssmStatements('account')).toEqual([]);
    // The deploy never creates (and so never overwrites) the operator's parameter.
    expect(template.findResources('AWS::SSM::Parameter')).toEqual({});
  });

  it('ship minified bundles with an external source map and no embedded sources', () => {
    for (const fn of Object.values(template.findResources('AWS::Lambda::Function', { Properties: { Handler: 'index.handler' } }))) {
      const assetDirectory = path.join(synthesized.app.outdir, `asset.${String(fn.Properties.Code.S3Key).replace(/\.zip$/, '')}`);
      // The account function also serves the dashboard page, whose script is built beside its handler.
      const page = fn.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === 'tollgate-account' ? ['dashboard.js'] : [];
      expect(readdirSync(assetDirectory).sort()).toEqual([...page, 'index.js', 'index.js.map']);
      const code = readFileSync(path.join(assetDirectory, 'index.js'), 'utf8');
      expect(code.trimEnd().endsWith('//# sourceMappingURL=index.js.map')).toBe(true);
      expect(code.split('\n').length).toBeLessThan(code.length / 1000);
      expect(JSON.parse(readFileSync(path.join(assetDirectory, 'index.js.map'), 'utf8')).sourcesContent).toBeUndefined();
    }
  });

  it('publish a version per deployment behind a live alias, keeping old versions for rollback', () => {
    for (const fn of [synthesized.gateway.functions.inference, synthesized.gateway.functions.account]) {
      const versions = template.findResources('AWS::Lambda::Version', { Properties: { FunctionName: { Ref: logicalId(fn) } } });
      expect(Object.values(versions).map((version) => [version.DeletionPolicy, version.UpdateReplacePolicy])).toEqual([
        ['Retain', 'Retain'],
      ]);
      template.hasResourceProperties('AWS::Lambda::Alias', {
        Name: 'live',
        FunctionName: { Ref: logicalId(fn) },
        FunctionVersion: { 'Fn::GetAtt': [Object.keys(versions)[0], 'Version'] },
      });
    }
  });

  it('let only API Gateway invoke them, and only through the live aliases', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    const aliases = [synthesized.gateway.functions.inference.live, synthesized.gateway.functions.account.live].map((alias) => ({
      Ref: logicalId(alias),
    }));
    expect(permissions.length).toBeGreaterThan(0);
    for (const permission of permissions) {
      expect(permission.Properties.Principal).toBe('apigateway.amazonaws.com');
      expect(aliases).toContainEqual(permission.Properties.FunctionName);
    }
  });

  it('reserve concurrency for the account function (a flood of streams cannot starve GDPR requests), not for inference', () => {
    const reserved = (fn: Parameters<typeof logicalId>[0]) =>
      template.toJSON().Resources[logicalId(fn)].Properties.ReservedConcurrentExecutions as number | undefined;
    expect([reserved(synthesized.gateway.functions.account), reserved(synthesized.gateway.functions.inference)]).toEqual([5, undefined]);
  });

  it('provision no concurrency unless configured', () => {
    for (const alias of Object.values(template.findResources('AWS::Lambda::Alias'))) {
      expect(alias.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    }
  });

  it('let the streaming function run as long as a stream may last (15 minutes)', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: { POWERTOOLS_SERVICE_NAME: 'tollgate-inference' } },
      Timeout: 900,
    });
  });

  it('write to log groups with the configured retention', () => {
    const logGroups = Object.values(template.findResources('AWS::Logs::LogGroup'));
    expect(logGroups.length).toBeGreaterThanOrEqual(3);
    expect(logGroups.map((group) => group.Properties.RetentionInDays)).toEqual(logGroups.map(() => 30));
    const logGroupRef = new Capture();
    template.hasResourceProperties('AWS::Lambda::Function', { LoggingConfig: { LogGroup: { Ref: logGroupRef } } });
    expect(template.toJSON().Resources[logGroupRef.asString()].Type).toBe('AWS::Logs::LogGroup');
  });

  it('use roles without AWS managed policies', () => {
    for (const fn of [synthesized.gateway.functions.inference, synthesized.gateway.functions.account]) {
      expect(template.toJSON().Resources[logicalId(fn.role!)].Properties.ManagedPolicyArns).toBeUndefined();
    }
  });
});

describe('IAM boundaries', () => {
  const roleOf = (fn: 'inference' | 'account') => synthesized.gateway.functions[fn].role!;

  it.each(DYNAMODB_GRANTS)('give the %s function on %s exactly %j', (fn, resource, granted) => {
    expect(dynamoDbAccess(roleOf(fn))[resource]).toEqual(granted);
  });

  it.each(['inference', 'account'] as const)('give the %s function DynamoDB access to no other table, index or resource', (fn) => {
    expect(Object.keys(dynamoDbAccess(roleOf(fn))).sort()).toEqual(Object.keys(EXPECTED_DYNAMODB_ACCESS[fn]).sort());
  });

  it('give the inference function no access to the accounts table', () => {
    const accounts = logicalId(synthesized.gateway.data.tables.accounts);
    expect(statementsOf(roleOf('inference')).filter((statement) => mentions(statement, accounts))).toEqual([]);
  });

  it('give the account function no access to counters', () => {
    const counters = logicalId(synthesized.gateway.data.tables.counters);
    expect(statementsOf(roleOf('account')).filter((statement) => mentions(statement, counters))).toEqual([]);
  });

  it('let only the inference function read the upstream keys, and nobody read the origin-verify secret', () => {
    const upstream = logicalId(synthesized.gateway.secrets.upstreamKeys);
    const originVerify = logicalId(synthesized.gateway.secrets.originVerify);
    const inference = statementsOf(roleOf('inference'));
    const account = statementsOf(roleOf('account'));
    expect(inference.filter((statement) => mentions(statement, upstream)).flatMap(actions)).toEqual(
      expect.arrayContaining(['secretsmanager:GetSecretValue']),
    );
    expect(account.filter((statement) => mentions(statement, upstream))).toEqual([]);
    expect([...inference, ...account].filter((statement) => mentions(statement, originVerify))).toEqual([]);
  });
});

describe('API Gateway', () => {
  it('is a REGIONAL REST API', () => {
    template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] } });
  });

  it('streams the inference routes with a 15-minute integration timeout, invoking the live alias', () => {
    const inference = logicalId(synthesized.gateway.functions.inference.live);
    const streamed = template.findResources('AWS::ApiGateway::Method', {
      Properties: {
        Integration: {
          Type: 'AWS_PROXY',
          ResponseTransferMode: 'STREAM',
          TimeoutInMillis: 900_000,
          Uri: {
            'Fn::Join': [
              '',
              Match.arrayWith([Match.stringLikeRegexp('2021-11-15/functions/$'), { Ref: inference }, '/response-streaming-invocations']),
            ],
          },
        },
      },
    });
    expect(Object.keys(streamed)).toHaveLength(2);
  });

  it('routes /v1/{proxy+} and /v1beta/{proxy+} to the streaming integration', () => {
    const streamedParents = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { Integration: { ResponseTransferMode: 'STREAM' } } }),
    ).map((method) => template.toJSON().Resources[method.Properties.ResourceId.Ref].Properties);
    expect(streamedParents.map((resource) => resource.PathPart)).toEqual(['{proxy+}', '{proxy+}']);
    const parents = streamedParents.map((resource) => template.toJSON().Resources[resource.ParentId.Ref].Properties.PathPart).sort();
    expect(parents).toEqual(['v1', 'v1beta']);
  });

  it("answers /v1/account, /v1/usage, /v1/usage/limits and /dashboard with the buffered account function's live alias", () => {
    const account = logicalId(synthesized.gateway.functions.account.live);
    const buffered = Object.values(
      template.findResources('AWS::ApiGateway::Method', {
        Properties: { Integration: { Uri: { 'Fn::Join': ['', Match.arrayWith([{ Ref: account }, '/invocations'])] } } },
      }),
    );
    expect(buffered.map((method) => method.Properties.Integration.ResponseTransferMode)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(buffered.map((method) => template.toJSON().Resources[method.Properties.ResourceId.Ref].Properties.PathPart).sort()).toEqual([
      'account',
      'dashboard',
      'limits',
      'usage',
    ]);
  });

  it('never logs request or response data (data trace off, execution logs at ERROR)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([
        Match.objectLike({ HttpMethod: '*', ResourcePath: '/*', DataTraceEnabled: false, LoggingLevel: 'ERROR' }),
      ]),
    });
  });

  it('answers its own errors (throttling, WAF, size, timeouts, no route) with JSON bodies every SDK parses, repeating nothing of the request', () => {
    const responses = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')).map(
      (resource) =>
        resource.Properties as { ResponseType: string; StatusCode?: string; ResponseTemplates: Record<string, string>; RestApiId: unknown },
    );
    const byType = new Map(responses.map((response) => [response.ResponseType, response]));
    expect([...byType.keys()].sort()).toEqual(
      [
        'DEFAULT_4XX',
        'DEFAULT_5XX',
        'INTEGRATION_FAILURE',
        'INTEGRATION_TIMEOUT',
        'MISSING_AUTHENTICATION_TOKEN',
        'REQUEST_TOO_LARGE',
        'THROTTLED',
        'WAF_FILTERED',
      ].sort(),
    );
    const statuses = Object.fromEntries(responses.map((response) => [response.ResponseType, response.StatusCode]));
    expect(statuses).toMatchObject({ THROTTLED: '429', WAF_FILTERED: '403', REQUEST_TOO_LARGE: '413', INTEGRATION_TIMEOUT: '504' });
    for (const response of responses) {
      expect(response.RestApiId).toEqual({ Ref: logicalId(synthesized.gateway.api.api) });
      const template = response.ResponseTemplates['application/json'];
      // Static text: API Gateway substitutes `$context...` variables, which could repeat the request.
      expect(template).not.toContain('$');
      const body = JSON.parse(template) as EdgeErrorBody;
      expect(body).toMatchObject({
        type: 'error',
        error: { type: expect.any(String), message: expect.any(String), code: expect.any(Number), status: expect.any(String) },
      });
      if (response.StatusCode !== undefined) expect(body.error.code).toBe(Number(response.StatusCode));
    }
    expect(JSON.parse(byType.get('REQUEST_TOO_LARGE')!.ResponseTemplates['application/json'])).toEqual(bodyTooLargeBody(MAX_BODY_BYTES));
  });

  it('throttles the stage by default', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
  });

  it('leaves per-method detailed metrics off (billed as custom metrics)', () => {
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      MethodSettings: Match.arrayWith([Match.objectLike({ ResourcePath: '/*', MetricsEnabled: false })]),
    });
  });

  it('writes JSON access logs made only of $context variables, stream timings included', () => {
    const format = new Capture();
    template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: { Format: format, DestinationArn: Match.anyValue() } });
    const fields = JSON.parse(format.asString()) as Record<string, string>;
    expect(Object.values(fields).filter((value) => !/^\$context\.[A-Za-z.]+$/.test(value))).toEqual([]);
    expect(Object.values(fields)).toEqual(
      expect.arrayContaining([
        '$context.integration.responseTransferMode',
        '$context.integration.timeToFirstContent',
        '$context.requestId',
        '$context.status',
      ]),
    );
    const carriesContentOrIdentity =
      /^\$context\.(path$|identity\.|authorizer\.|requestOverride\.|responseOverride\.|error\.message|integrationErrorMessage)/;
    expect(Object.values(fields).filter((value) => carriesContentOrIdentity.test(value))).toEqual([]);
  });
});

describe('origin guard', () => {
  it('puts a REGIONAL web ACL on the stage that blocks by default', () => {
    template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', DefaultAction: { Block: {} } });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([{ Ref: logicalId(synthesized.gateway.api.api) }])] }),
    });
  });

  it('stores no request data: no WAF logging and no sampled requests in the gateway stack', () => {
    template.resourceCountIs('AWS::WAFv2::LoggingConfiguration', 0);
    const acls = Object.values(template.findResources('AWS::WAFv2::WebACL'));
    const configs = acls.flatMap((acl) => [
      acl.Properties.VisibilityConfig,
      ...acl.Properties.Rules.map((rule: { VisibilityConfig: unknown }) => rule.VisibilityConfig),
    ]);
    expect(configs.filter((config: { SampledRequestsEnabled: boolean }) => config.SampledRequestsEnabled !== false)).toEqual([]);
  });

  it('allows only requests carrying the origin-verify secret, resolved by CloudFormation', () => {
    const secretId = logicalId(synthesized.gateway.secrets.originVerify);
    template.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'REGIONAL',
      Rules: [
        Match.objectLike({
          Action: { Allow: {} },
          Statement: {
            ByteMatchStatement: {
              FieldToMatch: { SingleHeader: { Name: 'x-origin-verify' } },
              PositionalConstraint: 'EXACTLY',
              SearchString: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
            },
          },
        }),
      ],
    });
  });
});

describe('CloudFront', () => {
  it('caches nothing and forwards every viewer header except Host', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: Match.objectLike({
          CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
          OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        }),
      },
    });
  });

  it('allows all methods over HTTPS only, without compression (streams pass through)', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        DefaultCacheBehavior: Match.objectLike({
          AllowedMethods: Match.arrayEquals(['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE']),
          ViewerProtocolPolicy: 'https-only',
          Compress: false,
        }),
      },
    });
  });

  it('serves HTTP/2 and HTTP/3', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: { HttpVersion: 'http2and3' } });
  });

  it('raises the origin read timeout and sends the origin-verify header from the secret', () => {
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        Origins: [
          Match.objectLike({
            CustomOriginConfig: Match.objectLike({ OriginReadTimeout: 60, OriginProtocolPolicy: 'https-only' }),
            OriginCustomHeaders: [
              {
                HeaderName: 'x-origin-verify',
                HeaderValue: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['{{resolve:secretsmanager:'])] }),
              },
            ],
          }),
        ],
      },
    });
  });

  it('uses the CLOUDFRONT web ACL from the us-east-1 edge stack', () => {
    const outputName = new Capture();
    template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: {
        WebACLId: { 'Fn::GetStackOutput': { StackName: 'Tollgate-Edge', Region: 'us-east-1', OutputName: outputName } },
      },
    });
    expect(synthesized.edgeTemplate.toJSON().Outputs[outputName.asString()].Value).toEqual({
      'Fn::GetAtt': [logicalId(synthesized.edge.node.findChild('Waf').node.findChild('WebAcl')), 'Arn'],
    });
  });
});

describe('secrets', () => {
  it('creates the upstream-keys secret without a value: no SecretString, nothing generated, nothing about providers', () => {
    const secret = template.toJSON().Resources[logicalId(synthesized.gateway.secrets.upstreamKeys)];
    expect(secret.Type).toBe('AWS::SecretsManager::Secret');
    // Only a fixed description: no deploy writes the value, and adding a provider cannot change this definition.
    expect(secret.Properties).toEqual({
      Description:
        'Tollgate upstream provider API keys: JSON {"anthropic","gemini","deepseek","ark"}, each a string or an array of strings.',
    });
  });

  it('keeps the logical id deployed stacks have, so CloudFormation updates their secret in place and never replaces it (and its keys)', () => {
    expect(logicalId(synthesized.gateway.secrets.upstreamKeys)).toBe('SecretsUpstreamKeysE0496DA3');
  });

  it('names the upstream-keys secret in the stack outputs for the operator to fill', () => {
    expect(template.toJSON().Outputs.UpstreamKeysSecretArn.Value).toEqual({ Ref: logicalId(synthesized.gateway.secrets.upstreamKeys) });
  });

  it('generates the origin-verify value', () => {
    template.hasResourceProperties('AWS::SecretsManager::Secret', { GenerateSecretString: Match.objectLike({ PasswordLength: 48 }) });
  });
});

describe('observability', () => {
  it('creates the alarms, each notifying the alarm topic', () => {
    const topic = logicalId(synthesized.gateway.alarms.topic);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(10);
    expect(alarms.filter((alarm) => JSON.stringify(alarm.Properties.AlarmActions) !== JSON.stringify([{ Ref: topic }]))).toEqual([]);
  });

  it('alarms on the API 5xx rate', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Statistic: 'Average',
      Threshold: 0.05,
    });
  });

  it('alarms on function errors for both functions', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm', { Properties: { Namespace: 'AWS/Lambda', MetricName: 'Errors' } });
    expect(Object.keys(alarms)).toHaveLength(2);
  });

  it('alarms on Lambda throttles and DynamoDB throttle events', () => {
    const metricNames = Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((alarm) =>
      (alarm.Properties.Metrics ?? []).flatMap((query: { MetricStat?: { Metric: { MetricName: string } } }) =>
        query.MetricStat ? [query.MetricStat.Metric.MetricName] : [],
      ),
    );
    expect(new Set(metricNames)).toEqual(new Set(['Throttles', 'ReadThrottleEvents', 'WriteThrottleEvents']));
  });

  it('alarms when concurrent executions near the regional quota, and when the account function nears its reservation', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'ConcurrentExecutions',
      Dimensions: Match.absent(),
      Statistic: 'Maximum',
      Threshold: 800,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'ConcurrentExecutions',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalId(synthesized.gateway.functions.account) } }],
      Threshold: 4,
    });
  });

  it('alarms on upstream errors and metering failures from the inference function’s own metrics, not from log lines', () => {
    // The one log metric filter counts refused upstream keys (next test); no other count comes from a log line.
    template.resourceCountIs('AWS::Logs::MetricFilter', 1);
    const service = [{ Name: 'service', Value: 'tollgate-inference' }];
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'UpstreamErrors',
      Namespace: 'Tollgate',
      Dimensions: service,
      Statistic: 'Sum',
      Threshold: 10,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'MeteringFailures',
      Namespace: 'Tollgate',
      Dimensions: service,
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  it('alarms when a provider refuses an upstream key, counted from its log message (a key fingerprint, never the key)', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.message = "upstream key refused" }',
      MetricTransformations: [Match.objectLike({ MetricName: 'UpstreamKeysRefused', MetricNamespace: 'Tollgate', MetricValue: '1' })],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UpstreamKeysRefused', Namespace: 'Tollgate', Threshold: 1 });
  });

  it('enforces TLS on the alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
  });

  it('has a dashboard that graphs requests, tokens, cost and server errors per provider and model with searches', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const dashboard = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0];
    // The body is a Fn::Join of JSON text around references: put a placeholder where each reference goes.
    const parts = (dashboard.Properties.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const body = JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'REF')).join('')) as {
      widgets: Array<{ properties: { metrics?: unknown[][] } }>;
    };
    const lines = body.widgets.flatMap((widget) => widget.properties.metrics ?? []);
    const searches = lines
      .flat()
      .flatMap((entry) => (entry && typeof entry === 'object' && 'expression' in entry ? [entry.expression] : []));
    expect(searches).toEqual(
      ['Requests', 'InputTokens', 'OutputTokens', 'CostUsd', 'ServerErrors'].map(
        (metric) => `SEARCH('{Tollgate,service,provider,model} service="tollgate-inference" MetricName="${metric}"', 'Sum', 300)`,
      ),
    );
    expect(lines).toContainEqual(['Tollgate', 'MeteringFailures', 'service', 'tollgate-inference', { stat: 'Sum', yAxis: 'right' }]);
    expect(lines).toContainEqual(['AWS/Lambda', 'ConcurrentExecutions', { period: 60, stat: 'Maximum' }]);
  });
});

describe('outputs', () => {
  it('names the tables, URL and secret with the keys the operator CLI reads, without exports', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Export?: unknown }>;
    const contract = ['AccountsTableName', 'ApiKeysTableName', 'UsageTableName', 'CountersTableName', 'ApiUrl', 'UpstreamKeysSecretArn'];
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(contract));
    expect(contract.filter((key) => outputs[key].Export !== undefined)).toEqual([]);
  });

  it('says where to look: the dashboard URL and the log groups of the functions and the API', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.DashboardUrl.Value)).toContain('.console.aws.amazon.com/cloudwatch/home?region=');
    expect(JSON.stringify(outputs.DashboardUrl.Value)).toContain('#dashboards:name=');
    expect(outputs.InferenceLogGroupName.Value).toEqual({ Ref: logicalId(synthesized.gateway.functions.inference.logGroup) });
    expect(outputs.AccountLogGroupName.Value).toEqual({ Ref: logicalId(synthesized.gateway.functions.account.logGroup) });
    expect(outputs.ApiAccessLogGroupName.Value).toEqual({ Ref: logicalId(synthesized.gateway.api.accessLogs) });
  });

  it('gives the CloudFront address as the API URL', () => {
    template.hasOutput('ApiUrl', {
      Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [logicalId(synthesized.gateway.distribution.distribution), 'DomainName'] }]] },
    });
  });
});
