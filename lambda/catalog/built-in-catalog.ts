import type { CatalogEntry, ModelDeprecation, ModelPrices } from '../core/catalog';
import type { ProviderId } from '../core/providers';

/**
 * The built-in model catalog (the operator's document is merged over it: `merge-catalog.ts`).
 * Exact names win over patterns; among patterns the longest prefix wins. Prices are USD list prices
 * per million tokens at the date each source names; docs/CATALOG.md says how they were checked and
 * which are less certain. An operator who pays other prices changes them with `tollgate models set`.
 */

function entry(
  pattern: string,
  provider: ProviderId,
  prices: ModelPrices,
  pricesSource: string,
  displayName: string,
  deprecation?: ModelDeprecation,
): CatalogEntry {
  return { pattern, provider, prices, pricesSource, displayName, ...(deprecation ? { deprecation } : {}) };
}

// DeepSeek bills cache hits and misses; it has no separate cache-write price, so writes cost the
// cache-miss (input) price. deepseek-chat and deepseek-reasoner were V4-Flash in non-thinking and
// thinking mode until their retirement.
const DEEPSEEK_SOURCE = 'api-docs.deepseek.com/quick_start/pricing (V4 prices after 2026-05-31; checked 2026-11-29)';
const DEEPSEEK_RETIREMENT = 'api-docs.deepseek.com (deepseek-chat and deepseek-reasoner retired after 2026-07-24)';
const DEEPSEEK_V4_FLASH: ModelPrices = { input: 0.14, output: 0.28, cacheRead: 0.0028, cacheWrite: 0.14 };
const DEEPSEEK_V4_PRO: ModelPrices = { input: 0.435, output: 0.87, cacheRead: 0.003625, cacheWrite: 0.435 };

// Volcano Ark publishes CNY prices per input-length tier; the <=32K tier is used, converted at 7.1 CNY/USD.
export const ARK_SOURCE = 'volcengine.com/docs/82379 model pricing, <=32K input tier, CNY converted at 7.1/USD (checked 2026-11-27)';
export const DOUBAO_SEED_1_6_PRICES: ModelPrices = { input: 0.1127, output: 1.1268, cacheRead: 0.0225, cacheWrite: 0.1127 };
const DOUBAO_SEED_1_6_FLASH_PRICES: ModelPrices = { input: 0.0211, output: 0.2113, cacheRead: 0.0042, cacheWrite: 0.0211 };

// Anthropic: prompts up to 200K tokens; cache writes at the 5-minute price (the default TTL; 1-hour
// writes cost 1.6x more and are under-billed until usage reports them apart). Model ids and
// end-of-life dates: the official @anthropic-ai/sdk 1.14.0 (`Model`, `DEPRECATED_MODELS`).
const ANTHROPIC_SOURCE = 'platform.claude.com/docs/en/about-claude/pricing (5m cache writes; checked 2026-11-29)';
const ANTHROPIC_3P_SOURCE = 'Anthropic list price as published at launch, via simonw/llm-prices and launch coverage (checked 2026-11-29)';
const ANTHROPIC_EOL = 'end of life from @anthropic-ai/sdk 1.14.0 DEPRECATED_MODELS';
const CLAUDE_OPUS_4_1: ModelPrices = { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 };
const CLAUDE_OPUS_4_5: ModelPrices = { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 };
const CLAUDE_OPUS_5_5: ModelPrices = { input: 4, output: 20, cacheRead: 0.4, cacheWrite: 5 };
const CLAUDE_SONNET_4_5: ModelPrices = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 };
const CLAUDE_SONNET_5: ModelPrices = { input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 };
const CLAUDE_HAIKU_4_5: ModelPrices = { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 };
const CLAUDE_FABLE_5: ModelPrices = { input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 };

