import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import OpenAI from 'openai';
import { issueApiKey } from '../../../lambda/core/issue-api-key';
import { AccountsRepository } from '../../../lambda/store/accounts-repository';
import { ApiKeysRepository } from '../../../lambda/store/api-keys-repository';
import type { UsageRecord } from '../../../lambda/store/usage-repository';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { lambdaRuntimeModules, synthesizeBundles } from '../../support/function-bundles';
import { createTestStore, type TestStore } from '../../support/test-store';

const ROOT = path.join(__dirname, '..', '..', '..');
const CANARY = 'CANARY-bundle-5e1b-do-not-log';

/** The environment of a fresh Lambda-like process: none of the test run's settings leak in. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('TOLLGATE_') && !name.endsWith('_API_KEY') && name !== 'NODE_PATH') environment[name] = value;
  return { ...environment, ...extra };
}

interface ServedBundles {
  readonly child: ChildProcess;
  readonly url: string;
  output(): string;
}

/** Starts test/support/serve-bundles.ts in its own process and waits for its `listening` line. */
async function serveBundles(inference: string, account: string, environment: NodeJS.ProcessEnv): Promise<ServedBundles> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'test/support/serve-bundles.ts', inference, account], {
    cwd: ROOT,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The bundles did not start within 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', () => {
      const match = /listening (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`The bundles' process exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output };
}

describe('the synthesized function bundles, as Lambda loads them, behind the local API Gateway stand-in', () => {
  let upstreams: FakeUpstreams;
  let store: TestStore;
  let served: ServedBundles;
  let accountId: string;
  let key: string;

  beforeAll(async () => {
    const bundles = synthesizeBundles();
    upstreams = await startFakeUpstreams();
    store = await createTestStore();
    accountId = `acct_bundle${Math.random().toString(36).slice(2, 10)}`;
    await new AccountsRepository(store.documentClient, store.tableNames.accounts).create({
      accountId,
      email: `${accountId}@example.com`,
      status: 'active',
      createdAt: new Date().toISOString(),
    });
    key = (await issueApiKey(new ApiKeysRepository(store.documentClient, store.tableNames.apiKeys), accountId)).key;
    served = await serveBundles(
      bundles.inference,
      bundles.account,
      cleanEnvironment({
        ...store.environment,
        ...upstreams.environment,
        // The Lambda runtime's module directory: the AWS SDK comes from there, as the bundles expect.
        NODE_PATH: lambdaRuntimeModules(),
        AWS_REGION: 'eu-west-1',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      }),
    );
  }, 180_000);

  afterAll(async () => {
    if (served) {
      const exited = new Promise((resolveExit) => served.child.once('exit', resolveExit));
      served.child.kill('SIGTERM');
      await exited;
    }
    store?.close();
    await upstreams?.close();
  });

  async function usageRecords(): Promise<UsageRecord[]> {
    const { Items } = await store.documentClient.send(
      new QueryCommand({
        TableName: store.tableNames.usage,
        KeyConditionExpression: 'accountId = :a',
        ExpressionAttributeValues: { ':a': accountId },
      }),
    );
    return (Items ?? []) as UsageRecord[];
  }

  /** The one usage record of a request; it is written after the response has ended, so poll briefly. */
  async function recordOf(requestId: string | null | undefined): Promise<UsageRecord> {
    expect(requestId).toBeTruthy();
    let matches: UsageRecord[] = [];
    for (let attempt = 0; attempt < 60 && matches.length === 0; attempt++) {
      if (attempt > 0) await new Promise((wake) => setTimeout(wake, 50));
      matches = (await usageRecords()).filter((record) => record.requestId === requestId);
    }
    expect(matches).toHaveLength(1);
    return matches[0];
  }

  it('streams an OpenAI chat completion from DeepSeek', async () => {
    const client = new OpenAI({ baseURL: `${served.url}/v1`, apiKey: key, maxRetries: 0 });
    const { data: stream, response } = await client.chat.completions
      .create({ model: 'deepseek-chat', messages: [{ role: 'user', content: `Say ${CANARY}` }], stream: true })
      .withResponse();
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta?.content ?? '');
    expect(deltas.join('')).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(deltas.filter(Boolean).length).toBeGreaterThan(1);
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      provider: 'deepseek',
      protocol: 'openai',
      streamed: true,
      status: 200,
    });
  });

  it('streams Anthropic messages from Claude', async () => {
    const client = new Anthropic({ baseURL: served.url, apiKey: key, maxRetries: 0 });
    const { data: stream, response } = await client.messages
      .create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: `Say ${CANARY}` }], stream: true })
      .withResponse();
    let text = '';
    for await (const event of stream)
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    expect(text).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(await recordOf(response.headers.get('x-request-id'))).toMatchObject({
      provider: 'anthropic',
      protocol: 'anthropic',
      streamed: true,
      status: 200,
    });
  });

  it('streams Gemini content from Gemini', async () => {
    // The SDK's own dispatcher is unavailable under jest; the global fetch is what it would use anyway.
    const ai = new GoogleGenAI({ apiKey: key, httpOptions: { baseUrl: served.url, fetch: (input, init) => fetch(input, init) } });
    let text = '';
    let requestId: string | undefined;
    for await (const chunk of await ai.models.generateContentStream({ model: 'gemini-2.5-flash', contents: `Say ${CANARY}` })) {
      text += chunk.text ?? '';
      requestId ??= chunk.sdkHttpResponse?.headers?.['x-request-id'];
    }
    expect(text).toBe(`Echo: Say ${CANARY} — 完了 ✓`);
    expect(await recordOf(requestId)).toMatchObject({ provider: 'gemini', protocol: 'gemini', streamed: true, status: 200 });
  });

  it('answers GET /v1/usage from the account bundle with the records the inference bundle wrote', async () => {
    // Every record is written by now: each test above waited for its own.
    const response = await fetch(`${served.url}/v1/usage?records=true`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: Array<{ provider: string }> };
    expect((body.data ?? []).map((record) => record.provider).sort()).toEqual(['anthropic', 'deepseek', 'gemini']);
  });

  it('serves GET /dashboard from the account bundle: the page with the script its bundling step built', async () => {
    const response = await fetch(`${served.url}/dashboard`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<body data-mode="holder">');
    // Chart.js's license comment, kept at the end of the bundled script (dashboard.js beside index.js).
    expect(html).toMatch(/Chart\.js v4\.\d+\.\d+/);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'sha256-/);
  });

  it('logged metadata only: no prompt or completion text in its output', () => {
    expect(served.output()).toContain('request metered');
    expect(served.output()).not.toContain(CANARY);
  });
});
