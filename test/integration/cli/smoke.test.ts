import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../lambda/local/dynamodb-local';
import { startFakeUpstreams, type FakeUpstreams } from '../../support/fake-upstreams/fake-upstreams';

const ROOT = join(__dirname, '../../..');

/** The environment of a fresh shell: none of the test run's DynamoDB or table settings leak in. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('TOLLGATE_') && !name.endsWith('_API_KEY')) environment[name] = value;
  return { ...environment, ...extra };
}

/** Runs the real `tollgate` binary without blocking this process (the gateway under test may live in it). */
function tollgate(environment: NodeJS.ProcessEnv, ...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/tollgate.js'), ...args], { cwd: ROOT, env: environment });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}

/** `npm start`'s entry point as its own process; resolves with its URL and key once the banner is out. */
async function npmStart(environment: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; key: string }> {
  // tsx loaded in the process itself (not its CLI wrapper, which may SIGKILL a slow child and orphan DynamoDB Local).
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'lambda/local/start.ts'], {
    cwd: ROOT,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up within 90 s:\n${output}`)), 90_000);
    child.stderr?.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolveStarted();
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
  const key = /API key:\s+(tg_\S+)/.exec(output)?.[1];
  if (!url || !key) throw new Error(`No URL or key in the banner:\n${output}`);
  return { child, url, key };
}

describe('tollgate smoke (the real CLI binary) against npm start with fake upstreams', () => {
  let upstreams: FakeUpstreams;
  let dataDirectory: string;
  let environment: NodeJS.ProcessEnv;
  let gateway: { child: ChildProcess; url: string; key: string };

  beforeAll(async () => {
    // Anthropic, Gemini and DeepSeek have keys; Volcano Ark has none.
    upstreams = await startFakeUpstreams();
    dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-smoke-'));
    environment = cleanEnvironment({ PORT: String(await freePort()), TOLLGATE_DATA_DIR: dataDirectory, ...upstreams.environment });
    gateway = await npmStart(environment);
  }, 120_000);

  afterAll(async () => {
    if (gateway) {
      const exited = new Promise((resolveExit) => gateway.child.once('exit', resolveExit));
      gateway.child.kill('SIGINT');
      await exited;
    }
    await upstreams?.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('passes: lists the models, streams from every provider with a key, skips the one without, finds the usage records', async () => {
    const result = await tollgate(environment, 'smoke', '--url', gateway.url, '--key', gateway.key);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PASS {2}models +GET \/v1\/models listed \d+ models: the key reached the gateway$/),
        expect.stringMatching(
          /^PASS {2}stream deepseek-chat +streamed incrementally: first event after \d+ ms, \d+ content events in \d+ parts/,
        ),
        expect.stringMatching(/^PASS {2}stream claude-haiku-4-5 +streamed incrementally/),
        expect.stringMatching(/^PASS {2}stream gemini-2\.5-flash-lite +streamed incrementally/),
        expect.stringMatching(/^SKIP {2}stream doubao-seed-1-6-flash-250615 +no upstream key configured for ark$/),
        expect.stringMatching(/^PASS {2}usage +GET \/v1\/usage shows the 3 streamed requests$/),
        'All checks passed.',
      ]),
    );
    expect(result.stdout).not.toMatch(/^FAIL/m);
    expect(result.status).toBe(0);
    // The fakes really served the three streams, with the gateway's keys.
    expect(upstreams.deepseek.received.some((request) => request.body.model === 'deepseek-chat')).toBe(true);
  }, 120_000);

  it('fails clearly with a wrong key, and says what to do', async () => {
    const wrong = `${gateway.key.slice(0, -4)}AAAA`;
    const result = await tollgate(environment, 'smoke', '--url', gateway.url, '--key', wrong);
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}models +GET \/v1\/models answered 401: Wrong key: the gateway refused it/m);
    expect(result.stdout).toMatch(/^ {6}fix: Use a key the gateway issued/m);
    expect(result.stdout).not.toMatch(/^PASS/m);
    expect(result.stderr).toMatch(/smoke test failed \(1 of 1 checks\)/);
  }, 60_000);

  it('fails when the model asked for belongs to a provider without a key, naming the secret to fill', async () => {
    const result = await tollgate(
      environment,
      'smoke',
      '--url',
      gateway.url,
      '--key',
      gateway.key,
      '--model',
      'doubao-seed-1-6-flash-250615',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(
      /^FAIL {2}stream doubao-seed-1-6-flash-250615 +answered 503: Provider key missing in the secret: the gateway has no upstream key for ark$/m,
    );
    expect(result.stdout).toMatch(/fix: Put a key for ark into the upstream-keys secret/);
  }, 60_000);

  it('finds the running npm start by itself, takes the key from TOLLGATE_KEY, and reports JSON', async () => {
    const result = await tollgate({ ...environment, TOLLGATE_KEY: gateway.key }, 'smoke', '--model', 'deepseek-chat', '--json');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ url: gateway.url, ok: true });
    expect(report.steps.map((step: { step: string; outcome: string }) => `${step.outcome} ${step.step}`)).toEqual([
      'pass models',
      'pass stream deepseek-chat',
      'pass usage',
    ]);
  }, 60_000);
});

describe('tollgate smoke against a URL whose origin guard refuses CloudFront', () => {
  let server: Server;
  let url: string;

  beforeAll(async () => {
    // What API Gateway answers when the stage's web ACL blocks a request (no function runs, so no x-request-id).
    server = createServer((request, response) => {
      response.writeHead(403, {
        'content-type': 'application/json',
        'x-amzn-requestid': 'b5f1c3d2-0000-4000-8000-000000000000',
        'x-amzn-errortype': 'ForbiddenException',
      });
      response.end('{"message":"Forbidden"}');
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));

  it('says the origin-verify values disagree and how to fix it', async () => {
    const result = await tollgate(cleanEnvironment({}), 'smoke', '--url', url, '--key', 'tg_anykeyid000_secret');
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^FAIL {2}models +GET \/v1\/models answered 403: Origin-verify mismatch/m);
    expect(result.stdout).toMatch(/fix: .*npx cdk deploy --all/);
  }, 60_000);
});
