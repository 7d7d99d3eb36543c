import type { ResolvedModel } from '../core/catalog';

/** The answer header that tells a caller its model is being (or has been) retired by the provider. */
export const DEPRECATION_HEADER = 'x-tollgate-model-deprecation';

/**
 * The notice for a model the provider retires, named by its catalog entry (never the caller's text).
 * Before the end of life it says when; after it, that the provider may refuse the name and how the
 * operator routes it to the successor without a redeploy. The gateway itself never silently swaps
 * a model: a different model is the operator's decision (`tollgate models set NAME --alias-of ...`).
 */
export function deprecationNotice(model: ResolvedModel, now: Date): string | undefined {
  const deprecation = model.deprecation;
  if (!deprecation) return undefined;
  const successor = deprecation.successor ? `; successor: ${deprecation.successor}` : '';
  if (now.toISOString().slice(0, 10) <= deprecation.endOfLife) {
    return `${model.recordedName} reaches end of life on ${deprecation.endOfLife}${successor}`;
  }
  const route = deprecation.successor ? ` (operator: tollgate models set ${model.recordedName} --alias-of ${deprecation.successor})` : '';
  return `${model.recordedName} reached end of life on ${deprecation.endOfLife}; the provider may refuse it${successor}${route}`;
}
