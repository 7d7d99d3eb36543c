import { createHash } from 'node:crypto';
import { DASHBOARD_STYLE } from './dashboard-style';

/** `holder`: an account holder with an API key (GET /dashboard); `operator`: `tollgate dashboard`, all accounts. */
export type DashboardMode = 'holder' | 'operator';

export interface DashboardPage {
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** `'sha256-...'`: a CSP source that allows exactly this inline script or style. */
const hashSource = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The page's Content-Security-Policy: nothing but its own inline script and style (by hash), requests
 * only to its own origin, no frames, forms, plugins, images or fonts from anywhere.
 */
export function dashboardContentSecurityPolicy(script: string): string {
  return [
    "default-src 'none'",
    `script-src ${hashSource(script)}`,
    `style-src ${hashSource(DASHBOARD_STYLE)}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

const TITLES: Readonly<Record<DashboardMode, { title: string; subtitle: string }>> = {
  holder: { title: 'Tollgate usage', subtitle: "Your account's requests, tokens and cost" },
  operator: { title: 'Tollgate operator dashboard', subtitle: 'All accounts, from the store the CLI reads (this machine only)' },
};

/**
 * One self-contained page: its style, its script and Chart.js inline, nothing loaded from anywhere
 * else. The script (built by build-dashboard-script.ts) draws everything inside `#app`.
 */
export function dashboardPage(mode: DashboardMode, script: string): DashboardPage {
  const { title, subtitle } = TITLES[mode];
  // Lines joined at run time: the minified bundle keeps no line breaks of its own.
  const html = [
    `<!doctype html>`,
    `<html lang="en">`,
    `<head>`,
    `<meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta name="referrer" content="no-referrer">`,
    `<title>${title}</title>`,
    `<style>${DASHBOARD_STYLE}</style>`,
    `</head>`,
    `<body data-mode="${mode}">`,
    `<header><h1>${title}</h1><p>${subtitle}</p></header>`,
    `<main id="app"><noscript>This page needs JavaScript to draw its charts.</noscript></main>`,
    `<script>${script}</script>`,
    `</body>`,
    `</html>`,
    '',
  ].join('\n');
  return {
    html,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': dashboardContentSecurityPolicy(script),
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    },
  };
}
