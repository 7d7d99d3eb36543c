import { DEFAULT_BASE_URLS, loadConfig } from '../../lambda/config/environment';
import { TTL_DELETION_LAG_DAYS } from '../../lambda/store/retention';
import { RETENTION_PROMISES } from '../../lambda/store/table-retention';
import {
  logGroupRetentionRows,
  metricDimensionFindings,
  tableRetentionRows,
  unmanagedLogFindings,
  LOG_DELETION_LAG_DAYS,
  type CfnTemplate,
  type RetentionFinding,
} from './retention-check';
import { arrayAt, displayValue, isRecord, resourcesOf, stringAt, valueAt } from './template-values';

/** One synthesized stack. */
export interface StackTemplate {
  readonly stack: string;
  readonly template: CfnTemplate;
}

/** Where a clause's evidence is: the tests of a file, or those of its tests whose full name matches. */
export interface EvidenceSource {
  readonly file: string;
  readonly name?: RegExp;
}

/** One test as jest reported it. */
export interface TestOutcome {
  readonly file: string;
  readonly fullName: string;
  readonly status: 'passed' | 'failed' | 'pending' | 'skipped' | 'todo' | 'disabled';
}

export interface Clause {
  readonly id: string;
  readonly policy: string;
  /** What enforces it, with values read from the templates and the code. */
  readonly controls: readonly string[];
  /** Template or code facts that break the clause (the clause fails when any). */
  readonly violations: readonly string[];
  /** What no offline check can show. */
  readonly notProvableOffline?: string;
  /** The deployment setting without which the clause does not hold (said in the verdict, not hidden in a note). */
  readonly holdsOnlyWhen?: string;
  readonly evidence: readonly EvidenceSource[];
}

export interface ClauseVerdict {
  readonly clause: Clause;
  readonly tests: readonly TestOutcome[];
  /** Evidence sources that matched no test (renamed or deleted tests): the clause then lacks that evidence. */
  readonly missing: readonly EvidenceSource[];
  readonly passed: boolean;
}

function defaultActionOf(properties: unknown): Readonly<Record<string, unknown>> {
  const action = valueAt(properties, 'DefaultAction');
  return isRecord(action) ? action : {};
}

const findingText = (finding: RetentionFinding) => `${finding.stack}/${finding.logicalId} ${finding.problem}`;

function resourcesOfType(stacks: readonly StackTemplate[], type: string) {
  return stacks.flatMap(({ stack, template }) =>
    resourcesOf(template)
      .filter(([, resource]) => resource.Type === type)
      .map(([logicalId, resource]) => ({ stack, logicalId, resource })),
  );
}

/**
 * The policy's clauses, each with its controls read from the synthesized templates and the code's constants.
 * `stacks` is the app as `cdk.json` configures it; `customDomainStacks` the same app with `tollgate:domainName` set
 * (the only configuration in which CloudFront can be held to TLS 1.3).
 */
