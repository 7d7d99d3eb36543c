import { createOpenAiCompatibleApi } from '../openai-compatible/openai-compatible-api';

/** DeepSeek: OpenAI-compatible at https://api.deepseek.com (PROTOCOLS.md §4). */
export const deepSeekApi = createOpenAiCompatibleApi('deepseek');
