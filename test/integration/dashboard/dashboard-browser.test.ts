import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { dynamoDbLocalProcessesOf, freePort } from '../../../lambda/local/dynamodb-local';
import { startFakeOpenAiCompatibleServer, type FakeOpenAiCompatibleServer } from '../../support/fake-upstreams/openai-compatible-server';
import { cleanEnvironment, npmStart, pressCtrlC, ROOT, type Started } from '../../support/npm-start-process';

/**
 * The dashboard page in a real browser (Debian's chromium, driven by playwright-core) against the real
 * `npm start` with a fake DeepSeek: the page takes a key, draws its charts from the usage records the
 * requests below wrote, and never puts the key in a URL or calls another host. Screenshots are written
 * to test-output/dashboard/ for people to look at.
 */

const UPSTREAM_KEY = 'sk-dashboard-upstream';
const CHROMIUM = process.env.TOLLGATE_CHROMIUM ?? '/usr/bin/chromium';
const OUTPUT = join(ROOT, 'test-output', 'dashboard');

// npm start runs a JVM, the CLI compiles with tsx, the browser starts: slow on a busy machine.
jest.setTimeout(600_000);

function tollgate(environment: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/tollgate.js'), ...args], { cwd: ROOT, env: environment, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function tollgateJson<T>(environment: NodeJS.ProcessEnv, ...args: string[]): T {
  const result = tollgate(environment, ...args, '--json');
  if (result.status !== 0) throw new Error(`tollgate ${args.join(' ')}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

interface UsageRow {
  readonly [column: string]: string | number;
  readonly requests: number;
  readonly errors: number;
  readonly costUsd: number;
}

/** Every request the browser makes, with its headers. */
function recordRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return requests;
}

/** Pixels of a canvas that are not transparent: the chart was drawn, not only laid out. */
async function paintedPixels(page: Page): Promise<number[]> {
  return page.$$eval('canvas', (canvases) =>
    canvases.map((canvas) => {
      const context = canvas.getContext('2d');
      if (!context || canvas.width === 0 || canvas.height === 0) return 0;
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      let painted = 0;
      for (let index = 3; index < data.length; index += 4) if (data[index] !== 0) painted += 1;
      return painted;
    }),
  );
}

/** A table's rows as the page shows them: the exact value of each cell by column. */
async function tableRows(page: Page, view: string): Promise<Array<Record<string, string>>> {
  return page.$$eval(`table[data-view="${view}"] tbody tr`, (rows) =>
    rows.map((row) =>
      Object.fromEntries(
        [...row.querySelectorAll<HTMLElement>('[data-column]')].map((cell) => [
          cell.dataset.column ?? '',
          cell.dataset.value ?? cell.textContent ?? '',
        ]),
      ),
    ),
  );
}

describe('the usage dashboard in a real browser, against npm start', () => {
  let upstream: FakeOpenAiCompatibleServer;
  let started: Started;
  let browser: Browser;
  let environment: NodeJS.ProcessEnv;
  let dataDirectory: string;
  let key: string;
  let secondKey: string;
  let accountId: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No chromium at ${CHROMIUM}: apt-get install -y chromium (see .ci/run), or set TOLLGATE_CHROMIUM.`);
    mkdirSync(OUTPUT, { recursive: true });
    upstream = await startFakeOpenAiCompatibleServer('deepseek', UPSTREAM_KEY);
    dataDirectory = mkdtempSync(join(tmpdir(), 'tollgate-dashboard-'));
    environment = cleanEnvironment({
      PORT: String(await freePort()),
      TOLLGATE_DATA_DIR: dataDirectory,
      TOLLGATE_DEEPSEEK_BASE_URL: upstream.baseUrl,
      DEEPSEEK_API_KEY: UPSTREAM_KEY,
    });
    started = await npmStart(environment);
    key = /API key:\s+(tg_\S+)/.exec(started.stderr())?.[1] as string;
    accountId = /account:\s+(acct_\S+)/.exec(started.stderr())?.[1] as string;
    expect(key).toMatch(/^tg_/);
    secondKey = tollgateJson<{ key: string }>(environment, 'keys', 'create', '--account', accountId).key;
    expect(tollgate(environment, 'limits', 'set', '--account', accountId, '--monthly-budget-usd', '5').status).toBe(0);

    // Real usage records, written by the gateway: two models, two keys, one error answer.
    const client = new OpenAI({ baseURL: `${started.url}/v1`, apiKey: key, maxRetries: 0 });
    await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'one' }] });
    const stream = await client.chat.completions.create({
      model: 'deepseek-chat',
      messages: [{ role: 'user', content: 'two' }],
      stream: true,
    });
    for await (const chunk of stream) expect(chunk).toBeDefined();
    await client.chat.completions.create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'three' }] });
    await expect(
      client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'four' }] }),
    ).rejects.toThrow();
    const second = new OpenAI({ baseURL: `${started.url}/v1`, apiKey: secondKey, maxRetries: 0 });
    await second.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'five' }] });
    // Records are written after the answer: wait until all five are there.
    for (let attempt = 0; attempt < 60; attempt++) {
      const rows = tollgateJson<UsageRow[]>(environment, 'usage', '--account', accountId, '--by', 'account');
      if (rows[0] && rows[0].requests + rows[0].errors >= 5) break;
      await new Promise((wake) => setTimeout(wake, 500));
    }

    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    if (started) {
      pressCtrlC(started);
      await started.exited;
    }
    await upstream?.close();
    if (dataDirectory) {
      for (const database of dynamoDbLocalProcessesOf(join(dataDirectory, 'dynamodb')) ?? []) process.kill(database.pid, 'SIGKILL');
      rmSync(dataDirectory, { recursive: true, force: true });
    }
  });

  it("takes a key, draws the account's usage per day, model and key, its budget and limits, and exports CSV", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    const requests = recordRequests(page);
    await page.goto(`${started.url}/dashboard`);
    expect(await page.title()).toBe('Tollgate usage');
    const keyInput = page.locator('#api-key');
    expect(await keyInput.getAttribute('type')).toBe('password');
    await keyInput.fill(key);
    await page.getByRole('button', { name: 'Show usage' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Usage from/ })
      .waitFor();

    // The figures the page shows are the CLI's, from the same records.
    const cliByModel = tollgateJson<UsageRow[]>(environment, 'usage', '--account', accountId, '--by', 'model');
    const pageByModel = await tableRows(page, 'model');
    expect(
      pageByModel
        .map((row) => ({ model: row.model, requests: Number(row.requests), errors: Number(row.errors), costUsd: Number(row.costUsd) }))
        .sort((a, b) => a.model.localeCompare(b.model)),
    ).toEqual(
      cliByModel
        .map((row) => ({ model: String(row.model), requests: row.requests, errors: row.errors, costUsd: row.costUsd }))
        .sort((a, b) => a.model.localeCompare(b.model)),
    );
    expect(pageByModel.map((row) => row.model)).toEqual(expect.arrayContaining(['deepseek-chat', 'deepseek-reasoner']));
    const perKey = await tableRows(page, 'key');
    expect(perKey).toHaveLength(2);
    expect(perKey.reduce((sum, row) => sum + Number(row.requests), 0)).toBe(4);
    const today = new Date().toISOString().slice(0, 10);
    const perDay = await tableRows(page, 'day');
    expect(perDay.find((row) => row.day === today)).toMatchObject({ requests: '4', errors: '1' });
    // Legends carry the figures as text.
    await expect(page.locator('figure', { hasText: 'Requests and errors' }).locator('.legend').textContent()).resolves.toContain(
      'Requests: 4',
    );
    await expect(page.locator('[data-view="budget"]').textContent()).resolves.toMatch(
      /^Spent in \d{4}-\d{2}: \$[\d.]+ of a \$5\.00 monthly budget/,
    );
    expect(await tableRows(page, 'limits')).toHaveLength(2);

    // Every chart is drawn.
    const painted = await paintedPixels(page);
    expect(painted.length).toBeGreaterThanOrEqual(5);
    for (const pixels of painted) expect(pixels).toBeGreaterThan(100);

    const download = page.waitForEvent('download');
    await page
      .locator('table[data-view="model"]')
      .locator('xpath=ancestor::div[@class="table-block"]')
      .getByRole('button', { name: 'Download CSV' })
      .click();
    const csv = readFileSync(await (await download).path(), 'utf8');
    // The CLI's CSV columns (`tollgate usage --by model --format csv`), exact numbers.
    expect(csv.split('\r\n')[0]).toBe(
      'model,operation,requests,errors,inputTokens,cacheReadTokens,cacheWriteTokens,outputTokens,reasoningTokens,costUsd',
    );
    expect(csv).toContain('deepseek-reasoner,generate,1,0,');

    // The key: only in the Authorization header of same-origin requests, never in a URL, storage or the page.
    const origin = new URL(started.url).origin;
    expect(requests.length).toBeGreaterThanOrEqual(3);
    for (const request of requests) {
      expect(new URL(request.url()).origin).toBe(origin);
      expect(request.url()).not.toContain(key);
      expect(request.url()).not.toContain(key.slice(3, 15));
    }
    const apiCalls = requests.filter((request) => new URL(request.url()).pathname.startsWith('/v1/'));
    expect(apiCalls.map((request) => new URL(request.url()).pathname).sort()).toEqual(['/v1/usage', '/v1/usage/limits']);
    for (const call of apiCalls) expect(call.headers().authorization).toBe(`Bearer ${key}`);
    expect(await keyInput.inputValue()).toBe('');
    expect(
      await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie),
    ).not.toContain(key);
    expect(await page.content()).not.toContain(key);

    await page.screenshot({ path: join(OUTPUT, 'holder-dashboard.png'), fullPage: true });
    await context.close();
  });

  it("refuses another account's view: a wrong key draws nothing and is forgotten", async () => {
    const page = await browser.newPage();
    await page.goto(`${started.url}/dashboard`);
    await page.locator('#api-key').fill(`tg_aaaaaaaaaaaa_${'b'.repeat(43)}`);
    await page.getByRole('button', { name: 'Show usage' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^The key was refused/ })
      .waitFor();
    expect(await page.locator('canvas').count()).toBe(0);
    await page.close();
  });

  it("fits a phone's width", async () => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(`${started.url}/dashboard`);
    await page.locator('#api-key').fill(key);
    await page.getByRole('button', { name: 'Show usage' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^Usage from/ })
      .waitFor();
    // No sideways scrolling of the page (wide tables scroll inside their own box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    for (const pixels of await paintedPixels(page)) expect(pixels).toBeGreaterThan(100);
    await page.screenshot({ path: join(OUTPUT, 'holder-dashboard-phone.png'), fullPage: true });
    await context.close();
  });

  it('serves the operator view over all accounts with `tollgate dashboard`, on 127.0.0.1', async () => {
    const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'bin/tollgate.js'), 'dashboard', '--port', '0'], {
      cwd: ROOT,
      env: environment,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let stdout = '';
        child.stdout?.on('data', (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = /^(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)\n/m.exec(stdout);
          if (line) resolve(line[1]);
        });
        void exited.then((code) => reject(new Error(`tollgate dashboard exited with ${code}`)));
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const requests = recordRequests(page);
      await page.goto(url);
      await page
        .getByRole('status')
        .filter({ hasText: /^All accounts from/ })
        .waitFor();
      // The token left the address bar (kept in this tab's sessionStorage for reloads).
      expect(page.url()).not.toContain('token');
      const accounts = await tableRows(page, 'account');
      expect(accounts).toEqual([expect.objectContaining({ accountId, requests: '4', errors: '1' })]);
      const statuses = await tableRows(page, 'status');
      expect(statuses).toEqual([expect.objectContaining({ status: '404', answers: '1' })]);
      for (const pixels of await paintedPixels(page)) expect(pixels).toBeGreaterThan(100);
      for (const request of requests) expect(new URL(request.url()).origin).toBe(new URL(url).origin);
      await page.screenshot({ path: join(OUTPUT, 'operator-dashboard.png'), fullPage: true });
      await page.close();
    } finally {
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    }
  });
});
