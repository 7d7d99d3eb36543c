import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { Command } from '@commander-js/extra-typings';
import { targetOptions } from './target';
import { dataDirectory, readRuntimeInfo } from '../local/runtime-info';
import type { CliContext } from './cli-context';
import { CliError, EXIT_BAD_INPUT, EXIT_UNAVAILABLE } from './cli-error';
import { formatJson } from './output';
import { runSmoke, type SmokeStep } from './smoke-checks';

/** The gateway stack's output with the clients' base URL (lib/gateway-stack.ts). */
export const API_URL_OUTPUT = 'ApiUrl';

const LABELS: Readonly<Record<SmokeStep['outcome'], string>> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' };

async function stackApiUrl(stack: string, region: string): Promise<string> {
  const cloudFormation = new CloudFormationClient({ region });
  try {
    const { Stacks } = await cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    const url = Stacks?.[0]?.Outputs?.find((output) => output.OutputKey === API_URL_OUTPUT)?.OutputValue;
    if (!url)
      throw new CliError(`Stack '${stack}' in ${region} has no output '${API_URL_OUTPUT}'. Is it a Tollgate stack?`, EXIT_UNAVAILABLE);
    return url;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new CliError(`Cannot read stack '${stack}' in ${region}: ${reason}`, EXIT_UNAVAILABLE);
  } finally {
    cloudFormation.destroy();
  }
}

/** `--url`, else the stack's ApiUrl output (`--stack`), else the running `npm start` of this data directory. */
async function gatewayUrl(options: { url?: string; stack?: string; region?: string }): Promise<string> {
  if (options.url) return options.url;
  if (options.stack) {
    const region = options.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
    if (!region) throw new CliError('--stack needs a region: pass --region R (or set AWS_REGION).', EXIT_BAD_INPUT);
    return stackApiUrl(options.stack, region);
  }
  const running = readRuntimeInfo(dataDirectory());
  if (running) return running.gatewayUrl;
  throw new CliError('Name the gateway: --url URL, or --stack NAME --region R (or start it with `npm start`).', EXIT_BAD_INPUT);
}

function printStep(stream: NodeJS.WritableStream, step: SmokeStep): void {
  stream.write(`${LABELS[step.outcome]}  ${step.step.padEnd(36)} ${step.detail}\n`);
  if (step.fix) stream.write(`      fix: ${step.fix}\n`);
}

/**
 * `tollgate smoke`: checks a live gateway end to end with one API key, right after `cdk deploy` (or against
 * `npm start`). Prints a line per step and fails (exit code 1) when any step fails, saying what to fix.
 */
export function smokeCommand(context: CliContext) {
  return new Command('smoke')
    .description(
      'check a live gateway end to end: the model list with the key, one small streamed request per provider with a key, its usage records',
    )
    .option('--url <url>', "the gateway's base URL (default: --stack's ApiUrl output, or the running npm start)")
    .option('--key <key>', 'an API key the gateway issued (default: $TOLLGATE_KEY)')
    .option(
      '--model <model>',
      'stream from this model instead of one per provider (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--json', 'print JSON')
    .action(async (options, command) => {
      const globals = targetOptions(command.optsWithGlobals());
      const key = options.key ?? process.env.TOLLGATE_KEY;
      if (!key) throw new CliError('Pass an API key: --key KEY (or set TOLLGATE_KEY).', EXIT_BAD_INPUT);
      const baseUrl = await gatewayUrl({ url: options.url, stack: globals.stack, region: globals.region });
      if (!options.json) context.stdout.write(`Smoke test of ${baseUrl}\n`);
      const steps = await runSmoke({
        baseUrl,
        key,
        models: options.model,
        onStep: options.json ? undefined : (step) => printStep(context.stdout, step),
      });
      const failed = steps.filter((step) => step.outcome === 'fail').length;
      if (options.json) context.stdout.write(formatJson({ url: baseUrl, ok: failed === 0, steps }));
      else context.stdout.write(failed === 0 ? 'All checks passed.\n' : `${failed} check(s) failed.\n`);
      if (failed > 0) throw new CliError(`smoke test failed (${failed} of ${steps.length} checks)`, 1);
    });
}
