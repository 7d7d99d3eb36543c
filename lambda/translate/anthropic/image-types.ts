/**
 * Image media types Anthropic accepts (the narrowest list among the providers).
 * https://docs.anthropic.com/en/docs/build-with-claude/vision
 */
export const ANTHROPIC_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