export function privacyClauses(stacks: readonly StackTemplate[], customDomainStacks: readonly StackTemplate[]): Clause[] {
  const tables = stacks.flatMap(({ stack, template }) => tableRetentionRows(stack, template));
  const logGroups = stacks.flatMap(({ stack, template }) => logGroupRetentionRows(stack, template));
  const unmanagedLogs = stacks.flatMap(({ stack, template }) => unmanagedLogFindings(stack, template));
  const dimensions = stacks.flatMap(({ stack, template }) => metricDimensionFindings(stack, template));
  const stages = resourcesOfType(stacks, 'AWS::ApiGateway::Stage');
  const methods = resourcesOfType(stacks, 'AWS::ApiGateway::Method');
  const distributions = resourcesOfType(stacks, 'AWS::CloudFront::Distribution');
  const webAcls = resourcesOfType(stacks, 'AWS::WAFv2::WebACL');
  const wafLogging = resourcesOfType(stacks, 'AWS::WAFv2::LoggingConfiguration');
  const secrets = resourcesOfType(stacks, 'AWS::SecretsManager::Secret');
  const config = loadConfig({});

  const tableLine = (row: (typeof tables)[number]) =>
    `table \`${row.table}\` (${row.stack}/${row.logicalId}): TTL ${row.ttlDays ?? '?'} days (${row.ttlRule ?? 'no rule'}, attribute \`${row.ttlAttribute ?? 'none'}\`) + deletion lag ${row.ttlDeletionLagDays ?? '?'} + point-in-time recovery ${row.recoveryPeriodDays} = **${row.retainedDays ?? '?'} days** ≤ ${row.promiseDays ?? '?'}`;
  const tablesOf = (dataClass: 'usage' | 'account') =>
    tables.filter((row) => RETENTION_PROMISES[dataClass].days === row.promiseDays && row.ttlRule !== undefined);
  const logLine = (row: (typeof logGroups)[number]) =>
    `log group \`${row.name}\` (${row.stack}/${row.logicalId}): retention ${row.retentionDays ?? 'never expires'} + deletion lag ${LOG_DELETION_LAG_DAYS} = **${row.retainedDays ?? '∞'} days** ≤ ${row.promiseDays}${row.removedWithStack ? ', removed with the stack' : ', RETAINED after the stack'}`;
  const tableProblems = (dataClass: 'usage' | 'account') =>
    tables
      .filter((row) => row.problems.length > 0 && (row.promiseDays === undefined || row.promiseDays === RETENTION_PROMISES[dataClass].days))
      .flatMap((row) => row.problems.map((problem) => `${row.stack}/${row.logicalId} table ${row.table} ${problem}`));

  const stageLines = stages.map(({ stack, logicalId, resource }) => {
    const settings = arrayAt(resource.Properties, 'MethodSettings')
      .map(
        (setting) =>
          `data trace ${valueAt(setting, 'DataTraceEnabled') === true ? 'ON' : 'off'}, logging level ${stringAt(setting, 'LoggingLevel') ?? 'OFF'}`,
      )
      .join('; ');
    const accessLog = stringAt(resource.Properties, 'AccessLogSetting', 'Format') ?? '';
    const fields = [...accessLog.matchAll(/\$context\.[A-Za-z.]+/g)].map((match) => match[0]);
    const nonContext = accessLog.replace(/"[A-Za-z]+":"?\$context\.[A-Za-z.]+"?/g, '').replace(/[{},\s]/g, '');
    return `API stage ${stack}/${logicalId}: ${settings || 'no method settings'}; access log of ${fields.length} \`$context\` variables${nonContext ? ` (and other text: ${nonContext})` : ' only'}`;
  });
  const dataTraceOn = stages.filter(({ resource }) =>
    arrayAt(resource.Properties, 'MethodSettings').some((setting) => valueAt(setting, 'DataTraceEnabled') === true),
  );

  const tlsOf = (entries: ReturnType<typeof resourcesOfType>, setting: string) =>
    entries.map(({ stack, logicalId, resource }) => {
      const certificate = valueAt(resource.Properties, 'DistributionConfig', 'ViewerCertificate');
      const minimum = stringAt(certificate, 'MinimumProtocolVersion');
      const behaviors = [
        valueAt(resource.Properties, 'DistributionConfig', 'DefaultCacheBehavior'),
        ...arrayAt(resource.Properties, 'DistributionConfig', 'CacheBehaviors'),
      ].map((behavior) => stringAt(behavior, 'ViewerProtocolPolicy'));
      return {
        minimum,
        httpsOnly: behaviors.every((policy) => policy === 'https-only'),
        line: `${setting}: CloudFront ${stack}/${logicalId}: viewer protocol policy ${[...new Set(behaviors)].join(', ')}; minimum TLS ${
          minimum ?? "none set: CloudFront's default *.cloudfront.net certificate (TLSv1, fixed by AWS)"
        }`,
      };
    });
  const tlsDefault = tlsOf(distributions, 'As cdk.json configures it (no custom domain)');
  const tlsCustomDomain = tlsOf(resourcesOfType(customDomainStacks, 'AWS::CloudFront::Distribution'), 'With tollgate:domainName');
  const tlsViolations = [
    ...(tlsCustomDomain.length === 0 ? ['No CloudFront distribution in the custom-domain templates'] : []),
    ...tlsCustomDomain
      .filter(({ minimum }) => minimum !== 'TLSv1.3_2025')
      .map(({ line }) => `${line}: a custom domain must be served with TLSv1.3_2025`),
    ...[...tlsDefault, ...tlsCustomDomain].filter(({ httpsOnly }) => !httpsOnly).map(({ line }) => `${line}: plain HTTP is accepted`),
  ];

  const wafLines = webAcls.map(({ stack, logicalId, resource }) => {
    const rules = arrayAt(resource.Properties, 'Rules').map((rule) => {
      const limit = valueAt(rule, 'Statement', 'RateBasedStatement', 'Limit');
      const managed = stringAt(rule, 'Statement', 'ManagedRuleGroupStatement', 'Name');
      return `${stringAt(rule, 'Name') ?? '?'}${limit !== undefined ? ` (rate limit ${displayValue(limit)} per IP per 5 min)` : ''}${managed ? ` (managed ${managed})` : ''}`;
    });
    return `WAF web ACL ${stack}/${logicalId} (scope ${stringAt(resource.Properties, 'Scope') ?? '?'}, default ${
      Object.keys(defaultActionOf(resource.Properties)).join('') || '?'
    }): ${rules.join('; ') || 'no rules'}`;
  });

  const methodIntegrations = methods.map(({ resource }) => stringAt(resource.Properties, 'HttpMethod') ?? '?');
  const upstreamKeySecrets = secrets.filter(({ logicalId }) => logicalId.includes('UpstreamKeys'));
  const secretViolations = upstreamKeySecrets
    .filter(
      ({ resource }) =>
        valueAt(resource.Properties, 'SecretString') !== undefined || valueAt(resource.Properties, 'GenerateSecretString') !== undefined,
    )
    .map(
      ({ stack, logicalId }) =>
        `${stack}/${logicalId}: the upstream-keys secret has a value in the template (a deploy would overwrite the keys)`,
    );

  return [
    {
      id: 'content-never-stored',
      policy: 'Prompts and completions are never stored or logged.',
      controls: [
        ...stageLines,
        `WAF logging configurations: ${wafLogging.length} (the WAF keeps only sampled requests, with the body replaced by REDACTED)`,
        'Code: log lines name ids, sizes, counts, timings (lambda/inference/log-messages.ts); errors never copy upstream messages (lambda/core/errors.ts)',
      ],
      violations: dataTraceOn.map(({ stack, logicalId }) => `${stack}/${logicalId}: API Gateway data trace is on (it logs bodies)`),
      evidence: [
        { file: 'test/integration/gateway/openai-chat.test.ts', name: /canary/ },
        { file: 'test/integration/gateway/anthropic-messages.test.ts', name: /canary/ },
        { file: 'test/integration/gateway/gemini-native.test.ts', name: /canary/ },
        { file: 'test/unit/translate/privacy.test.ts' },
        {
          file: 'test/infra/gateway-stack.test.ts',
          name: /never logs request or response data|stores no request data|access logs made only/,
        },
        { file: 'test/infra/edge-stack.test.ts', name: /REDACTED|exempts no rule/ },
      ],
    },
    {
      id: 'usage-90-days',
      policy: `Usage metadata is kept at most ${RETENTION_PROMISES.usage.days} days.`,
      controls: [
        ...tablesOf('usage').map(tableLine),
        ...logGroups.map(logLine),
        `Metric dimensions naming an account, a key or a request: ${dimensions.length} (CloudWatch keeps metrics 15 months)`,
        `Functions or WAF logs writing to log groups the stacks do not create: ${unmanagedLogs.length}`,
        `Local data directory: DynamoDB Local deletes expired items itself; DynamoDB in AWS within the ${TTL_DELETION_LAG_DAYS}-day lag budgeted`,
      ],
      violations: [
        ...tableProblems('usage'),
        ...logGroups.flatMap((row) => row.problems.map((problem) => `${row.stack}/${row.logicalId} ${problem}`)),
        ...dimensions.map(findingText),
        ...unmanagedLogs.map(findingText),
      ],
      evidence: [
        { file: 'test/infra/retention.test.ts' },
        { file: 'test/integration/local/dynamodb-local-ttl.test.ts' },
        { file: 'test/integration/account/account-handler.test.ts', name: /within retention/ },
      ],
    },
    {
      id: 'account-30-days',
      policy: `Account data is kept at most ${RETENTION_PROMISES.account.days} days after the account is deleted.`,
      controls: [
        ...tablesOf('account').map(tableLine),
        `Keys of a deleted account are refused by inference within ${config.apiKeyCacheSeconds} s (TOLLGATE_API_KEY_CACHE_SECONDS default, refused above 1)`,
      ],
      violations: tableProblems('account'),
      evidence: [
        { file: 'test/infra/retention.test.ts', name: /accounts|backup/ },
        { file: 'test/integration/gateway/revocation.test.ts', name: /DELETE \/v1\/account/ },
        { file: 'test/integration/cli/accounts-gdpr-cli.test.ts', name: /erases/ },
      ],
    },
    {
      id: 'four-providers',
      policy: 'Request content is shared only with the four upstream providers (Anthropic, Google Gemini, DeepSeek, Volcano Ark).',
      controls: [
        ...Object.entries(DEFAULT_BASE_URLS).map(([provider, url]) => `${provider}: ${url}`),
        'Upstream calls never follow redirects (a 3xx from a provider is answered with an error, lambda/inference/upstream-call.ts)',
      ],
      violations: [],
      notProvableOffline:
        "What the providers do with the data is governed by their API terms, not by this code. A base URL can be changed by the operator's environment (TOLLGATE_<PROVIDER>_BASE_URL).",
      evidence: [
        { file: 'test/integration/inference/upstream-redirect.test.ts' },
        { file: 'test/unit/config/environment.test.ts', name: /upstream/ },
      ],
    },
    {
      id: 'tls-1.3',
      policy: 'Traffic is encrypted with TLS 1.3.',
      controls: [
        ...tlsDefault.map(({ line }) => line),
        ...tlsCustomDomain.map(({ line }) => line),
        'Between CloudFront and API Gateway, and from the functions to the providers: HTTPS (TLS 1.2 or 1.3, as AWS and each provider negotiate)',
      ],
      violations: tlsViolations,
      holdsOnlyWhen:
        'a custom domain is set (tollgate:domainName): the default *.cloudfront.net certificate accepts TLS 1.0 and up, and AWS does not let anyone change that',
      notProvableOffline:
        'What a deployed distribution negotiates is checked with a TLS client against it (e.g. `openssl s_client -tls1_2 -connect DOMAIN:443` must fail), not offline.',
      evidence: [
        { file: 'test/infra/configured-deployment.test.ts', name: /TLS 1\.3/ },
        { file: 'test/infra/gateway-stack.test.ts', name: /over HTTPS only/ },
      ],
    },
    {
      id: 'api-key-auth',
      policy: 'Every endpoint requires an API key.',
      controls: [
        `API Gateway methods: ${methodIntegrations.length} (${[...new Set(methodIntegrations)].join(', ')}), each integrated with the inference or account function, which authenticate every request (lambda/core/authenticate.ts)`,
        `Keys: 256-bit secrets stored as SHA-256, compared in constant time; keys in URLs refused; revocation reaches inference within ${config.apiKeyCacheSeconds} s`,
        'One route answers without a key: `GET /dashboard`, a static page that holds no data (it asks for the key and sends it as a header to the API, which authenticates it)',
      ],
      violations: config.apiKeyCacheSeconds > 1 ? [`The key cache is ${config.apiKeyCacheSeconds} s, more than 1`] : [],
      evidence: [
        { file: 'test/integration/gateway/revocation.test.ts' },
        { file: 'test/integration/gateway/openai-chat.test.ts', name: /refuses missing, malformed and revoked keys/ },
        { file: 'test/integration/account/account-handler.test.ts', name: /401 without a key/ },
        { file: 'test/integration/account/dashboard-route.test.ts', name: /without a key/ },
        { file: 'test/integration/core/authenticate.test.ts' },
        { file: 'test/unit/core/authenticate.test.ts' },
        { file: 'test/integration/store/api-keys-repository.test.ts' },
      ],
    },
    {
      id: 'ddos-waf',
      policy: 'DDoS and abuse protection at the edge.',
      controls: [...wafLines, 'CloudFront in front of a REGIONAL API whose own web ACL refuses requests without the origin-verify secret'],
      violations: webAcls.length === 0 ? ['No WAF web ACL in the templates'] : [],
      notProvableOffline: 'AWS Shield Standard protects every CloudFront distribution; its effect is not observable offline.',
      evidence: [{ file: 'test/infra/edge-stack.test.ts' }, { file: 'test/infra/gateway-stack.test.ts', name: /web ACL|origin-verify/ }],
    },
    {
      id: 'gdpr',
      policy: 'Account holders can access, correct and delete their data (GDPR).',
      controls: [
        'Self-service: GET, PATCH, DELETE /v1/account (lambda/account/account-api.ts), open to suspended accounts too',
        'Operator, for requests by email: tollgate accounts export/correct/erase --email (lambda/cli/account-gdpr-commands.ts), against `npm start` or a deployed stack (`--stack`)',
        ...upstreamKeySecrets.map(
          ({ stack, logicalId, resource }) =>
            `Upstream-keys secret ${stack}/${logicalId}: SecretString ${valueAt(resource.Properties, 'SecretString') === undefined ? 'absent' : 'PRESENT'}, GenerateSecretString ${valueAt(resource.Properties, 'GenerateSecretString') === undefined ? 'absent' : 'PRESENT'} (a deploy never writes the operator's keys)`,
        ),
      ],
      violations: secretViolations,
      evidence: [
        { file: 'test/integration/account/account-handler.test.ts' },
        { file: 'test/integration/cli/accounts-gdpr-cli.test.ts' },
        // The same commands against a running `npm start` (its data directory found through runtime.json).
        { file: 'test/integration/local/npm-start.test.ts', name: /prints a working key/ },
        { file: 'test/infra/gateway-stack.test.ts', name: /upstream-keys secret/ },
      ],
    },
    {
      id: 'no-training',
      policy: 'Data is not used for training.',
      controls: ['The gateway keeps no content to train on (see the first clause); it calls the providers’ paid APIs only'],
      violations: [],
      notProvableOffline: "Whether a provider trains on API traffic is set by that provider's API terms; no test of this code can show it.",
      evidence: [{ file: 'test/integration/gateway/openai-chat.test.ts', name: /canary/ }, { file: 'test/unit/translate/privacy.test.ts' }],
    },
  ];
}

