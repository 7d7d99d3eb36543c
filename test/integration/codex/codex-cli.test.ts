import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeAnthropicServer } from '../../support/fake-upstreams/anthropic-server';
import type { FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';
import { startGatewayHarness, type GatewayHarness } from '../../support/gateway-harness';
import { usageRecords } from '../../support/usage-records';

/** Codex CLI's launcher from the devDependency `@openai/codex` (it runs the native binary of its platform package). */
const CODEX = join(__dirname, '../../../node_modules/@openai/codex/bin/codex.js');

interface CodexRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `codex exec` headless, with a temporary CODEX_HOME whose config.toml defines the gateway as a
 * model provider (`wire_api = "responses"`, the key from `env_key`), as the README tells users.
 */
function codexExec(gatewayUrl: string, key: string, model: string, prompt: string): Promise<CodexRun> {
  const home = mkdtempSync(join(tmpdir(), 'codex-home-'));
  const workspace = mkdtempSync(join(tmpdir(), 'codex-work-'));
  writeFileSync(
    join(home, 'config.toml'),
    [
      `model = "${model}"`,
      'model_provider = "tollgate"',
      '',
      '[model_providers.tollgate]',
      'name = "Tollgate"',
      `base_url = "${gatewayUrl}/v1"`,
      'wire_api = "responses"',
      'env_key = "TOLLGATE_API_KEY"',
      // A failure must fail the test, not be retried for minutes.
      'request_max_retries = 0',
      'stream_max_retries = 0',
      '',
    ].join('\n'),
  );
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CODEX, 'exec', '--skip-git-repo-check', prompt], {
      cwd: workspace,
      env: { PATH: process.env.PATH, HOME: home, CODEX_HOME: home, TOLLGATE_API_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rmSync(home, { recursive: true, force: true });
      rmSync(workspace, { recursive: true, force: true });
      resolveRun({ code, stdout, stderr });
    });
  });
}

describe('Codex CLI (codex exec) through /v1/responses', () => {
  let upstreams: FakeUpstreams;
  let deepseek: FakeOpenAiCompatibleServer;
  let anthropic: FakeAnthropicServer;
  let harness: GatewayHarness;

  beforeAll(async () => {
    upstreams = await startFakeUpstreams();
    ({ deepseek, anthropic } = upstreams);
    harness = await startGatewayHarness(upstreams.environment);
  });

  afterAll(async () => {
    await harness?.close();
    await upstreams?.close();
  });

  it.each([
    ['deepseek-chat', () => deepseek.received],
    ['claude-sonnet-4-5', () => anthropic.received],
  ] as const)(
    'answers a prompt on %s',
    async (model, received) => {
      const before = received().length;
      const run = await codexExec(harness.gateway.url, harness.key, model, 'Say hello');
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
      // The fakes echo the last user message: Codex's environment context, then the prompt.
      expect(run.stdout).toMatch(/Echo: [\s\S]*Say hello — 完了 ✓/);
      // One turn, one upstream call; its system prompt came as developer messages.
      expect(received()).toHaveLength(before + 1);
    },
    120_000,
  );

  it.each([
    ['deepseek-chat', () => deepseek.received],
    ['claude-sonnet-4-5', () => anthropic.received],
  ] as const)(
    'runs a tool call on %s: Codex answers it and the model gets the output on the next turn',
    async (model, received) => {
      const before = received().length;
      const run = await codexExec(harness.gateway.url, harness.key, model, 'Weather? #scenario=tool-call');
      expect(run.code).toBe(0);
      const calls = received().slice(before);
      expect(calls.length).toBeGreaterThanOrEqual(2);
      // The second turn carries the call as the model made it and Codex's output for it.
      const followUp = JSON.stringify(calls[1].body);
      expect(followUp).toContain('get_weather');
      expect(run.stdout).toContain('Echo: Tool said:');
    },
    120_000,
  );

  it('meters every turn Codex made', async () => {
    const records = await usageRecords(harness);
    expect(records.length).toBeGreaterThanOrEqual(6);
    expect(records.every((record) => record.protocol === 'openai-responses' && record.status === 200)).toBe(true);
  });
});
