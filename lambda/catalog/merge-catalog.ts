import { findCatalogEntry, type CatalogEntry } from '../core/catalog';
import { CatalogDocumentError, type CatalogDocument, type OperatorModel } from './catalog-document';

const OPERATOR_SOURCE = 'set by the operator';

function isAlias(model: OperatorModel): model is Extract<OperatorModel, { aliasOf: string }> {
  return 'aliasOf' in model;
}

/**
 * The catalog the gateway serves: the built-in entries minus the ones the operator removed, with
 * the operator's models replacing built-in entries of the same name, then the operator's aliases,
 * each resolved to the model it points at (its provider, upstream id and prices; an alias cannot
 * point at another alias). Exact names still win over patterns at lookup (`findCatalogEntry`).
 */
export function mergeCatalog(builtIn: readonly CatalogEntry[], document: CatalogDocument): CatalogEntry[] {
  const removed = new Set(document.removed);
  const operatorNames = new Set(Object.keys(document.models));
  const merged: CatalogEntry[] = builtIn.filter((entry) => !removed.has(entry.pattern) && !operatorNames.has(entry.pattern));
  const aliases: Array<[string, Extract<OperatorModel, { aliasOf: string }>]> = [];
  for (const [name, model] of Object.entries(document.models)) {
    if (isAlias(model)) {
      aliases.push([name, model]);
      continue;
    }
    merged.push({
      pattern: name,
      provider: model.provider,
      ...(model.upstreamModel ? { upstreamModel: model.upstreamModel } : {}),
      prices: {
        input: model.prices.input,
        output: model.prices.output,
        cacheRead: model.prices.cacheRead ?? model.prices.input,
        cacheWrite: model.prices.cacheWrite ?? model.prices.input,
      },
      pricesSource: model.pricesSource ?? OPERATOR_SOURCE,
      displayName: model.displayName ?? name,
    });
  }
  const targets = [...merged];
  for (const [name, alias] of aliases) {
    if (operatorNames.has(alias.aliasOf) && isAlias(document.models[alias.aliasOf])) {
      throw new CatalogDocumentError(`The alias '${name}' points at '${alias.aliasOf}', which is itself an alias: point it at a model.`);
    }
    const target = findCatalogEntry(alias.aliasOf, targets);
    if (!target) throw new CatalogDocumentError(`The alias '${name}' points at '${alias.aliasOf}', which the catalog does not serve.`);
    merged.push({
      pattern: name,
      provider: target.provider,
      upstreamModel: target.upstreamModel ?? alias.aliasOf,
      prices: target.prices,
      pricesSource: target.pricesSource,
      displayName: alias.displayName ?? `${name} (alias of ${alias.aliasOf})`,
    });
  }
  return merged;
}
