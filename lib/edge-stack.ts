import { Stack, type StackProps } from 'aws-cdk-lib';
import { Certificate, CertificateValidation, type ICertificate } from 'aws-cdk-lib/aws-certificatemanager';
import { HostedZone } from 'aws-cdk-lib/aws-route53';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { EdgeWebAcl } from './edge/edge-web-acl';

export interface EdgeStackProps extends StackProps {
  /** Largest request body accepted at the edge, in bytes. */
  readonly maxBodyBytes: number;
  /** WAF rate-based rule limit per client IP and 5 minutes. */
  readonly requestsPerIpPer5Minutes: number;
  readonly logRetention: RetentionDays;
  /** Custom domain: an ACM certificate is issued for it here (CloudFront takes certificates from us-east-1 only). @default none */
  readonly domainName?: string;
  /** Hosted zone that validates the certificate automatically. @default none: add the DNS validation record by hand */
  readonly hostedZone?: { readonly id: string; readonly name: string };
}

/** What CloudFront needs from us-east-1: the CLOUDFRONT-scope web ACL and, with a custom domain, the certificate. */
export class EdgeStack extends Stack {
  public readonly webAclArn: string;
  public readonly certificate?: ICertificate;

  constructor(scope: Construct, id: string, props: EdgeStackProps) {
    super(scope, id, props);
    if (!this.region || this.region !== 'us-east-1') {
      throw new Error(`The edge stack must be deployed to us-east-1 (CloudFront WAF and certificates), got '${this.region}'.`);
    }
    const waf = new EdgeWebAcl(this, 'Waf', {
      maxBodyBytes: props.maxBodyBytes,
      requestsPerIpPer5Minutes: props.requestsPerIpPer5Minutes,
      logRetention: props.logRetention,
    });
    this.webAclArn = waf.webAcl.attrArn;

    if (props.domainName !== undefined) {
      const zone = props.hostedZone
        ? HostedZone.fromHostedZoneAttributes(this, 'Zone', { hostedZoneId: props.hostedZone.id, zoneName: props.hostedZone.name })
        : undefined;
      this.certificate = new Certificate(this, 'Certificate', {
        domainName: props.domainName,
        validation: CertificateValidation.fromDns(zone),
      });
    }
  }
}
