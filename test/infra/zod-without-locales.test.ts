import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { buildSync } from 'esbuild';
import { z as fullZod } from 'zod';
import { ZOD_WITHOUT_LOCALES } from '../../lib/functions/tollgate-function';

/** What lib/functions/zod-without-locales leaves out of `z`, on purpose. */
const LEFT_OUT = [
  'compile',
  'core',
  'fromJSONSchema',
  'locales',
  'toJSONSchema',
  'toZod',
  'withParser',
  'ZodCompileAsyncError',
  'ZodCompileUnsupportedError',
];

/** The alias target as the function bundles get it: bundled by esbuild, then evaluated. */
function bundledLeanZod(): typeof fullZod {
  const [output] = buildSync({
    entryPoints: [ZOD_WITHOUT_LOCALES],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
  }).outputFiles;
  const module = { exports: {} as { z: typeof fullZod } };
  runInNewContext(output.text, { module, exports: module.exports, require });
  return module.exports.z;
}

/** Every `z.<name>` the runtime code uses. */
function namesUsedInLambdaCode(): string[] {
  const root = path.join(__dirname, '..', '..', 'lambda');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  const names = files.flatMap((file) =>
    [...readFileSync(path.join(root, file), 'utf8').matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)].map((m) => m[1]),
  );
  return [...new Set(names)].sort();
}

describe('zod without locales (the bundles’ `zod`)', () => {
  const lean = bundledLeanZod();

  it("has every export of zod's own `z` but the ones left out on purpose", () => {
    expect(
      Object.keys(fullZod)
        .filter((name) => !(name in lean))
        .sort(),
    ).toEqual([...LEFT_OUT].sort());
  });

  it('has everything the runtime code calls on `z` (names only used as types excepted)', () => {
    const runtimeNames = namesUsedInLambdaCode().filter((name) => name in fullZod);
    expect(runtimeNames.filter((name) => !(name in lean))).toEqual([]);
    expect(runtimeNames).toEqual(expect.arrayContaining(['object', 'string', 'union']));
  });

  it('validates and reports in English, as zod does', () => {
    const schema = (z: typeof fullZod) => z.object({ model: z.string(), stream: z.boolean().optional() });
    const input = { model: 42 };
    expect(schema(lean).safeParse(input).error?.issues).toEqual(schema(fullZod).safeParse(input).error?.issues);
    expect(schema(lean).safeParse(input).error?.issues[0].message).toBe('Invalid input: expected string, received number');
    expect(schema(lean).parse({ model: 'm', stream: true })).toEqual({ model: 'm', stream: true });
  });
});
