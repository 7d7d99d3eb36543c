import { CfnResource, Validations } from 'aws-cdk-lib';
import { Secret, type ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

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
  /**
   * Complete ARN of an existing secret holding the upstream keys, in the gateway's region; the stack then creates none.
   * @default none: the stack creates an empty secret for the operator to fill
   */
  readonly existingUpstreamKeysSecretArn?: string;
}

/**
 * The description of the created upstream-keys secret. Unchanged since the first release, so that the secret's
 * template entry stays the same: CloudFormation then never updates the resource (and never touches its value).
 */
const UPSTREAM_KEYS_DESCRIPTION =
  'Tollgate upstream provider API keys: JSON {"anthropic","gemini","deepseek","ark"}, each a string or an array of strings.';

function originVerifyId(generation: number): string {
  // Generation 1 keeps the plain id so that existing deployments keep their secret.
  return generation === 1 ? 'OriginVerify' : `OriginVerify${generation}`;
}

/**
 * The upstream provider keys (filled by the operator after deployment, never by a deploy) and the generated value
 * that CloudFront sends as {@link ORIGIN_VERIFY_HEADER} so that the API refuses requests that bypass CloudFront.
 */
export class GatewaySecrets extends Construct {
  /** JSON `{"anthropic": "key" | ["key1", "key2"], "gemini": ..., "deepseek": ..., "ark": ...}`. */
  public readonly upstreamKeys: ISecret;
  /** The origin-verify value CloudFront sends. */
  public readonly originVerify: Secret;
  /** Every origin-verify value the origin guard accepts: the current one and, after a rotation, the previous one. */
  public readonly acceptedOriginVerify: readonly Secret[];

  constructor(scope: Construct, id: string, props: GatewaySecretsProps = {}) {
    super(scope, id);
    const generation = props.originVerifyGeneration ?? 1;
    if (!Number.isInteger(generation) || generation < 1)
      throw new Error(`originVerifyGeneration must be a positive integer, got ${generation}`);

    this.upstreamKeys =
      props.existingUpstreamKeysSecretArn === undefined
        ? this.emptyUpstreamKeysSecret()
        : Secret.fromSecretCompleteArn(this, 'UpstreamKeys', props.existingUpstreamKeysSecretArn);

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

  /**
   * A secret created without a value: no `SecretString`, and no `GenerateSecretString` (which `Secret` adds by default
   * and which would put a random string in it). CloudFormation creates an empty secret; the operator puts the keys in
   * with `aws secretsmanager put-secret-value`. Nothing in the template depends on the provider list, so adding a
   * provider changes nothing here, and no deploy ever writes or replaces the value. Same construct id and description as
   * before, so existing deployments keep their secret (and its keys).
   */
  private emptyUpstreamKeysSecret(): Secret {
    const secret = new Secret(this, 'UpstreamKeys', { description: UPSTREAM_KEYS_DESCRIPTION });
    const resource = secret.node.defaultChild;
    if (!CfnResource.isCfnResource(resource)) throw new Error('The upstream-keys secret has no CloudFormation resource');
    resource.addPropertyDeletionOverride('GenerateSecretString');
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Upstream provider keys are issued by Anthropic, Google, DeepSeek and Volcano Engine; they cannot be rotated by a Lambda here. The operator rotates them at the provider and updates the secret; functions pick up the change within the cache time.',
    });
    return secret;
  }
}
