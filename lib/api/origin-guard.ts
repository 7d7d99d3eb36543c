import { CfnWebACL, CfnWebACLAssociation } from 'aws-cdk-lib/aws-wafv2';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface OriginGuardProps {
  /** The API stage to protect. */
  readonly stage: Stage;
  /** Header CloudFront adds to every origin request. */
  readonly headerName: string;
  /** Secrets whose value the header may carry (current and, during a rotation, previous); resolved by CloudFormation, never written into the template. */
  readonly secrets: readonly ISecret[];
}

/**
 * A REGIONAL web ACL on the API stage that blocks every request without the origin-verify header,
 * so the `execute-api` address cannot be used to bypass CloudFront, its WAF and TLS policy.
 */
export class OriginGuard extends Construct {
  public readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: OriginGuardProps) {
    super(scope, id);
    const visibility = (metricName: string): CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      // Sampled requests would keep full request headers, API keys included: off.
      sampledRequestsEnabled: false,
    });
    if (props.secrets.length === 0) throw new Error('OriginGuard needs at least one secret');
    const matches: CfnWebACL.StatementProperty[] = props.secrets.map((secret) => ({
      byteMatchStatement: {
        fieldToMatch: { singleHeader: { Name: props.headerName } },
        positionalConstraint: 'EXACTLY',
        // A `{{resolve:secretsmanager:...}}` dynamic reference.
        searchString: secret.secretValue.unsafeUnwrap(),
        textTransformations: [{ priority: 0, type: 'NONE' }],
      },
    }));
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { block: {} },
      visibilityConfig: visibility('TollgateOriginGuard'),
      rules: [
        {
          name: 'AllowFromCloudFront',
          priority: 0,
          action: { allow: {} },
          statement: matches.length === 1 ? matches[0] : { orStatement: { statements: matches } },
          visibilityConfig: visibility('AllowFromCloudFront'),
        },
      ],
    });
    // The stage ARN refers to the stage (Ref), so CloudFormation creates the association after it.
    new CfnWebACLAssociation(this, 'Association', {
      resourceArn: props.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });
  }
}
