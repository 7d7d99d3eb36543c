import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';

/** Packages the Lambda Node.js runtime provides (`/var/runtime/node_modules`), left out of the bundles. */
export const RUNTIME_PROVIDED_MODULES = ['@aws-sdk/*'] as const;

/** What the bundles get for `import ... from 'zod'`: zod's classic API without its locales (see the module). */
export const ZOD_WITHOUT_LOCALES = path.join(__dirname, 'zod-without-locales', 'index.ts');

/** zod's JSON Schema converters, which zod's classic schemas import for `.toJSONSchema()` and `~standard.jsonSchema`. */
const ZOD_JSON_SCHEMA_MODULES = /[\\/]zod[\\/]v4[\\/]core[\\/](json-schema-processors|to-json-schema)\.js$/;

/** What the bundles run when something asks zod for a JSON Schema: nothing in the gateway does (see the plugin). */
export const JSON_SCHEMA_LEFT_OUT_MESSAGE =
  "zod's JSON Schema conversion is left out of the Lambda bundles (lib/functions/handler-bundle.ts)";

/** The names a zod module exports, from its plain ES module text (`export function|const|class x`, `export { a as b }`). */
export function exportedNames(moduleText: string): string[] {
  const names = [...moduleText.matchAll(/^export (?:function|const|let|class) ([A-Za-z_$][\w$]*)/gm)].map((match) => match[1]);
  for (const [, list] of moduleText.matchAll(/^export \{([^}]*)\}/gm)) {
    for (const item of list.split(',')) {
      const name = item
        .trim()
        .split(/\s+as\s+/)
        .pop();
      if (name) names.push(name);
    }
  }
  return [...new Set(names)];
}

/**
 * Replaces zod's two JSON Schema modules (~20 KB minified) by one whose exports all throw
 * {@link JSON_SCHEMA_LEFT_OUT_MESSAGE} when called. zod's classic schemas import them unconditionally, but only call
 * them to build a JSON Schema (`toJSONSchema`, `~standard.jsonSchema`, the `minLength`/`format` getters), which the
 * gateway never asks for; the factories (`create...Method`) return a throwing method, so that reading `~standard`
 * (validation by a Standard Schema consumer) still works. Every import of the two files is replaced, so no path can
 * reach the real code.
 */
export const zodWithoutJsonSchema: Plugin = {
  name: 'zod-without-json-schema',
  setup(bundle) {
    bundle.onLoad({ filter: ZOD_JSON_SCHEMA_MODULES }, (args) => {
      const exports = exportedNames(readFileSync(args.path, 'utf8')).map(
        (name) => `export const ${name} = ${/^create\w*Method$/.test(name) ? '() => leftOut' : 'leftOut'};`,
      );
      const contents = [`function leftOut() { throw new Error(${JSON.stringify(JSON_SCHEMA_LEFT_OUT_MESSAGE)}); }`, ...exports].join('\n');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * esbuild's options for one function's bundle: CommonJS for Node.js 24, minified, tree-shaken, `zod` aliased to
 * {@link ZOD_WITHOUT_LOCALES} and its JSON Schema modules replaced ({@link zodWithoutJsonSchema}), the AWS SDK left to
 * the runtime, and a linked source map file (`index.js.map`, no sources content) that Node only reads with
 * `--enable-source-maps`.
 */
export function handlerBuildOptions(entry: string, outputDir: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile: path.join(outputDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    external: [...RUNTIME_PROVIDED_MODULES],
    alias: { zod: ZOD_WITHOUT_LOCALES },
    plugins: [zodWithoutJsonSchema],
    logLevel: 'warning',
  };
}

/** Bundles the handler module `entry` into `outputDir/index.js` (+ `index.js.map`). */
export async function bundleHandler(entry: string, outputDir: string): Promise<void> {
  await build(handlerBuildOptions(entry, outputDir));
}

// `node --import tsx lib/functions/handler-bundle.ts <entry> <outputDir>`: how synth runs it (./handler-bundling.ts),
// in its own process because esbuild plugins need the asynchronous API and CDK bundles synchronously.
if (require.main === module) {
  const [entry, outputDir] = process.argv.slice(2);
  if (!entry || !outputDir) throw new Error('usage: handler-bundle.ts <entry> <outputDir>');
  bundleHandler(entry, outputDir).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
