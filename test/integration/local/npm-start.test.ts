import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { freePort } from '../../../lambda/local/dynamodb-local';
import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';

const ROOT = join(__dirname, '../../..');
const UPSTREAM_KEY = 'sk-npm-start-upstream';

/** The environment of a fresh shell: none of the test run's DynamoDB or table settings leak in. */
function cleanEnvironment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env))
    if (!name.startsWith('TOLLGATE_') && !name.endsWith('_API_KEY')) environment[name] = value;
  return { ...environment, ...extra };
}

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly banner: string;
}

/** Runs `npm start`'s entry point as its own process and waits for its banner. */
async function npmStart(environment: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'lambda/local/start.ts'], {
    cwd: ROOT,
    env: environment,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolveStarted, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not come up within 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolveStarted();
      }
    };
    child.stderr?.on('data', check);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output, banner: output };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  child.kill('SIGINT');
  return exited;
}

function tollgate(environment: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/tollgate.js'), ...args], { cwd: ROOT, env: environment, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm start', () => {
  let upstream: FakeOpenAiCompatibleServer;
  let dataDirectory: string;
  let environment: NodeJS.ProcessEnv;

  beforeAll(async () => {
    upstream = await startFakeOpenAiCompatibleServer('deepseek', UPSTREAM_KEY);
    dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-start-'));
    environment = cleanEnvironment({
      PORT: String(await freePort()),
      TOLLGATE_DATA_DIR: dataDirectory,
      TOLLGATE_DEEPSEEK_BASE_URL: upstream.baseUrl,
      DEEPSEEK_API_KEY: UPSTREAM_KEY,
    });
  });

  afterAll(async () => {
    await upstream?.close();
    rmSync(dataDirectory, { recursive: true, force: true });
  });

  it('prints a working key, streams through it, shows the request in `tollgate usage`, and keeps data across restarts', async () => {
    const first = await npmStart(environment);
    const key = /API key:\s+(tg_\S+)/.exec(first.banner)?.[1];
    const accountId = /account:\s+(acct_\S+)/.exec(first.banner)?.[1];
    const url = /listening on (http:\/\/\S+)/.exec(first.banner)?.[1];
    expect(key).toBeDefined();
    expect(existsSync(join(dataDirectory, 'runtime.json'))).toBe(true);

    const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe('Echo: Hello — 完了 ✓');

    let rows: Array<Record<string, unknown>> = [];
    for (let attempt = 0; attempt < 10 && rows.length === 0; attempt++) {
      const usage = tollgate(environment, 'usage', '--account', accountId as string, '--json');
      expect(usage.status).toBe(0);
      rows = JSON.parse(usage.stdout) as Array<Record<string, unknown>>;
    }
    expect(rows).toEqual([expect.objectContaining({ requests: 1, inputTokens: 20, outputTokens: 30, cacheReadTokens: 8 })]);

    const { dynamoDbEndpoint } = JSON.parse(readFileSync(join(dataDirectory, 'runtime.json'), 'utf8')) as { dynamoDbEndpoint: string };
    expect(await stop(first.child)).toBe(0);
    expect(existsSync(join(dataDirectory, 'runtime.json'))).toBe(false);
    // Ctrl-C stopped DynamoDB Local too: nothing answers on its port any more.
    await expect(fetch(dynamoDbEndpoint)).rejects.toThrow();
    const noGateway = tollgate(environment, 'usage', '--account', accountId as string, '--json');
    expect(noGateway.status).not.toBe(0);
    expect(noGateway.stderr).toMatch(/npm start/);

    // The second start reuses the data: no new key is printed, the old one still works, usage is kept.
    const second = await npmStart(environment);
    expect(second.banner).not.toMatch(/API key:\s+tg_\S+_/);
    const again = new OpenAI({ baseURL: `${url}/v1`, apiKey: key, maxRetries: 0 });
    await again.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Again' }] });
    const afterRestart = tollgate(environment, 'usage', '--account', accountId as string, '--json');
    expect(JSON.parse(afterRestart.stdout)).toEqual([expect.objectContaining({ requests: 2 })]);
    expect(await stop(second.child)).toBe(0);
    expect(second.output()).not.toContain(key);
  }, 120_000);
});
