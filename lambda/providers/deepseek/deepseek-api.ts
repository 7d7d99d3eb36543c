import { createOpenAiCompatibleApi } from '../openai-compatible/openai-compatible-api';

/** DeepSeek: OpenAI-compatible at https://api.deepseek.com (docs/PROTOCOLS.md §4). */
export const deepSeekApi = createOpenAiCompatibleApi('deepseek');
