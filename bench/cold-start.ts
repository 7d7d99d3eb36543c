/**
 * `npm run bench` (first part): what a cold start of each function costs in module initialisation.
 *
 * Synthesizes the app as `cdk synth` does (into a temporary directory), then starts fresh Node.js processes that each
 * `require` one synthesized bundle the way the Lambda runtime loads a handler: the AWS SDK resolved through `NODE_PATH`
 * from a stand-in for the runtime's own modules, an `awslambda` global, the function's environment. Each process
 * reports `performance.now()` (milliseconds since it started) once the module is loaded; an empty process, started in
 * turn with the others, is the baseline. Prints the median of ROUNDS processes per case and the bundle sizes.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import * as path from 'node:path';
import { lambdaRuntimeModules, synthesizeBundles } from '../test/support/function-bundles';
import { TABLE_NAME_ENV } from '../lambda/store/tables';

const ROUNDS = 15;
/** The goal: module init at most this much more than an empty Node.js process. */
const INIT_BUDGET_MS = 50;

/** The runtime's `awslambda` global, as far as a module needs it while loading (middy and streamingLambda wrap the handler). */
const AWSLAMBDA_STUB = 'globalThis.awslambda={streamifyResponse:(f)=>f,HttpResponseStream:{from:(s)=>s}};';
const REPORT = 'process.stdout.write(String(performance.now()));';

function functionEnvironment(runtimeModules: string, serviceName: string): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_PATH: runtimeModules,
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: serviceName,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    POWERTOOLS_SERVICE_NAME: serviceName,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TOLLGATE_UPSTREAM_KEYS_SECRET: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:upstream-keys',
  };
  // Any names do: nothing reaches DynamoDB while the module loads.
  for (const [id, variable] of Object.entries(TABLE_NAME_ENV)) environment[variable] = `tollgate-${id}`;
  return environment;
}

/** Milliseconds from process start to the end of `code`, in a fresh process. */
function timeProcess(code: string, environment: NodeJS.ProcessEnv): number {
  const result = spawnSync(process.execPath, ['-e', `${AWSLAMBDA_STUB}${code}${REPORT}`], { env: environment, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`The measured process failed:\n${result.stderr}`);
  return Number(result.stdout);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  process.stderr.write('Synthesizing the app (bundles the functions)...\n');
  const bundles = synthesizeBundles();
  const runtimeModules = lambdaRuntimeModules();
  const cases: Record<string, { code: string; environment: NodeJS.ProcessEnv }> = {
    'empty process': { code: '', environment: functionEnvironment(runtimeModules, 'empty') },
    'AWS SDK clients alone': {
      code: "require('@aws-sdk/client-dynamodb');require('@aws-sdk/lib-dynamodb');require('@aws-sdk/client-secrets-manager');",
      environment: functionEnvironment(runtimeModules, 'sdk'),
    },
    inference: {
      code: `require(${JSON.stringify(path.join(bundles.inference, 'index.js'))});`,
      environment: functionEnvironment(runtimeModules, 'tollgate-inference'),
    },
    account: {
      code: `require(${JSON.stringify(path.join(bundles.account, 'index.js'))});`,
      environment: functionEnvironment(runtimeModules, 'tollgate-account'),
    },
  };
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, { code, environment }] of Object.entries(cases)) samples[name].push(timeProcess(code, environment));
  }

  const baseline = median(samples['empty process']);
  console.log(`\nCold module init (median of ${ROUNDS} fresh processes each; load average ${loadavg()[0].toFixed(2)})`);
  console.log('case                     ready at   over empty   bundle');
  for (const name of Object.keys(cases)) {
    const ready = median(samples[name]);
    const bundle = name === 'inference' || name === 'account' ? bundles[name] : undefined;
    const size = bundle ? `${(statSync(path.join(bundle, 'index.js')).size / 1024).toFixed(0)} KB` : '';
    const over = name === 'empty process' ? '' : `${(ready - baseline).toFixed(1)} ms`;
    console.log(`${name.padEnd(24)} ${`${ready.toFixed(1)} ms`.padStart(9)} ${over.padStart(12)}   ${size}`);
  }
  const worst = Math.max(median(samples.inference), median(samples.account)) - baseline;
  console.log(
    `goal: at most ${INIT_BUDGET_MS} ms over an empty process: ${worst <= INIT_BUDGET_MS ? 'met' : 'NOT met'} (${worst.toFixed(1)} ms)`,
  );
}

main();
