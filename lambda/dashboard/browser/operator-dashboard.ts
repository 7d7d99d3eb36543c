import { formatCount, formatUsd } from '../../cli/output';
import { getJson, query } from './api-client';
import { h, replaceChildren } from './dom';
import { rangeInputs } from './range-form';
import { ChartSet, errorsSection, perDaySection, perModelSection, perSplitSection, summary } from './usage-sections';
import { operatorViews, type OperatorUsage } from './usage-views';

/** Where `tollgate dashboard` puts its access token: the URL's fragment, which browsers never send. */
const TOKEN_FRAGMENT = /^#token=([A-Za-z0-9_-]+)$/;
const TOKEN_STORAGE = 'tollgate-operator-token';

/**
 * The token of this `tollgate dashboard` run: taken from the fragment of the URL it printed, then kept in
 * this tab's sessionStorage and removed from the address bar (history), so a reload still works.
 */
function operatorToken(): string | undefined {
  const match = TOKEN_FRAGMENT.exec(window.location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_STORAGE, match[1]);
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem(TOKEN_STORAGE) ?? undefined;
}

/**
 * The operator's view of `tollgate dashboard` (loopback only): all accounts, top accounts by cost,
 * per-model totals, errors and refusals. Same sections and charts as the holder's page.
 */
export function startOperatorDashboard(root: HTMLElement, now: () => Date = () => new Date()): void {
  const token = operatorToken();
  const charts = new ChartSet();
  const range = rangeInputs(now());
  const submit = h('button', { type: 'submit' }, 'Show usage');
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const results = h('div', { class: 'results' });
  const form = h('form', { class: 'controls' }, range.fields, h('div', { class: 'buttons' }, submit));

  const show = async () => {
    const chosen = range.range();
    if (typeof chosen === 'string') {
      status.textContent = chosen;
      return;
    }
    if (!token) {
      status.textContent = 'Open the URL that `tollgate dashboard` printed (it carries the access token after #).';
      return;
    }
    status.textContent = 'Loading…';
    submit.disabled = true;
    try {
      const usage = await getJson<OperatorUsage>(`/operator/usage?${query({ from: chosen.from, to: chosen.to })}`, token);
      const views = operatorViews(usage);
      charts.destroyAll();
      replaceChildren(
        results,
        summary(views.total),
        perDaySection(views, charts),
        perModelSection(views, charts),
        perSplitSection(views, charts, { column: 'accountId', title: 'Top accounts by cost', chartLimit: 10 }),
        errorsSection(views, charts),
      );
      status.textContent = `All accounts from ${chosen.from} to ${chosen.to} (exclusive, UTC): ${formatCount(views.total.requests)} requests, ${formatCount(views.total.errors)} errors, ${formatUsd(views.total.costUsd)}.`;
    } catch (error) {
      status.textContent = error instanceof Error ? `Could not load the usage: ${error.message}` : 'Could not load the usage.';
    } finally {
      submit.disabled = false;
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });
  replaceChildren(root, form, status, results);
  void show();
}
