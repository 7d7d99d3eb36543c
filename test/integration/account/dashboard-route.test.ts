import type { APIGatewayProxyResult, Context } from 'aws-lambda';
import { buildDashboardScript } from '../../../lambda/dashboard/build-dashboard-script';
import { useDashboardScriptSource } from '../../../lambda/dashboard/dashboard-script';
import { createAccountHandler } from '../../../lambda/handlers/account';
import { createTestStore, type TestStore } from '../../support/test-store';
import { proxyEvent } from './account-api-support';

describe('GET /dashboard through the account handler', () => {
  let store: TestStore;
  let call: (...args: Parameters<typeof proxyEvent>) => Promise<APIGatewayProxyResult>;
  let builds = 0;

  beforeAll(async () => {
    store = await createTestStore();
    // As npm start does: the page's script built from the sources (in Lambda it is read from the bundle).
    useDashboardScriptSource(() => {
      builds += 1;
      return buildDashboardScript();
    });
    const handler = createAccountHandler({ documentClient: store.documentClient, tableNames: store.tableNames });
    call = async (...args) => await handler(proxyEvent(...args), {} as Context);
  }, 120_000);
  afterAll(() => store.close());

  it('serves the page without a key, with its own Content-Security-Policy, built once', async () => {
    const first = await call('GET', '/dashboard');
    expect(first.statusCode).toBe(200);
    expect(first.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    });
    expect(String(first.headers?.['content-security-policy'])).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(first.body).toContain('<body data-mode="holder">');
    const second = await call('GET', '/dashboard/');
    expect(second.body).toBe(first.body);
    expect(builds).toBe(1);
  });

  it('refuses a key in its URL and methods other than GET', async () => {
    const leaked = await call('GET', '/dashboard', { query: { key: 'tg_aaaaaaaaaaaa_secret' } });
    expect(leaked.statusCode).toBe(400);
    expect(leaked.body).not.toContain('tg_aaaaaaaaaaaa_secret');
    const posted = await call('POST', '/dashboard');
    expect(posted.statusCode).toBe(405);
    expect(posted.headers).toMatchObject({ allow: 'GET' });
  });
});