/**
 * The tests behind each clause, and whether the clause holds: no violation, every evidence source matched at least
 * one test, and every matched test passed.
 */
export function judgeClauses(clauses: readonly Clause[], outcomes: readonly TestOutcome[]): ClauseVerdict[] {
  return clauses.map((clause) => {
    const matches = clause.evidence.map((source) =>
      outcomes.filter((outcome) => outcome.file === source.file && (source.name === undefined || source.name.test(outcome.fullName))),
    );
    const tests = matches.flat();
    const missing = clause.evidence.filter((_, index) => matches[index].length === 0);
    const passed =
      clause.violations.length === 0 && missing.length === 0 && tests.length > 0 && tests.every((test) => test.status === 'passed');
    return { clause, tests, missing, passed };
  });
}

/** "yes", "yes, only when ..." or "**NO**". */
function holdsText(verdict: ClauseVerdict): string {
  if (!verdict.passed) return '**NO**';
  return verdict.clause.holdsOnlyWhen ? `yes, only when ${verdict.clause.holdsOnlyWhen.split(': ')[0]}` : 'yes';
}

/** Tests of one name (parameterised tests) on one line, with their count. */
function testLines(tests: readonly TestOutcome[]): string[] {
  const groups = new Map<string, { test: TestOutcome; count: number }>();
  for (const test of tests) {
    const key = `${test.status}\u0000${test.file}\u0000${test.fullName}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { test, count: 1 });
  }
  return [...groups.values()].map(
    ({ test, count }) =>
      `- ${test.status === 'passed' ? 'pass' : test.status.toUpperCase()}: \`${test.file}\` — ${test.fullName}${count > 1 ? ` (${count} cases)` : ''}`,
  );
}

