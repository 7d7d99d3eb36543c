import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { z as fullZod } from 'zod';
import { JSON_SCHEMA_LEFT_OUT_MESSAGE, ZOD_WITHOUT_LOCALES, zodWithoutJsonSchema } from '../../lib/functions/handler-bundle';

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

/** The alias target as the function bundles get it: bundled by esbuild (with the bundles' zod plugin), then evaluated. */
async function bundledLeanZod(): Promise<typeof fullZod> {
  const [output] = (
    await build({
      entryPoints: [ZOD_WITHOUT_LOCALES],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      plugins: [zodWithoutJsonSchema],
    })
  ).outputFiles;
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
  let lean: typeof fullZod;
  beforeAll(async () => {
    lean = await bundledLeanZod();
  });

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

  it('throws a clear error instead of converting to JSON Schema, and still validates as a Standard Schema', () => {
    expect(() => lean.object({ model: lean.string() }).toJSONSchema()).toThrow(JSON_SCHEMA_LEFT_OUT_MESSAGE);
    expect(() => lean.string().max(3).maxLength).toThrow(JSON_SCHEMA_LEFT_OUT_MESSAGE);
    const standard = lean.string()['~standard'];
    expect(standard.validate('ok')).toEqual({ value: 'ok' });
    expect(() => standard.jsonSchema.input({ target: 'draft-2020-12' })).toThrow(JSON_SCHEMA_LEFT_OUT_MESSAGE);
    // zod's own converters, for comparison: the plugin changes the bundle only.
    expect(fullZod.string().max(3).maxLength).toBe(3);
  });
});
