import { SecretValue, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { PROVIDERS } from '../../lambda/core/providers';

/** Name of the header CloudFront adds and the API's web ACL requires. */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

export interface GatewaySecretsProps {
  /**
   * Generation of the origin-verify value. Raising it by one creates a new generated secret that CloudFront sends,
   * while the origin guard keeps accepting the previous generation's value so that no request fails while
   * CloudFront propagates the change; the generation before that is deleted.
   * @default 1
   */
  readonly originVerifyGeneration?: number;
}

function originVerifyId(generation: number): string {
  // Generation 1 keeps the plain id so that existing deployments keep their secret.
  return generation === 1 ? 'OriginVerify' : `OriginVerify${generation}`;
}

/**
 * The upstream provider keys (filled by the operator after deployment) and the generated value that CloudFront
 * sends as {@link ORIGIN_VERIFY_HEADER} so that the API refuses requests that bypass CloudFront.
 */
export class GatewaySecrets extends Construct {
  /** JSON `{"anthropic": "key" | ["key1", "key2"], "gemini": ..., "deepseek": ..., "ark": ...}`. */
  public readonly upstreamKeys: Secret;
  /** The origin-verify value CloudFront sends. */
  public readonly originVerify: Secret;
  /** Every origin-verify value the origin guard accepts: the current one and, after a rotation, the previous one. */
  public readonly acceptedOriginVerify: readonly Secret[];

  constructor(scope: Construct, id: string, props: GatewaySecretsProps = {}) {
    super(scope, id);
    const generation = props.originVerifyGeneration ?? 1;
    if (!Number.isInteger(generation) || generation < 1)
      throw new Error(`originVerifyGeneration must be a positive integer, got ${generation}`);

    // The placeholder holds no secret: empty strings the operator replaces (`aws secretsmanager put-secret-value`).
    // CloudFormation leaves the value alone on later deployments as long as this definition is unchanged.
    const placeholder = Object.fromEntries(Object.keys(PROVIDERS).map((provider) => [provider, '']));
    this.upstreamKeys = new Secret(this, 'UpstreamKeys', {
      description:
        'Tollgate upstream provider API keys: JSON {"anthropic","gemini","deepseek","ark"}, each a string or an array of strings.',
      secretStringValue: SecretValue.unsafePlainText(JSON.stringify(placeholder)),
    });
    Validations.of(this.upstreamKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Upstream provider keys are issued by Anthropic, Google, DeepSeek and Volcano Engine; they cannot be rotated by a Lambda here. The operator rotates them at the provider and updates the secret; functions pick up the change within the cache time.',
    });

    const originVerify = (gen: number): Secret => {
      const secret = new Secret(this, originVerifyId(gen), {
        description: `Tollgate: value of the x-origin-verify header CloudFront sends to the API (generation ${gen}).`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'CloudFormation copies the value into the CloudFront origin and the origin-guard web ACL; a rotation Lambda would change the secret without them and cut off all traffic. It is rotated by raising tollgate:originVerifyGeneration, which overlaps old and new values (docs/DEPLOY.md).',
      });
      return secret;
    };
    this.originVerify = originVerify(generation);
    this.acceptedOriginVerify = generation > 1 ? [this.originVerify, originVerify(generation - 1)] : [this.originVerify];
  }
}