/** docs/PRIVACY-REPORT.md. */
export function renderReport(verdicts: readonly ClauseVerdict[], generatedFrom: string): string {
  const lines = [
    '# Privacy report',
    '',
    `Generated by \`npm run privacy-report\` from ${generatedFrom}: the controls are read from the synthesized templates`,
    "and the code's constants, the evidence is the tests it names, run by the command. Do not edit by hand.",
    '',
    '| Clause | Holds | Tests |',
    '|---|---|---|',
    ...verdicts.map(
      (verdict) =>
        `| ${verdict.clause.policy} | ${holdsText(verdict)} | ${verdict.tests.filter((test) => test.status === 'passed').length}/${verdict.tests.length} passed |`,
    ),
    '',
  ];
  for (const verdict of verdicts) {
    const holds = verdict.clause.holdsOnlyWhen ? `Holds only when ${verdict.clause.holdsOnlyWhen}` : 'Holds';
    lines.push(`## ${verdict.clause.policy}`, '', `**${verdict.passed ? holds : 'DOES NOT HOLD'}.**`, '', 'Controls:', '');
    lines.push(...verdict.clause.controls.map((control) => `- ${control}`), '');
    if (verdict.clause.violations.length > 0)
      lines.push('Violations:', '', ...verdict.clause.violations.map((violation) => `- ${violation}`), '');
    if (verdict.clause.notProvableOffline) lines.push(`Not provable offline: ${verdict.clause.notProvableOffline}`, '');
    lines.push('Evidence:', '');
    if (verdict.tests.length === 0) lines.push('- none found: the clause lacks evidence');
    lines.push(
      ...verdict.missing.map(
        (source) => `- MISSING: no test in \`${source.file}\`${source.name ? ` named like ${String(source.name)}` : ''} ran`,
      ),
    );
    lines.push(...testLines(verdict.tests), '');
  }
  return lines.join('\n');
}
