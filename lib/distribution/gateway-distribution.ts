import { Duration, Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  SSLMethod,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { AaaaRecord, ARecord, HostedZone, RecordTarget } from 'aws-cdk-lib/aws-route53';
import { CloudFrontTarget } from 'aws-cdk-lib/aws-route53-targets';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export interface CustomDomain {
  readonly domainName: string;
  /** ACM certificate for `domainName`, in us-east-1. */
  readonly certificate: ICertificate;
  /** Hosted zone in which to create the alias records. @default none: point the name at CloudFront by hand */
  readonly hostedZone?: { readonly id: string; readonly name: string };
}

export interface GatewayDistributionProps {
  readonly api: RestApi;
  /** ARN of the CLOUDFRONT-scope web ACL (us-east-1). */
  readonly webAclArn: string;
  /** Header added to every origin request, carrying {@link originVerifySecret}'s value. */
  readonly originVerifyHeader: string;
  readonly originVerifySecret: ISecret;
  /** Longest silence CloudFront accepts from the origin (first byte and between chunks). */
  readonly originReadTimeout: Duration;
  /** @default none: the distribution's *.cloudfront.net name (TLS policy fixed by CloudFront) */
  readonly customDomain?: CustomDomain;
}

/**
 * CloudFront in front of the API: nothing cached, every method and viewer header (but Host) forwarded,
 * no compression (streams pass through as they arrive), HTTPS only, HTTP/2 and HTTP/3,
 * TLS 1.3 only (`TLSv1.3_2025`) with a custom domain.
 */
export class GatewayDistribution extends Construct {
  public readonly distribution: Distribution;
  /** `https://` URL clients use as their base URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: GatewayDistributionProps) {
    super(scope, id);
    const domain = props.customDomain;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Tollgate LLM gateway',
      httpVersion: HttpVersion.HTTP2_AND_3,
      webAclId: props.webAclArn,
      ...(domain && {
        domainNames: [domain.domainName],
        certificate: domain.certificate,
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_3_2025,
        sslSupportMethod: SSLMethod.SNI,
      }),
      defaultBehavior: {
        origin: new RestApiOrigin(props.api, {
          readTimeout: props.originReadTimeout,
          customHeaders: { [props.originVerifyHeader]: props.originVerifySecret.secretValue.unsafeUnwrap() },
        }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        compress: false,
      },
    });
    this.url = `https://${domain ? domain.domainName : this.distribution.distributionDomainName}`;

    if (domain?.hostedZone) {
      const zone = HostedZone.fromHostedZoneAttributes(this, 'Zone', {
        hostedZoneId: domain.hostedZone.id,
        zoneName: domain.hostedZone.name,
      });
      const target = RecordTarget.fromAlias(new CloudFrontTarget(this.distribution));
      new ARecord(this, 'AliasV4', { zone, recordName: domain.domainName, target });
      new AaaaRecord(this, 'AliasV6', { zone, recordName: domain.domainName, target });
    }

    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        "An API for the operator's own customers; which countries to serve is a business decision, and the WAF IP-reputation and rate rules apply everywhere.",
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'CloudFront standard logs record the full query string (cs-uri-query), where some Gemini clients put API keys (?key=); they cannot be redacted. WAF logs (credentials and query redacted) and API Gateway metadata-only access logs cover audit needs.',
    });
    if (!domain) {
      Validations.of(this.distribution).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without a custom domain CloudFront serves its default *.cloudfront.net certificate, whose security policy is fixed at TLSv1 and cannot be changed. Setting tollgate:domainName enables TLSv1.3_2025 (documented in docs/DEPLOY.md).',
      });
    }
  }
}
