import { SecretValue, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PROVIDERS } from '../../lambda/core/providers';

/** Name of the header CloudFront adds and the API's web ACL requires. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Two secrets: the upstream provider keys (filled by the operator after deployment) and a generated value
 * that CloudFront sends as {@link ORIGIN_VERIFY_HEADER} so that the API refuses requests that bypass CloudFront.
 */
export class GatewaySecrets extends Construct {
  /** JSON `{"anthropic": "key" | ["key1", "key2"], "gemini": ..., "deepseek": ..., "ark": ...}`. */
  public readonly upstreamKeys: Secret;
  public readonly originVerify: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // The placeholder holds no secret: empty strings the operator replaces (`aws secretsmanager put-secret-value`).
    // CloudFormation leaves the value alone on later deployments as long as this placeholder is unchanged.
    const placeholder = Object.fromEntries(Object.keys(PROVIDERS).map((provider) => [provider, '']));
    this.upstreamKeys = new Secret(this, 'UpstreamKeys', {
      description: 'Tollgate upstream provider API keys: JSON {"anthropic","gemini","deepseek","ark"}, each a string or an array of strings.',
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(placeholder)),
    });
    Validations.of(this.upstreamKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'Upstream provider keys are issued by Anthropic, Google, DeepSeek and Volcano Engine; they cannot be rotated by a Lambda here. The operator rotates them at the provider and updates the secret; functions pick up the change within the cache time.',
    });

    this.originVerify = new Secret(this, 'OriginVerify', {
      description: 'Tollgate: value of the x-origin-verify header CloudFront sends to the API.',
      generateSecretString: { passwordLength: 48, excludePunctuation: true },
    });
    Validations.of(this.originVerify).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason: 'The origin-verify value is copied into the CloudFront origin and the regional web ACL at deployment; rotating means redeploying (documented), not a rotation Lambda that would break requests in flight.',
    });
  }
}
