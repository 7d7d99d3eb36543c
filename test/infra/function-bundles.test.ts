import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';
import { JSON_SCHEMA_LEFT_OUT_MESSAGE } from '../../lib/functions/handler-bundle';
import { functionBundles, type FunctionBundles } from '../support/function-bundles';
import { synthesize, type Synthesized } from './support/synthesize';

/**
 * The largest bundle (minified `index.js`) either function may ship; a cold start parses all of it.
 * The inference bundle measured 299.1 KiB on 2026-11-29 (Powertools Logger + Metrics ~30 KiB, zod ~112 KiB without its
 * locales and JSON Schema converters, the translators ~73 KiB), then 300.6 KiB with the upstream HTTP client on
 * `node:http(s)` instead of the global `fetch` (lambda/http/upstream-request.ts, ~1.2 KiB: less CPU per request). To see where the bytes go, build with esbuild's
 * `metafile` option (`handlerBuildOptions` in lib/functions/handler-bundle.ts) and sort its inputs by `bytesInOutput`.
 */
const MAX_BUNDLE_BYTES = 302 * 1024;

let synthesized: Synthesized;
let bundles: FunctionBundles;

beforeAll(() => {
  synthesized = synthesize();
  bundles = functionBundles(synthesized);
});

/** The module names a bundle still `require`s at run time. */
function externalRequires(bundle: string): string[] {
  const code = readFileSync(path.join(bundle, 'index.js'), 'utf8');
  return [...new Set([...code.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1]))].sort();
}

describe.each(['inference', 'account'] as const)('the %s bundle', (name) => {
  it(`is at most ${MAX_BUNDLE_BYTES / 1024} KB minified`, () => {
    const bytes = statSync(path.join(bundles[name], 'index.js')).size;
    expect(bytes).toBeLessThanOrEqual(MAX_BUNDLE_BYTES);
  });

  it('requires nothing but Node.js built-ins and AWS SDK packages the Lambda runtime ships', () => {
    const builtins = new Set(builtinModules);
    const outside = externalRequires(bundles[name]).filter(
      (module) => !module.startsWith('node:') && !builtins.has(module) && !/^@aws-sdk\/(client-[a-z0-9-]+|lib-dynamodb)$/.test(module),
    );
    expect(outside).toEqual([]);
  });

  it("carries none of zod's locales (only the English messages zod's schemas configure)", () => {
    const code = readFileSync(path.join(bundles[name], 'index.js'), 'utf8');
    // From zod's German locale ("Ungültige Eingabe: erwartet ..."); its English twin is "Invalid input: expected".
    expect(code).not.toContain('Eingabe: erwartet');
  });

  it("carries none of zod's JSON Schema converters (lib/functions/handler-bundle.ts)", () => {
    const code = readFileSync(path.join(bundles[name], 'index.js'), 'utf8');
    // From zod's to-json-schema.js ("Cycle detected: ..." when a schema refers to itself).
    expect(code).not.toContain('Cycle detected');
  });
});

it("the inference bundle has the throwing stand-in for zod's JSON Schema modules", () => {
  // The inference bundle validates every request with zod (the account bundle, for now, only stored items).
  expect(readFileSync(path.join(bundles.inference, 'index.js'), 'utf8')).toContain(JSON_SCHEMA_LEFT_OUT_MESSAGE);
});

it('the bundles take the AWS SDK from the runtime instead of carrying it', () => {
  for (const bundle of [bundles.inference, bundles.account]) {
    expect(externalRequires(bundle)).toEqual(expect.arrayContaining(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']));
  }
  expect(externalRequires(bundles.inference)).toContain('@aws-sdk/client-secrets-manager');
});
