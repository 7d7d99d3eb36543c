import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { AssetHashType, DockerImage, type ILocalBundling } from 'aws-cdk-lib';
import { Code } from 'aws-cdk-lib/aws-lambda';

const REPOSITORY = path.join(__dirname, '..', '..');
/** The bundler script (esbuild with a plugin), run with tsx. */
const BUNDLER = path.join(__dirname, 'handler-bundle.ts');

/**
 * Bundles on the machine that synthesizes, with esbuild's API (./handler-bundle.ts) in a child process.
 * `NodejsFunction` cannot do this: it runs the esbuild command line, which takes no plugins.
 * Its fields are part of CDK's bundling cache key: two entries never share a bundle.
 */
class HandlerBundling implements ILocalBundling {
  constructor(
    readonly entry: string,
    private readonly afterBundling?: (inputDir: string, outputDir: string) => string[],
  ) {}

  tryBundle(outputDir: string): boolean {
    run(process.execPath, ['--import', 'tsx', BUNDLER, this.entry, outputDir]);
    for (const command of this.afterBundling?.(REPOSITORY, outputDir) ?? []) run('bash', ['-c', command]);
    return true;
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: REPOSITORY, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`Bundling failed (exit ${result.status ?? result.signal}): ${[command, ...args].join(' ')}`);
}

/**
 * A function's code: the handler module `entry` bundled into `index.js` (export `handler`), then `afterBundling`'s
 * shell commands (run from the repository) that add files beside it. The asset is hashed by its output, as
 * `NodejsFunction` does, so an unchanged bundle publishes no new version.
 */
export function handlerCode(entry: string, afterBundling?: (inputDir: string, outputDir: string) => string[]): Code {
  return Code.fromAsset(REPOSITORY, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      local: new HandlerBundling(entry, afterBundling),
      // Never pulled: local bundling always succeeds or throws. CDK requires an image for the Docker fallback.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs24.x'),
    },
  });
}
