import * as path from 'node:path';
import { CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Alias, ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** Packages the Lambda Node.js runtime provides (`/var/runtime/node_modules`), left out of the bundles. */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*'] as const;

/** What the bundles get for `import ... from 'zod'`: zod's classic API without its locales (see the module). */
export const ZOD_WITHOUT_LOCALES = path.join(__dirname, 'zod-without-locales', 'index.ts');

export interface TollgateFunctionProps {
  /** Path of the handler module (TypeScript), bundled with esbuild. */
  readonly entry: string;
  /** Value of `POWERTOOLS_SERVICE_NAME`, also the logger's service name. */
  readonly serviceName: string;
  /** Extra environment variables. Never put secrets here: pass a secret's ARN and read it at run time. @default none */
  readonly environment?: Readonly<Record<string, string>>;
  /** @default Duration.seconds(29) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Retention of the function's log group. @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
  /** Concurrency reserved for this function, which is also the most it may use. @default none (the account's pool) */
  readonly reservedConcurrentExecutions?: number;
  /** Execution environments kept initialised for the `live` alias (provisioned concurrency). @default none */
  readonly provisionedConcurrentExecutions?: number;
  /**
   * Shell commands that add files to the bundle after esbuild (run from the repository root, also at synth).
   * @default none
   */
  readonly afterBundling?: (inputDir: string, outputDir: string) => string[];
}

/** The alias API Gateway invokes; it points at the version the last deployment published. */
export const LIVE_ALIAS = 'live';

/**
 * A `NodejsFunction` with Tollgate's runtime defaults fixed:
 * - arm64 on `Runtime.NODEJS_24_X`, the newest Node.js runtime aws-cdk-lib offers;
 * - esbuild bundle, minified, tree-shaken, with `zod` aliased to {@link ZOD_WITHOUT_LOCALES}; a linked source map file
 *   (`index.js.map`, no sources content) ships in the asset for decoding stack traces, but Node does not load it
 *   (`--enable-source-maps` makes every stack trace, and the cold start, slower; set `NODE_OPTIONS` on the function to
 *   turn it on while debugging);
 * - the AWS SDK v3 (`@aws-sdk/*`) comes from the runtime, which ships every client and `lib-dynamodb`; `@smithy/*` is
 *   bundled when imported directly, because the runtime keeps it under `@aws-sdk/node_modules/`, out of reach of
 *   the function's `require`;
 * - JSON logs (application INFO, platform WARN) into its own log group (`logGroup`) with a retention, removed with the stack;
 * - its own role with no managed policy: only write access to that log group, everything else by `grant*`;
 * - every deployment that changes its code or configuration publishes a version (retained, for rollback) and moves
 *   the {@link LIVE_ALIAS} alias to it: callers use {@link live}, never `$LATEST`.
 */
export class TollgateFunction extends NodejsFunction {
  /** The `live` alias on the current version: what API Gateway invokes. */
  public readonly live: Alias;

  constructor(scope: Construct, id: string, props: TollgateFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the Tollgate ${props.serviceName} function`,
    });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(29),
      role,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      // A new version replaces the previous one in the template; keeping the old ones is what makes rollback instant.
      currentVersionOptions: { removalPolicy: RemovalPolicy.RETAIN },
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        // Linked map: esbuild writes index.js.map and the sourceMappingURL comment Node needs to find it.
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        target: 'node24',
        externalModules: [...RUNTIME_PROVIDED_MODULES],
        esbuildArgs: { '--alias': `zod=${ZOD_WITHOUT_LOCALES}` },
        ...(props.afterBundling && {
          commandHooks: { beforeBundling: () => [], beforeInstall: () => [], afterBundling: props.afterBundling },
        }),
      },
    });
    logGroup.grantWrite(role);
    // cfn-lint W3005 (redundant DependsOn): CDK makes every function depend on its whole role construct, i.e. the role
    // and its default policy, so that the policy exists before the function first runs. The role half repeats the
    // Role GetAtt and is what W3005 reports; the policy half is needed, and CDK offers no way to keep only that.
    const resource = this.node.defaultChild;
    if (CfnResource.isCfnResource(resource)) resource.addMetadata('cfn-lint', { config: { ignore_checks: ['W3005'] } });
    this.live = new Alias(this, 'Live', {
      aliasName: LIVE_ALIAS,
      version: this.currentVersion,
      provisionedConcurrentExecutions: props.provisionedConcurrentExecutions || undefined,
    });
  }
}
