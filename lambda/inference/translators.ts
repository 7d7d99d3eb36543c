import { invalidRequest } from '../core/errors';
import type { Protocol } from '../core/providers';
import { createOpenAiPassthroughTranslator } from '../translate/openai-passthrough';
import type { Translator } from '../translate/types';

const openAiPassthrough = createOpenAiPassthroughTranslator();

/** The translator for a caller protocol and a provider protocol. */
export function translatorFor(client: Protocol, upstream: Protocol): Translator {
  if (client === 'openai' && upstream === 'openai') return openAiPassthrough;
  throw invalidRequest(`Models served over the ${upstream} protocol cannot be reached through the ${client} API of this gateway.`, 'model');
}