// Google: Standard tier, prompts up to 200K tokens. Gemini bills no cache writes (implicit caching is
// free to fill; explicit caches are billed per hour outside the request), so cacheWrite is the input
// price, never applied because Gemini usage never reports cache writes.
const GEMINI_SOURCE = 'ai.google.dev/gemini-api/docs/pricing (Standard tier, <=200K prompt; checked 2026-11-29)';
const GEMINI_2_5_PRO: ModelPrices = { input: 1.25, output: 10, cacheRead: 0.125, cacheWrite: 1.25 };
const GEMINI_2_5_FLASH: ModelPrices = { input: 0.3, output: 2.5, cacheRead: 0.03, cacheWrite: 0.3 };
const GEMINI_2_5_FLASH_LITE: ModelPrices = { input: 0.1, output: 0.4, cacheRead: 0.01, cacheWrite: 0.1 };
const GEMINI_3_PRO: ModelPrices = { input: 2, output: 12, cacheRead: 0.2, cacheWrite: 2 };
const GEMINI_3_FLASH: ModelPrices = { input: 0.5, output: 3, cacheRead: 0.05, cacheWrite: 0.5 };
const GEMINI_3_1_FLASH_LITE: ModelPrices = { input: 0.25, output: 1.5, cacheRead: 0.025, cacheWrite: 0.25 };
const GEMINI_3_5_FLASH: ModelPrices = { input: 1.5, output: 9, cacheRead: 0.15, cacheWrite: 1.5 };

