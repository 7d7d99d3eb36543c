import { createHash } from 'node:crypto';
import { buildDashboardScript } from '../../../lambda/dashboard/build-dashboard-script';
import { dashboardPage } from '../../../lambda/dashboard/dashboard-page';
import { DASHBOARD_STYLE } from '../../../lambda/dashboard/dashboard-style';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('base64');

describe('dashboard page', () => {
  let script: string;

  beforeAll(async () => {
    // The real bundle (the page's code and Chart.js), as the account function's bundling step builds it.
    script = await buildDashboardScript();
  }, 120_000);

  it('bundles the page script with Chart.js into one inlinable ASCII script', () => {
    expect(script).toContain('Chart.js');
    expect(script).not.toMatch(/<\/script/i);
    // eslint-disable-next-line no-control-regex
    expect(script).toMatch(/^[\x00-\x7f]*$/);
    // Bar charts only are registered: far below Chart.js's full build (about 200 KB minified).
    expect(script.length).toBeLessThan(250_000);
  });

  it('inlines its script and style and allows exactly them in its Content-Security-Policy', () => {
    const page = dashboardPage('holder', script);
    expect(page.html).toContain(`<script>${script}</script>`);
    expect(page.html).toContain(`<style>${DASHBOARD_STYLE}</style>`);
    const policy = page.headers['content-security-policy'];
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      `script-src 'sha256-${sha256(script)}'`,
      `style-src 'sha256-${sha256(DASHBOARD_STYLE)}'`,
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ]);
    expect(page.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' });
  });

  it('loads nothing from anywhere: no src or href in the page', () => {
    for (const mode of ['holder', 'operator'] as const) {
      const { html } = dashboardPage(mode, 'void 0;');
      expect(html).not.toMatch(/\s(src|href)=/);
      expect(html).toContain(`<body data-mode="${mode}">`);
    }
  });
});
