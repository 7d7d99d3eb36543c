import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { readConfig } from '../../../lib/config';
import { addTollgateStacks, type TollgateStacks } from '../../../lib/tollgate-app';

export const TEST_ACCOUNT = '123456789012';
export const TEST_REGION = 'eu-west-1';

export interface Synthesized extends TollgateStacks {
  readonly app: App;
  readonly edgeTemplate: Template;
  readonly gatewayTemplate: Template;
}

/** The context block of cdk.json (feature flags and tollgate defaults), so tests synthesize what `cdk synth` does. */
const CDK_JSON_CONTEXT = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'cdk.json'), 'utf8')).context as Record<
  string,
  unknown
>;

/**
 * Builds the whole app the way bin/app.ts does, from cdk.json's context plus `overrides` (`tollgate:*` keys),
 * and synthesizes both stacks once. Bundling the functions is the slow part: call this once per test file (beforeAll).
 * `outdir` is where the cloud assembly goes (templates, bundled assets). @default a fresh temporary directory
 */
export function synthesize(overrides: Record<string, unknown> = {}, outdir?: string): Synthesized {
  const app = new App({ outdir, context: { ...CDK_JSON_CONTEXT, 'tollgate:region': TEST_REGION, ...overrides } });
  const stacks = addTollgateStacks(app, readConfig(app.node, { CDK_DEFAULT_ACCOUNT: TEST_ACCOUNT }));
  return {
    app,
    ...stacks,
    edgeTemplate: Template.fromStack(stacks.edge),
    gatewayTemplate: Template.fromStack(stacks.gateway),
  };
}

/** The logical id CDK gave a construct's CloudFormation resource (derived, never hard-coded). */
export function logicalId(construct: IConstruct): string {
  const resource = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).getLogicalId(resource);
}