export const BUILT_IN_CATALOG: readonly CatalogEntry[] = [
  entry('deepseek-v4-flash', 'deepseek', DEEPSEEK_V4_FLASH, DEEPSEEK_SOURCE, 'DeepSeek V4 Flash'),
  entry('deepseek-v4-pro', 'deepseek', DEEPSEEK_V4_PRO, DEEPSEEK_SOURCE, 'DeepSeek V4 Pro'),
  entry('deepseek-chat', 'deepseek', DEEPSEEK_V4_FLASH, DEEPSEEK_SOURCE, 'DeepSeek Chat (V4 Flash, non-thinking; retired)', {
    endOfLife: '2026-07-24',
    successor: 'deepseek-v4-flash',
    source: DEEPSEEK_RETIREMENT,
  }),
  entry('deepseek-reasoner', 'deepseek', DEEPSEEK_V4_FLASH, DEEPSEEK_SOURCE, 'DeepSeek Reasoner (V4 Flash, thinking; retired)', {
    endOfLife: '2026-07-24',
    successor: 'deepseek-v4-flash',
    source: DEEPSEEK_RETIREMENT,
  }),
  entry('deepseek-*', 'deepseek', DEEPSEEK_V4_PRO, DEEPSEEK_SOURCE, 'DeepSeek models (priced as V4 Pro unless listed)'),

  entry('doubao-seed-1-6-250615', 'ark', DOUBAO_SEED_1_6_PRICES, ARK_SOURCE, 'Doubao Seed 1.6'),
  entry('doubao-seed-1-6-flash-250615', 'ark', DOUBAO_SEED_1_6_FLASH_PRICES, ARK_SOURCE, 'Doubao Seed 1.6 Flash'),
  entry('doubao-*', 'ark', DOUBAO_SEED_1_6_PRICES, ARK_SOURCE, 'Doubao models'),
  // Ark inference endpoint ids (`ep-...`) are not matched by a pattern: they are caller-chosen text until the
  // operator lists them (`tollgate models set ep-... --provider ark ...`, or TOLLGATE_ARK_ENDPOINT_IDS).

  // Claude: dated ids (claude-sonnet-4-5-20250929, as Claude Code sends them) match the family patterns.
  entry('claude-fable-5', 'anthropic', CLAUDE_FABLE_5, ANTHROPIC_3P_SOURCE, 'Claude Fable 5'),
  entry('claude-fable-*', 'anthropic', CLAUDE_FABLE_5, ANTHROPIC_3P_SOURCE, 'Claude Fable models (priced as Fable 5 unless listed)'),
  entry('claude-mythos-5', 'anthropic', CLAUDE_FABLE_5, ANTHROPIC_3P_SOURCE, 'Claude Mythos 5'),
  entry(
    'claude-mythos-preview',
    'anthropic',
    CLAUDE_FABLE_5,
    `${ANTHROPIC_3P_SOURCE}; priced as Mythos 5 (its own price not confirmed)`,
    'Claude Mythos Preview (retired)',
    {
      endOfLife: '2026-06-30',
      successor: 'claude-mythos-5',
      source: ANTHROPIC_EOL,
    },
  ),
  entry('claude-mythos-*', 'anthropic', CLAUDE_FABLE_5, ANTHROPIC_3P_SOURCE, 'Claude Mythos models (priced as Mythos 5 unless listed)'),
  entry('claude-opus-5', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_3P_SOURCE, 'Claude Opus 5'),
  entry('claude-opus-5-5', 'anthropic', CLAUDE_OPUS_5_5, ANTHROPIC_3P_SOURCE, 'Claude Opus 5.5'),
  entry('claude-opus-4-8', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_3P_SOURCE, 'Claude Opus 4.8'),
  entry('claude-opus-4-7', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_3P_SOURCE, 'Claude Opus 4.7'),
  entry('claude-opus-4-6', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_SOURCE, 'Claude Opus 4.6'),
  entry('claude-opus-4-5', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_SOURCE, 'Claude Opus 4.5', {
    endOfLife: '2027-01-22',
    successor: 'claude-opus-4-6',
    source: ANTHROPIC_EOL,
  }),
  entry('claude-opus-4-5-*', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_SOURCE, 'Claude Opus 4.5 (dated ids)', {
    endOfLife: '2027-01-22',
    successor: 'claude-opus-4-6',
    source: ANTHROPIC_EOL,
  }),
  entry('claude-opus-4-1', 'anthropic', CLAUDE_OPUS_4_1, ANTHROPIC_SOURCE, 'Claude Opus 4.1'),
  entry('claude-opus-4-1*', 'anthropic', CLAUDE_OPUS_4_1, ANTHROPIC_SOURCE, 'Claude Opus 4.1 (dated ids)'),
  entry('claude-opus-4-0*', 'anthropic', CLAUDE_OPUS_4_1, ANTHROPIC_SOURCE, 'Claude Opus 4 (dated ids)'),
  entry('claude-opus-4-2*', 'anthropic', CLAUDE_OPUS_4_1, ANTHROPIC_SOURCE, 'Claude Opus 4 (claude-opus-4-2025... ids)'),
  entry('claude-opus-*', 'anthropic', CLAUDE_OPUS_4_5, ANTHROPIC_SOURCE, 'Claude Opus models (priced as Opus 4.6 unless listed)'),
  entry('claude-sonnet-5', 'anthropic', CLAUDE_SONNET_5, ANTHROPIC_3P_SOURCE, 'Claude Sonnet 5'),
  entry('claude-sonnet-5-5', 'anthropic', CLAUDE_SONNET_5, ANTHROPIC_3P_SOURCE, 'Claude Sonnet 5.5'),
  entry('claude-sonnet-4-6', 'anthropic', CLAUDE_SONNET_4_5, ANTHROPIC_SOURCE, 'Claude Sonnet 4.6'),
  entry('claude-sonnet-4-5', 'anthropic', CLAUDE_SONNET_4_5, ANTHROPIC_SOURCE, 'Claude Sonnet 4.5', {
    endOfLife: '2026-11-30',
    successor: 'claude-sonnet-4-6',
    source: ANTHROPIC_EOL,
  }),
  entry('claude-sonnet-4-5-*', 'anthropic', CLAUDE_SONNET_4_5, ANTHROPIC_SOURCE, 'Claude Sonnet 4.5 (dated ids)', {
    endOfLife: '2026-11-30',
    successor: 'claude-sonnet-4-6',
    source: ANTHROPIC_EOL,
  }),
  entry('claude-sonnet-*', 'anthropic', CLAUDE_SONNET_4_5, ANTHROPIC_SOURCE, 'Claude Sonnet models (priced as Sonnet 4.6 unless listed)'),
  entry('claude-haiku-4-5', 'anthropic', CLAUDE_HAIKU_4_5, ANTHROPIC_SOURCE, 'Claude Haiku 4.5'),
  entry('claude-haiku-4-5-*', 'anthropic', CLAUDE_HAIKU_4_5, ANTHROPIC_SOURCE, 'Claude Haiku 4.5 (dated ids)'),
  entry('claude-haiku-*', 'anthropic', CLAUDE_HAIKU_4_5, ANTHROPIC_SOURCE, 'Claude Haiku models (priced as Haiku 4.5 unless listed)'),
  entry('claude-*', 'anthropic', CLAUDE_SONNET_4_5, ANTHROPIC_SOURCE, 'Claude models (priced as Sonnet unless listed)'),

  entry('gemini-3.5-flash', 'gemini', GEMINI_3_5_FLASH, GEMINI_SOURCE, 'Gemini 3.5 Flash'),
  entry('gemini-3.1-pro-preview', 'gemini', GEMINI_3_PRO, GEMINI_SOURCE, 'Gemini 3.1 Pro (preview)'),
  entry('gemini-3-flash-preview', 'gemini', GEMINI_3_FLASH, GEMINI_SOURCE, 'Gemini 3 Flash (preview)'),
  entry('gemini-3.1-flash-lite-preview', 'gemini', GEMINI_3_1_FLASH_LITE, GEMINI_SOURCE, 'Gemini 3.1 Flash-Lite (preview)'),
  entry('gemini-3-pro-preview', 'gemini', GEMINI_3_PRO, GEMINI_SOURCE, 'Gemini 3 Pro (preview; shut down)', {
    endOfLife: '2026-03-09',
    successor: 'gemini-3.1-pro-preview',
    source: 'ai.google.dev/gemini-api/docs/models (Gemini 3 Pro Preview shut down on 2026-03-09)',
  }),
  entry('gemini-3.5-flash*', 'gemini', GEMINI_3_5_FLASH, GEMINI_SOURCE, 'Gemini 3.5 Flash versions'),
  entry('gemini-3-flash*', 'gemini', GEMINI_3_FLASH, GEMINI_SOURCE, 'Gemini 3 Flash versions'),
  entry('gemini-3.1-flash-lite*', 'gemini', GEMINI_3_1_FLASH_LITE, GEMINI_SOURCE, 'Gemini 3.1 Flash-Lite versions'),
  entry('gemini-3*', 'gemini', GEMINI_3_PRO, GEMINI_SOURCE, 'Gemini 3 models (priced as 3.1 Pro unless listed)'),
  entry('gemini-2.5-pro', 'gemini', GEMINI_2_5_PRO, GEMINI_SOURCE, 'Gemini 2.5 Pro'),
  entry('gemini-2.5-flash', 'gemini', GEMINI_2_5_FLASH, GEMINI_SOURCE, 'Gemini 2.5 Flash'),
  entry('gemini-2.5-flash-lite', 'gemini', GEMINI_2_5_FLASH_LITE, GEMINI_SOURCE, 'Gemini 2.5 Flash-Lite'),
  entry('gemini-2.5-flash-lite*', 'gemini', GEMINI_2_5_FLASH_LITE, GEMINI_SOURCE, 'Gemini 2.5 Flash-Lite versions'),
  entry('gemini-2.5-flash*', 'gemini', GEMINI_2_5_FLASH, GEMINI_SOURCE, 'Gemini 2.5 Flash versions'),
  entry('gemini-*', 'gemini', GEMINI_2_5_PRO, GEMINI_SOURCE, 'Gemini models (priced as 2.5 Pro unless listed)'),
];
