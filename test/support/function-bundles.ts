import { mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { logicalId, synthesize, type Synthesized } from '../infra/support/synthesize';

const REPOSITORY = path.join(__dirname, '..', '..');

/** The asset directories CDK bundled for the two functions (`index.js` + `index.js.map`). */
export interface FunctionBundles {
  readonly inference: string;
  readonly account: string;
}

/** The directory of a function's asset in the synthesized cloud assembly, found through its `Code.S3Key`. */
export function bundleDirectory(synthesized: Synthesized, fn: Parameters<typeof logicalId>[0]): string {
  const resource = synthesized.gatewayTemplate.toJSON().Resources[logicalId(fn)];
  const hash = String(resource.Properties.Code.S3Key).replace(/\.zip$/, '');
  return path.join(synthesized.app.outdir, `asset.${hash}`);
}

/** The bundles of an already synthesized app. */
export function functionBundles(synthesized: Synthesized): FunctionBundles {
  return {
    inference: bundleDirectory(synthesized, synthesized.gateway.functions.inference),
    account: bundleDirectory(synthesized, synthesized.gateway.functions.account),
  };
}

/**
 * Synthesizes the app (as `cdk synth` does, from cdk.json's context) into a fresh directory under the system's temporary
 * directory, away from the repository's node_modules: a bundle loaded from there cannot find a package it left out by
 * walking up the directory tree, as in Lambda (`/var/task`).
 */
export function synthesizeBundles(): FunctionBundles {
  return functionBundles(synthesize({}, mkdtempSync(path.join(tmpdir(), 'tollgate-synth-'))));
}

/**
 * A stand-in for `/var/runtime/node_modules`, the directory the Lambda Node.js runtime puts on `NODE_PATH`: the
 * `@aws-sdk/*` packages of this repository (every client and lib-dynamodb are in the runtime), and nothing else.
 * In the runtime, `@smithy/*` lives under `@aws-sdk/node_modules/` where a function's `require` cannot reach it, so it
 * is left out here too; each SDK package still finds its own dependencies from its real location.
 * Returns the directory to put on `NODE_PATH`.
 */
export function lambdaRuntimeModules(): string {
  const modules = path.join(mkdtempSync(path.join(tmpdir(), 'tollgate-runtime-')), 'node_modules');
  mkdirSync(path.join(modules, '@aws-sdk'), { recursive: true });
  const sdk = path.join(REPOSITORY, 'node_modules', '@aws-sdk');
  for (const name of readdirSync(sdk)) symlinkSync(path.join(sdk, name), path.join(modules, '@aws-sdk', name), 'dir');
  return modules;
}
