import { createOpenAiCompatibleApi } from '../openai-compatible/openai-compatible-api';

/** Volcano Engine Ark: OpenAI-compatible at https://ark.cn-beijing.volces.com/api/v3 (docs/PROTOCOLS.md §5). */
export const arkApi = createOpenAiCompatibleApi('ark');
