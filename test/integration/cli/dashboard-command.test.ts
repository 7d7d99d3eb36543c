import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { UsageRepository } from '../../../lambda/store/usage-repository';
import { createTestStore, type TestStore } from '../../support/test-store';
import { usageRecordFixture } from '../../support/usage-record-fixture';

// The CLI binary compiles with tsx on start and the page's script with esbuild on the first request.
jest.setTimeout(180_000);
const CLI = join(__dirname, '../../../bin/tollgate.js');

interface RunningDashboard {
  readonly child: ChildProcess;
  readonly url: URL;
  readonly token: string;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
}

/** Starts `tollgate dashboard --port 0` on the test tables and waits for the URL it prints. */
async function startDashboard(store: TestStore, ...args: string[]): Promise<RunningDashboard> {
  const child = spawn(process.execPath, [CLI, 'dashboard', '--port', '0', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...store.environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const printed = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(http:\/\/\S+)\n/m.exec(stdout);
      if (line) resolve(line[1]);
    });
    void exited.then((code) => reject(new Error(`tollgate dashboard exited with ${code}: ${stderr}`)));
  });
  const url = new URL(printed);
  return { child, url, token: url.hash.replace(/^#token=/, ''), stderr: () => stderr, exited };
}

describe('tollgate dashboard (the binary)', () => {
  let store: TestStore;
  let dashboard: RunningDashboard;
  const today = new Date().toISOString().slice(0, 10);

  beforeAll(async () => {
    store = await createTestStore();
    const records = new UsageRepository(store.documentClient, store.tableNames.usage);
    const at = (hour: string) => `${today}T${hour}:00:00.000Z`;
    await records.put(usageRecordFixture('acct_a', 'key_a1', at('00'), 'r1', { costUsd: 0.5, inputTokens: 100, outputTokens: 10 }));
    await records.put(usageRecordFixture('acct_a', 'key_a1', at('00'), 'r2', { model: 'claude-haiku-4-5', costUsd: 0.25 }));
    await records.put(usageRecordFixture('acct_b', 'key_b1', at('00'), 'r3', { costUsd: 2, inputTokens: 1000 }));
    await records.put(usageRecordFixture('acct_b', 'key_b1', at('00'), 'r4', { status: 429 }));
    await records.put(usageRecordFixture('acct_b', 'key_b1', at('00'), 'r5', { status: 502 }));
    dashboard = await startDashboard(store);
  });
  afterAll(async () => {
    if (dashboard.child.exitCode === null) {
      dashboard.child.kill('SIGKILL');
      await dashboard.exited;
    }
    store.close();
  });

  it('listens on 127.0.0.1 only and prints a URL whose token is in the fragment', () => {
    expect(dashboard.url.hostname).toBe('127.0.0.1');
    expect(dashboard.url.pathname).toBe('/');
    expect(dashboard.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('serves the self-contained page in operator mode', async () => {
    const response = await fetch(new URL('/', dashboard.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await response.text();
    expect(html).toContain('<body data-mode="operator">');
    // Nothing loaded from anywhere: no src or href attributes at all.
    expect(html).not.toMatch(/\s(src|href)=/);
  });

  it('answers the usage of every account, per day, model, account and status, with the token only', async () => {
    const usageUrl = new URL(`/operator/usage?from=${today}`, dashboard.url);
    expect((await fetch(usageUrl)).status).toBe(401);
    expect((await fetch(usageUrl, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const response = await fetch(usageUrl, { headers: { authorization: `Bearer ${dashboard.token}` } });
    expect(response.status).toBe(200);
    const usage = await response.json();
    expect(usage.byDay).toEqual([expect.objectContaining({ day: today, requests: 3, errors: 2, costUsd: 2.75 })]);
    expect(usage.byAccount).toEqual([
      expect.objectContaining({ accountId: 'acct_a', requests: 2, errors: 0, costUsd: 0.75, inputTokens: 100 }),
      expect.objectContaining({ accountId: 'acct_b', requests: 1, errors: 2, costUsd: 2, inputTokens: 1000 }),
    ]);
    expect(usage.byModel).toEqual([
      expect.objectContaining({ model: 'claude-haiku-4-5', operation: 'generate', requests: 1, costUsd: 0.25 }),
      expect.objectContaining({ model: 'deepseek-chat', operation: 'generate', requests: 2, errors: 2, costUsd: 2.5 }),
    ]);
    expect(usage.byStatus).toEqual([
      expect.objectContaining({ status: '200', requests: 3 }),
      expect.objectContaining({ status: '429', errors: 1 }),
      expect.objectContaining({ status: '502', errors: 1 }),
    ]);
    const bad = await fetch(new URL('/operator/usage?from=yesterday', dashboard.url), {
      headers: { authorization: `Bearer ${dashboard.token}` },
    });
    expect(bad.status).toBe(400);
  });

  it('refuses a request that names another host (DNS rebinding) and methods other than GET', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const call = request(
        { host: '127.0.0.1', port: dashboard.url.port, path: '/', headers: { host: `evil.example:${dashboard.url.port}` } },
        (answer) => {
          answer.resume();
          resolve(answer.statusCode);
        },
      );
      call.once('error', reject);
      call.end();
    });
    expect(status).toBe(421);
    expect((await fetch(new URL('/operator/usage', dashboard.url), { method: 'POST' })).status).toBe(405);
  });

  it('logs one line per request without the token, and stops on Ctrl-C (SIGINT) with exit 0', async () => {
    dashboard.child.kill('SIGINT');
    expect(await dashboard.exited).toBe(0);
    expect(dashboard.stderr()).toMatch(/^GET \/operator\/usage 200, 5 records \d+ ms$/m);
    expect(dashboard.stderr()).toContain('Stopped (SIGINT).');
    expect(dashboard.stderr()).not.toContain(dashboard.token);
  });

  it('says which port is taken', async () => {
    const { createServer } = await import('node:net');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = String((blocker.address() as { port: number }).port);
    try {
      const child = spawn(process.execPath, [CLI, 'dashboard', '--port', port], { env: { PATH: process.env.PATH, ...store.environment } });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      expect(code).toBe(3);
      expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    } finally {
      blocker.close();
    }
  });
});
