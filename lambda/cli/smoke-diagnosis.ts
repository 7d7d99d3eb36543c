/**
 * What a failed answer from a deployed (or local) gateway means, and what the operator should do about it. Pure
 * functions over status, headers and body, so each case is tested without AWS.
 *
 * Who answers what, in front of the functions:
 * - CloudFront's WAF (edge stack) blocks with 403 and CloudFront's own HTML page: no API Gateway headers.
 * - The origin guard (REGIONAL web ACL on the API stage) blocks a request whose `x-origin-verify` value it does not
 *   accept with API Gateway's 403 `{"message":"Forbidden"}`: API Gateway headers (`x-amzn-requestid`), but no
 *   `x-request-id`, which only the functions set.
 * - The functions answer everything else in the caller's protocol, with `x-request-id`.
 */
import { z } from 'zod';

export interface ObservedResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
}

export interface Diagnosis {
  /** What happened, in one line. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
}

/** The gateway's message for a provider whose key is missing (lambda/core/upstream-keys.ts). */
const NO_UPSTREAM_KEY = /no upstream key configured for (\w+)/i;

/** The function's error body (OpenAI shape) or API Gateway's own (`{"message": ...}`). */
const ERROR_BODY = z.object({ error: z.object({ message: z.string() }).optional(), message: z.string().optional() });

/** The `message` of an error body, if it is one. */
export function errorMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const result = ERROR_BODY.safeParse(parsed);
  return result.success ? (result.data.error?.message ?? result.data.message) : undefined;
}

/** The provider a 503 names as having no upstream key, when that is what it says. */
export function providerWithoutKey(response: ObservedResponse): string | undefined {
  if (response.status !== 503) return undefined;
  return NO_UPSTREAM_KEY.exec(errorMessage(response.body) ?? '')?.[1];
}

const fromFunction = (response: ObservedResponse) => response.headers.has('x-request-id');
const fromApiGateway = (response: ObservedResponse) =>
  ['x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-errortype'].some((name) => response.headers.has(name));

/** Why a request with the operator's key was not answered with 200. */
export function diagnose(response: ObservedResponse): Diagnosis {
  const message = errorMessage(response.body);
  const said = message ? ` (the gateway said: "${message}")` : '';
  if (response.status === 401 && fromFunction(response)) {
    if (/no api key was sent/i.test(message ?? '')) {
      return {
        problem: 'The Authorization header did not reach the gateway',
        fix: "Something between you and the functions drops it: CloudFront must forward all viewer headers except Host (origin request policy AllViewerExceptHostHeader). Check the distribution's default behaviour.",
      };
    }
    return {
      problem: `Wrong key: the gateway refused it${said}`,
      fix: 'Use a key the gateway issued (shown once by `npx tollgate keys create --account ACCOUNT_ID`), copied whole, and not revoked; for a deployed stack, create it with `--stack NAME --region R`.',
    };
  }
  if (response.status === 403 && !fromFunction(response) && fromApiGateway(response)) {
    return {
      problem: 'Origin-verify mismatch: the API stage’s origin guard refused the request before any function ran',
      fix: 'If this URL is the execute-api address, use the stack’s ApiUrl output (CloudFront) instead. Otherwise CloudFront and the origin guard disagree on the x-origin-verify value: run `npx cdk deploy --all` so both get the current one (docs/DEPLOY.md, "Origin-verify value").',
    };
  }
  if (response.status === 403 && !fromFunction(response)) {
    return {
      problem: 'Blocked at the edge by CloudFront or its WAF (not by the gateway)',
      fix: 'Check the edge web ACL’s logs (aws-waf-logs-<stack>-Edge in us-east-1): the per-IP rate rule or the IP reputation list may have matched this machine.',
    };
  }
  const provider = providerWithoutKey(response);
  if (provider) {
    return {
      problem: `Provider key missing in the secret: the gateway has no upstream key for ${provider}`,
      fix: `Put a key for ${provider} into the upstream-keys secret (stack output UpstreamKeysSecretArn; docs/DEPLOY.md §5), or locally set ${provider.toUpperCase()}_API_KEY; the functions pick it up within five minutes.`,
    };
  }
  if (response.status === 404 && fromFunction(response)) {
    return { problem: `Not found${said}`, fix: 'Pick a model the gateway lists (`GET /v1/models`, or `npx tollgate models`).' };
  }
  if (response.status === 429) {
    return {
      problem: `Rate limited${said}`,
      fix: 'Wait a minute, or raise the key’s limits (`npx tollgate limits set --key KEY_ID ...`).',
    };
  }
  if (response.status >= 500 && fromFunction(response)) {
    return {
      problem: `The upstream provider or the gateway failed with ${response.status}${said}`,
      fix: 'Check the provider key in the secret is valid and has quota, and the inference function’s logs (docs/DEPLOY.md, "Logs and dashboards").',
    };
  }
  if (response.status >= 500) {
    return {
      problem: `${response.status} before any function answered (CloudFront or API Gateway)`,
      fix: 'Check the API Gateway access logs and the functions’ logs and Errors/Throttles metrics on the Tollgate dashboard.',
    };
  }
  return {
    problem: `Unexpected ${response.status}${said}`,
    fix: 'Check the URL: it must be the gateway’s base URL (the ApiUrl output, or what `npm start` printed).',
  };
}
