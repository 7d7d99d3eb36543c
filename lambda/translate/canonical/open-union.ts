import { z } from 'zod';

function tagOf(value: unknown, tag: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (Object.getOwnPropertyDescriptor(value, tag)?.value as unknown)
    : undefined;
}

/**
 * For bodies passed through to the provider of the same protocol: an object whose `tag` names one of
 * `known`'s options is validated as that option (the issues name its fields); an object with any
 * other string tag passes untouched, so the provider's newer block types and roles keep working.
 * The output is the input: pass-through callers forward the original body, not a parsed copy.
 */
export function openTaggedUnion(tag: string, known: z.ZodDiscriminatedUnion): z.ZodType<unknown> {
  const knownTags = new Set(known._zod.propValues[tag]);
  return z.unknown().superRefine((value, context) => {
    const name = tagOf(value, tag);
    if (typeof name === 'string' && !knownTags.has(name)) return;
    const parsed = known.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) context.addIssue({ ...issue });
  });
}
