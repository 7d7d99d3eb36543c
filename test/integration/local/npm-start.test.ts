import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { dynamoDbLocalProcessesOf, freePort } from '../../../lambda/local/dynamodb-local';
import { isAlive } from '../../../lambda/local/processes';
import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { cleanEnvironment, npmStart, pressCtrlC, ROOT } from '../../support/npm-start-process';

const UPSTREAM_KEY = 'sk-npm-start-upstream';
const CANARY = 'CANARY-npm-start-7f3a';

// Every start runs a JVM (DynamoDB Local): slow on a busy machine.
jest.setTimeout(600_000);

async function waitUntilGone(pid: number): Promise<void> {
  for (let attempt = 0; attempt < 600 && isAlive(pid); attempt++) await new Promise((wake) => setTimeout(wake, 100));
  expect(isAlive(pid)).toBe(false);
}

function tollgate(environment: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/tollgate.js'), ...args], { cwd: ROOT, env: environment, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The usage records of an account, through the CLI (polls: records are written after the answer). */
function recordsOf(environment: NodeJS.ProcessEnv, accountId: string, count: number): Array<Record<string, unknown>> {
  let records: Array<Record<string, unknown>> = [];
  for (let attempt = 0; attempt < 20 && records.length < count; attempt++) {
    const usage = tollgate(environment, 'usage', '--account', accountId, '--records', '--json');
    expect(usage.status).toBe(0);
    records = JSON.parse(usage.stdout) as Array<Record<string, unknown>>;
  }
  return records;
}

describe('npm start', () => {
  let upstream: FakeOpenAiCompatibleServer;
  const directories: string[] = [];

  async function freshEnvironment(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
    const dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-start-'));
    directories.push(dataDirectory);
    return cleanEnvironment({
      PORT: String(await freePort()),
      TOLLGATE_DATA_DIR: dataDirectory,
      TOLLGATE_DEEPSEEK_BASE_URL: upstream.baseUrl,
      DEEPSEEK_API_KEY: UPSTREAM_KEY,
      ...extra,
    });
  }

  beforeAll(async () => {
    upstream = await startFakeOpenAiCompatibleServer('deepseek', UPSTREAM_KEY);
  });

  afterAll(async () => {
    await upstream?.close();
    for (const directory of directories) {
      // Never leave a JVM behind, even when a test failed half-way.
      for (const database of dynamoDbLocalProcessesOf(join(directory, 'dynamodb')) ?? []) process.kill(database.pid, 'SIGKILL');
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('prints a working key, streams through it, logs JSON lines, shows the request in `tollgate usage`, and keeps data across restarts', async () => {
    const environment = await freshEnvironment();
    const first = await npmStart(environment);
    const key = /API key:\s+(tg_\S+)/.exec(first.stderr())?.[1];
    const accountId = /account:\s+(acct_\S+)/.exec(first.stderr())?.[1] as string;
    expect(key).toBeDefined();

    const client = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: key, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: `Hello ${CANARY}` }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toBe(`Echo: Hello ${CANARY} — 完了 ✓`);

    const records = recordsOf(environment, accountId, 1);
    expect(records).toEqual([expect.objectContaining({ status: 200, inputTokens: 20, outputTokens: 30, cacheReadTokens: 8 })]);

    // An upstream 400 tells the caller which parameter to fix and what kind of error it was, not the upstream's words.
    const invalid = await client.chat.completions
      .create({
        model: 'deepseek-chat',
        max_tokens: 99_999_999,
        messages: [{ role: 'user', content: `#scenario=invalid-param ${CANARY}` }],
      })
      .catch((error: unknown) => error as InstanceType<typeof OpenAI.BadRequestError>);
    expect(invalid).toBeInstanceOf(OpenAI.BadRequestError);
    expect(invalid).toMatchObject({ status: 400, param: 'max_tokens' });
    expect((invalid as Error).message).toContain("rejected the parameter 'max_tokens' (deepseek answered 400 invalid_value)");
    expect((invalid as Error).message).not.toContain(CANARY);

    // Not a terminal: JSON lines, the handler's own and one per request from the local runtime, without content.
    // (The CLI ran synchronously above: let the pipe's data arrive.)
    for (let attempt = 0; attempt < 100 && !first.stdout().includes('"local request"'); attempt++)
      await new Promise((wake) => setTimeout(wake, 50));
    const lines = first
      .stdout()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'local request', httpMethod: 'POST', resourcePath: '/v1/chat/completions', status: 200 }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ message: 'request metered', model: 'deepseek-chat', inputTokens: 20 }));
    expect(first.stdout()).not.toContain(CANARY);

    const { dynamoDbEndpoint } = JSON.parse(readFileSync(join(environment.TOLLGATE_DATA_DIR as string, 'runtime.json'), 'utf8')) as {
      dynamoDbEndpoint: string;
    };
    pressCtrlC(first);
    await first.exited;
    await waitUntilGone(first.gatewayPid);
    expect(existsSync(join(environment.TOLLGATE_DATA_DIR as string, 'runtime.json'))).toBe(false);
    // Ctrl-C stopped DynamoDB Local too: nothing answers on its port, no JVM runs on the files.
    await expect(fetch(dynamoDbEndpoint)).rejects.toThrow();
    expect(dynamoDbLocalProcessesOf(join(environment.TOLLGATE_DATA_DIR as string, 'dynamodb'))).toEqual([]);
    const noGateway = tollgate(environment, 'usage', '--account', accountId, '--json');
    expect(noGateway.status).not.toBe(0);
    expect(noGateway.stderr).toMatch(/npm start/);

    // The second start reuses the data: no new key is printed, the old one still works, usage is kept.
    const second = await npmStart(environment);
    expect(second.stderr()).not.toMatch(/API key:\s+tg_\S+_/);
    const again = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: key, maxRetries: 0 });
    await again.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'Again' }] });
    expect(recordsOf(environment, accountId, 3)).toHaveLength(3);

    // GDPR requests by email, as the operator answers them against the running gateway.
    const exported = tollgate(environment, 'accounts', 'export', '--email', 'dev@localhost.localdomain');
    expect(exported.status).toBe(0);
    const document = JSON.parse(exported.stdout) as { account: { id: string }; usage: { records: unknown[] } };
    expect(document.account.id).toBe(accountId);
    expect(document.usage.records).toHaveLength(3);
    expect(exported.stdout).not.toContain(CANARY);
    const corrected = tollgate(
      environment,
      'accounts',
      'correct',
      '--email',
      'dev@localhost.localdomain',
      '--new-email',
      'dev@example.org',
    );
    expect(corrected.status).toBe(0);
    expect(tollgate(environment, 'accounts', 'export', '--email', 'dev@localhost.localdomain').status).not.toBe(0);
    const erased = tollgate(environment, 'accounts', 'erase', '--email', 'dev@example.org', '--json');
    expect(erased.status).toBe(0);
    expect(JSON.parse(erased.stdout)).toMatchObject({ id: accountId, status: 'deleted' });
    // Its key is refused by inference (within 1 s: test/integration/gateway/revocation.test.ts).
    const erasedAt = Date.now();
    let refusedWith: unknown;
    while (refusedWith === undefined && Date.now() - erasedAt < 10_000) {
      refusedWith = await again.chat.completions
        .create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'After erasure' }] })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
    }
    expect(refusedWith).toBeInstanceOf(OpenAI.AuthenticationError);

    pressCtrlC(second);
    await second.exited;
    expect(second.stderr()).not.toContain(key);
  });

  it('on Ctrl-C refuses new requests, lets a running stream finish and meters it; logs one readable line per request when asked', async () => {
    const environment = await freshEnvironment({ TOLLGATE_LOG_FORMAT: 'pretty', TOLLGATE_SHUTDOWN_GRACE_SECONDS: '60' });
    const started = await npmStart(environment);
    const key = /API key:\s+(tg_\S+)/.exec(started.stderr())?.[1];
    const accountId = /account:\s+(acct_\S+)/.exec(started.stderr())?.[1] as string;
    // The fake upstream holds its answer back for 4 s: the Ctrl-C comes while the stream runs.
    upstream.slowHeadersMs = 4000;
    const requestsBefore = upstream.received.length;
    const client = new OpenAI({ baseURL: `${started.url}/v1`, apiKey: key, maxRetries: 0 });
    const running = client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: `#scenario=slow-headers ${CANARY}` }],
      stream: true,
    });
    for (let attempt = 0; attempt < 200 && upstream.received.length === requestsBefore; attempt++)
      await new Promise((wake) => setTimeout(wake, 50));
    pressCtrlC(started);
    for (let attempt = 0; attempt < 100 && !started.stderr().includes('Waiting up to'); attempt++)
      await new Promise((wake) => setTimeout(wake, 50));
    expect(started.stderr()).toContain('Waiting up to 60 s for 1 running request(s) to finish');
    const refused = await fetch(`${started.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } }).catch(() => undefined);
    // Refused: a 503, or no connection at all once the listener is closed.
    if (refused) expect(refused.status).toBe(503);

    let text = '';
    for await (const chunk of await running) text += chunk.choices[0]?.delta?.content ?? '';
    expect(text).toContain('Echo: #scenario=slow-headers');
    await started.exited;
    upstream.slowHeadersMs = 1500;
    expect(started.stderr()).toContain('Stopped the gateway and DynamoDB Local.');
    expect(started.stderr()).not.toContain('did not end in time');

    // One line per request: time, method, route, status, model, tokens, duration; no content.
    expect(started.stdout()).toMatch(
      /^\d\d:\d\d:\d\d {2}POST {4}\/v1\/chat\/completions {2}200 {2}deepseek-chat {2}20 in \/ 30 out tokens {2}\d+ ms {2}streamed$/m,
    );
    expect(started.stdout()).not.toContain('{"level"');
    expect(started.stdout()).not.toContain(CANARY);

    // The stream's usage record was written before DynamoDB Local stopped.
    const restarted = await npmStart(environment);
    expect(recordsOf(environment, accountId, 1)).toEqual([expect.objectContaining({ status: 200, outputTokens: 30, streamed: true })]);
    pressCtrlC(restarted);
    await restarted.exited;
  });

  it('stops DynamoDB Local on SIGHUP; after a SIGKILL the next start removes the stale runtime.json and the leftover DynamoDB Local', async () => {
    const environment = await freshEnvironment();
    const files = join(environment.TOLLGATE_DATA_DIR as string, 'dynamodb');

    const hungUp = await npmStart(environment);
    expect(dynamoDbLocalProcessesOf(files)).toHaveLength(1);
    process.kill(hungUp.gatewayPid, 'SIGHUP');
    await waitUntilGone(hungUp.gatewayPid);
    await hungUp.exited;
    expect(hungUp.stderr()).toContain('SIGHUP: stopping');
    expect(dynamoDbLocalProcessesOf(files)).toEqual([]);

    const killed = await npmStart(environment);
    const [leftover] = dynamoDbLocalProcessesOf(files) ?? [];
    process.kill(killed.gatewayPid, 'SIGKILL');
    await waitUntilGone(killed.gatewayPid);
    await killed.exited;
    // Nothing could clean up: the JVM still runs on the files and runtime.json still names the dead gateway.
    expect(isAlive(leftover.pid)).toBe(true);
    expect(existsSync(join(environment.TOLLGATE_DATA_DIR as string, 'runtime.json'))).toBe(true);

    const next = await npmStart(environment);
    expect(next.stderr()).toContain(`Removed a stale runtime.json: the gateway it names (pid ${killed.gatewayPid}`);
    expect(next.stderr()).toContain(
      `Stopping a DynamoDB Local left running on ${environment.TOLLGATE_DATA_DIR} by an earlier start (pid ${leftover.pid})`,
    );
    expect(isAlive(leftover.pid)).toBe(false);
    expect(dynamoDbLocalProcessesOf(files)).toHaveLength(1);
    // A second start on the same directory while this one runs is refused.
    const twice = spawnSync('npm', ['start'], { cwd: ROOT, env: { ...environment, PORT: String(await freePort()) }, encoding: 'utf8' });
    expect(twice.status).not.toBe(0);
    expect(twice.stderr).toContain(`A gateway is already running from ${environment.TOLLGATE_DATA_DIR} (pid ${next.gatewayPid}`);
    process.kill(next.gatewayPid, 'SIGTERM');
    await next.exited;
    expect(dynamoDbLocalProcessesOf(files)).toEqual([]);
  });

  it('says to set PORT when the port is taken, and leaves nothing running', async () => {
    const taken: Server = createServer();
    const port = await freePort();
    await new Promise<void>((resolveListen) => taken.listen(port, '127.0.0.1', () => resolveListen()));
    try {
      const environment = await freshEnvironment({ PORT: String(port) });
      const result = spawnSync('npm', ['start'], { cwd: ROOT, env: environment, encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
      expect(result.stderr).toContain('Set PORT to a free port');
      expect(dynamoDbLocalProcessesOf(join(environment.TOLLGATE_DATA_DIR as string, 'dynamodb'))).toEqual([]);
    } finally {
      await new Promise<void>((resolveClose) => taken.close(() => resolveClose()));
    }
  });
});
