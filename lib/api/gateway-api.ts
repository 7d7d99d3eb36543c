import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseTransferMode,
  RestApi,
  type IResource,
} from 'aws-cdk-lib/aws-apigateway';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ACCESS_LOG_FORMAT } from './access-log-format';
import { addGatewayResponses } from './gateway-responses';

export interface GatewayApiProps {
  /** Streaming function behind `/v1/{proxy+}` and `/v1beta/{proxy+}`. */
  readonly inference: IFunction;
  /** Buffered function behind `/v1/account`, `/v1/usage`, `/v1/usage/limits` and `/dashboard`. */
  readonly account: IFunction;
  /** Stage default: steady requests per second. */
  readonly rateLimit: number;
  /** Stage default: burst. */
  readonly burstLimit: number;
  readonly logRetention: RetentionDays;
  /** The functions' body limit, named in API Gateway's own 413. */
  readonly maxBodyBytes: number;
  /** Stage name, also the origin path CloudFront uses. @default 'live' */
  readonly stageName?: string;
}

/** The longest a streamed response may last on a REST API. */
export const STREAM_TIMEOUT = Duration.minutes(15);

/**
 * The REGIONAL REST API: streaming integrations for the inference routes, buffered ones for the account routes,
 * a stage with metadata-only JSON access logs, execution logging at ERROR, no data trace, default throttling.
 */
export class GatewayApi extends Construct {
  public readonly api: RestApi;
  public readonly accessLogs: LogGroup;
  /**
   * `API-Gateway-Execution-Logs_<api id>/<stage>`, created here with a retention before the stage exists: otherwise
   * API Gateway creates it on the first execution log line, without retention, and it outlives the stack.
   */
  public readonly executionLogs: LogGroup;

  constructor(scope: Construct, id: string, props: GatewayApiProps) {
    super(scope, id);
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY });

    const stageName = props.stageName ?? 'live';
    this.api = new RestApi(this, 'Api', {
      restApiName: 'tollgate',
      description: 'Tollgate LLM gateway (reached through CloudFront only)',
      endpointTypes: [EndpointType.REGIONAL],
      // Access and execution logs need the account-level CloudWatch role; kept when the stack goes (other APIs may use it).
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        // ERROR-level execution logs carry error descriptions, never bodies; data trace would log bodies.
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        // Per-method detailed metrics are billed as custom metrics; the API-level metrics the alarms use are free.
        metricsEnabled: false,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
      },
    });

    addGatewayResponses(this.api, props.maxBodyBytes);

    this.executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${stageName}`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(this.executionLogs);

    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        'API Gateway writes access and execution logs only through the account-level CloudWatch role; AWS documents this managed policy for it, and the role is assumable only by apigateway.amazonaws.com.',
    });

    const streaming = new LambdaIntegration(props.inference, {
      responseTransferMode: ResponseTransferMode.STREAM,
      timeout: STREAM_TIMEOUT,
      // No console test-invoke permission: the console buffers streams anyway, and fewer grants is less to audit.
      allowTestInvoke: false,
    });
    const buffered = new LambdaIntegration(props.account, { allowTestInvoke: false });

    const v1 = this.api.root.addResource('v1');
    const v1beta = this.api.root.addResource('v1beta');
    const usage = v1.addResource('usage');
    const routes: Array<[IResource, LambdaIntegration]> = [
      [v1.addResource('{proxy+}'), streaming],
      [v1beta.addResource('{proxy+}'), streaming],
      // More specific than `/v1/{proxy+}`, so API Gateway routes these to the account function.
      [v1.addResource('account'), buffered],
      [usage, buffered],
      [usage.addResource('limits'), buffered],
      // The account holder's usage page (it asks for the key and calls /v1/usage with it).
      [this.api.root.addResource('dashboard'), buffered],
    ];
    for (const [resource, integration] of routes) {
      const method = resource.addMethod('ANY', integration);
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Callers authenticate with Tollgate API keys (Bearer, x-api-key or x-goog-api-key, as the OpenAI, Anthropic and Gemini SDKs send them); the function checks the SHA-256 hash in constant time. A Lambda authorizer would add a cold start and an extra hop before the first streamed byte, and its combination with STREAM integrations is unconfirmed.',
      });
      Validations.of(method).acknowledge({
        id: 'AwsSolutions-COG4',
        reason: 'Callers are API clients (SDKs, CLIs) with gateway API keys, not Cognito users; see AwsSolutions-APIG4.',
      });
    }
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        "Bodies follow three vendor protocols (OpenAI, Anthropic, Gemini) with open-ended fields; the functions validate them with zod and answer in the caller's protocol shape, which a request validator cannot do.",
    });
  }
}
