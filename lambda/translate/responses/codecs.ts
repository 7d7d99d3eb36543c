import { GatewayError } from '../../core/errors';
import type { ClientCodec } from '../canonical/codec';
import type { TranslationContext } from '../types';
import { ResponsesOutputBuilder } from './output-builder';
import { planResponsesRequest, type ResponsesRequestPlan } from './request-from-responses';
import { responseToResponses } from './response-to-responses';
import { ResponsesStreamEncoder } from './stream-encoder';

/**
 * What each request taught the codec (tool namespaces, the fields its Response echoes), kept on the
 * request's TranslationContext: the pipeline hands the same context to the request decoder and to
 * the answer's encoder. A WeakMap, so nothing outlives the request.
 */
/** Names the hosted tools (`web_search`, ...) a request listed and the gateway left out, since no provider here runs them. */
export const DROPPED_TOOLS_HEADER = 'x-tollgate-dropped-tools';

const plans = new WeakMap<TranslationContext, ResponsesRequestPlan>();

export function responsesPlanOf(context: TranslationContext): ResponsesRequestPlan {
  const plan = plans.get(context);
  if (!plan) throw new GatewayError(500, 'internal', 'The gateway failed to handle the request.');
  return plan;
}

/** OpenAI's Responses API as the caller's protocol; every provider is reached through the canonical model. */
export const responsesClientCodec: ClientCodec = {
  protocol: 'openai-responses',
  decodeRequest(body, context) {
    const plan = planResponsesRequest(body);
    plans.set(context, plan);
    return plan.canonical;
  },
  encodeResponse: (response, context) => responseToResponses(response, context, responsesPlanOf(context)),
  createStreamEncoder: (context) => new ResponsesStreamEncoder(new ResponsesOutputBuilder(context, responsesPlanOf(context))),
  answerHeaders(context) {
    const dropped = plans.get(context)?.droppedTools ?? [];
    return dropped.length ? { [DROPPED_TOOLS_HEADER]: [...new Set(dropped)].join(', ') } : undefined;
  },
};
