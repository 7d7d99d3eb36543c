import { startFakeAnthropicServer, type FakeAnthropicServer } from './anthropic-server';
import { startFakeGeminiServer, type FakeGeminiServer } from './gemini-server';
import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from './openai-compatible-server';

/** The gateway's own keys for the fakes: tests check these, never the caller's key, reach the upstream. */
export const FAKE_UPSTREAM_KEYS = {
  anthropic: 'sk-ant-upstream-secret',
  gemini: 'gemini-upstream-secret',
  deepseek: 'sk-upstream-deepseek-secret',
} as const;

export interface FakeUpstreams {
  readonly anthropic: FakeAnthropicServer;
  readonly gemini: FakeGeminiServer;
  readonly deepseek: FakeOpenAiCompatibleServer;
  /** Base URLs and keys for the gateway's environment. */
  readonly environment: Record<string, string>;
  close(): Promise<void>;
}

/** Fake Anthropic, Gemini and DeepSeek servers on loopback, and the environment that points the gateway at them. */
export async function startFakeUpstreams(): Promise<FakeUpstreams> {
  const anthropic = await startFakeAnthropicServer(FAKE_UPSTREAM_KEYS.anthropic);
  const gemini = await startFakeGeminiServer(FAKE_UPSTREAM_KEYS.gemini);
  const deepseek = await startFakeOpenAiCompatibleServer('deepseek', FAKE_UPSTREAM_KEYS.deepseek);
  return {
    anthropic,
    gemini,
    deepseek,
    environment: {
      TOLLGATE_ANTHROPIC_BASE_URL: anthropic.baseUrl,
      TOLLGATE_GEMINI_BASE_URL: gemini.baseUrl,
      TOLLGATE_DEEPSEEK_BASE_URL: deepseek.baseUrl,
      ANTHROPIC_API_KEY: FAKE_UPSTREAM_KEYS.anthropic,
      GEMINI_API_KEY: FAKE_UPSTREAM_KEYS.gemini,
      DEEPSEEK_API_KEY: FAKE_UPSTREAM_KEYS.deepseek,
    },
    async close() {
      await Promise.all([anthropic.close(), gemini.close(), deepseek.close()]);
    },
  };
}
