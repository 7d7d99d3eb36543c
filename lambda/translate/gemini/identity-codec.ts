import { geminiClientProtocol } from '../../protocols/gemini/client-protocol';
import type { IdentityCodec } from '../canonical/codec';
import { parseClientRequest } from '../canonical/parse-request';
import { RelayEncoder, relayFrame } from '../relay-encoder';
import { requestFromGemini } from './request-from-gemini';
import { geminiRequestSchema } from './request-schema';

/** Gemini caller → Gemini: the body goes up untouched (the model is in the URL); answers come back as sent. */
export const geminiIdentityCodec: IdentityCodec = {
  protocol: 'gemini',
  forwardRequest(body) {
    // Validated, then sent as the caller wrote it.
    parseClientRequest(geminiRequestSchema, body);
    return { body };
  },
  decodeRequest: (body) => requestFromGemini(body),
  encodeResponse: (_response, _context, upstreamBody) => upstreamBody,
  // Gemini streams have no terminator: the connection just closes.
  createStreamEncoder: () => new RelayEncoder(geminiClientProtocol, (event) => relayFrame(event.data)),
};
