import { ResponseType, type RestApi } from 'aws-cdk-lib/aws-apigateway';
import { gatewayResponseBodies } from '../../lambda/protocols/edge-error-body';

/**
 * API Gateway's own errors (stage throttling, the origin guard's WAF block, payload too large,
 * integration timeouts and failures, unknown routes) answered with JSON bodies that the OpenAI,
 * Anthropic and Gemini SDKs parse, instead of `{"message": ...}`. The templates are static (no
 * `$context` variables: nothing of the request is repeated).
 */
export function addGatewayResponses(api: RestApi, maxBodyBytes: number): void {
  for (const { type, statusCode, body } of gatewayResponseBodies(maxBodyBytes)) {
    api.addGatewayResponse(`Response${type.replace(/_/g, '')}`, {
      type: ResponseType.of(type),
      statusCode: statusCode === undefined ? undefined : String(statusCode),
      templates: { 'application/json': JSON.stringify(body) },
    });
  }
}
