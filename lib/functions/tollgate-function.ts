import { CfnResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Alias,
  ApplicationLogLevel,
  Architecture,
  Function as LambdaFunction,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { handlerCode } from './handler-code';

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
 * A Node.js function with Tollgate's runtime defaults fixed:
 * - arm64 on `Runtime.NODEJS_24_X`, the newest Node.js runtime aws-cdk-lib offers;
 * - its code is the handler module bundled by esbuild at synth (./handler-bundle.ts: minified, tree-shaken, `zod`
 *   without its locales or JSON Schema converters); a linked source map file (`index.js.map`, no sources content)
 *   ships in the asset for decoding stack traces, but Node does not load it (`--enable-source-maps` makes every stack
 *   trace, and the cold start, slower; set `NODE_OPTIONS` on the function to turn it on while debugging);
 * - the AWS SDK v3 (`@aws-sdk/*`) comes from the runtime, which ships every client and `lib-dynamodb`; `@smithy/*` is
 *   bundled when imported directly, because the runtime keeps it under `@aws-sdk/node_modules/`, out of reach of
 *   the function's `require`;
 * - JSON logs (application INFO, platform WARN) into its own log group (`logGroup`) with a retention, removed with the stack;
 * - its own role with no managed policy: only write access to that log group, everything else by `grant*`;
 * - every deployment that changes its code or configuration publishes a version (retained, for rollback) and moves
 *   the {@link LIVE_ALIAS} alias to it: callers use {@link live}, never `$LATEST`.
 */
export class TollgateFunction extends LambdaFunction {
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
      code: handlerCode(props.entry, props.afterBundling),
      handler: 'index.handler',
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
