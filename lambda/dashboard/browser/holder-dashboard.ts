import { formatCount, formatUsd } from '../../cli/output';
import type { UsageRow } from '../../usage/aggregate-usage';
import { ApiError, getJson, query } from './api-client';
import { h, replaceChildren } from './dom';
import { rangeInputs } from './range-form';
import { ChartSet, perDaySection, perModelSection, perSplitSection, summary, TOTAL_COLUMNS, usageTable } from './usage-sections';
import { holderViews } from './usage-views';

/** `GET /v1/usage?by=day,model,key`. */
interface UsageList {
  readonly from: string;
  readonly to: string;
  readonly data: readonly UsageRow[];
}

/** `GET /v1/usage/limits`. */
interface Limits {
  readonly month: string;
  readonly monthlyBudgetUsd: number | null;
  readonly spentThisMonthUsd: number;
  readonly keys: readonly { id: string; prefix: string; status: string; rpmLimit: number | null; tpmLimit: number | null }[];
}

/** The budget, what this month has cost, and each key's rate limits. */
function limitsSection(limits: Limits): HTMLElement {
  const budget = limits.monthlyBudgetUsd;
  const spent = `Spent in ${limits.month}: ${formatUsd(limits.spentThisMonthUsd)}`;
  const meter = h('meter', { min: '0', max: String(budget ?? 0), value: String(Math.min(limits.spentThisMonthUsd, budget ?? 0)) });
  return h(
    'section',
    { 'aria-labelledby': 'limits-heading' },
    h('h2', { id: 'limits-heading' }, 'Budget and limits'),
    h(
      'p',
      { 'data-view': 'budget' },
      budget === null
        ? `${spent}; no monthly budget.`
        : `${spent} of a ${formatUsd(budget)} monthly budget (${budget > 0 ? Math.round((100 * limits.spentThisMonthUsd) / budget) : 100}%).`,
    ),
    budget === null ? null : h('label', { class: 'meter' }, 'Budget used', meter),
    usageTable({
      name: 'limits',
      caption: 'Rate limits per key (none: the gateway default)',
      columns: [
        { key: 'id', header: 'Key' },
        { key: 'prefix', header: 'Prefix' },
        { key: 'status', header: 'Status' },
        {
          key: 'rpmLimit',
          header: 'Requests / minute',
          numeric: true,
          format: (value) => (value === null ? 'default' : formatCount(value)),
        },
        { key: 'tpmLimit', header: 'Tokens / minute', numeric: true, format: (value) => (value === null ? 'default' : formatCount(value)) },
      ],
      rows: limits.keys,
      fileName: `tollgate-limits_${limits.month}.csv`,
    }),
  );
}

/**
 * The account holder's dashboard: asks for an API key, keeps it in this page's memory only (never in
 * storage, a cookie or a URL), and reads the key's own account through the holder API with the key in
 * the Authorization header.
 */
export function startHolderDashboard(root: HTMLElement, now: () => Date = () => new Date()): void {
  let key: string | undefined;
  const charts = new ChartSet();
  const keyInput = h('input', {
    type: 'password',
    id: 'api-key',
    name: 'api-key',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: 'tg_...',
  });
  const range = rangeInputs(now());
  const submit = h('button', { type: 'submit' }, 'Show usage');
  const forget = h('button', { type: 'button', class: 'secondary', hidden: '' }, 'Forget key');
  const keyState = h('span', { class: 'key-state', 'data-view': 'key-state' });
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' }, 'Enter an API key of your account to see its usage.');
  const results = h('div', { class: 'results' });
  const form = h(
    'form',
    { class: 'controls', autocomplete: 'off' },
    h('label', { for: 'api-key' }, 'API key', keyInput),
    range.fields,
    h('div', { class: 'buttons' }, submit, forget, keyState),
  );

  const forgetKey = (message: string) => {
    key = undefined;
    forget.hidden = true;
    keyState.textContent = '';
    charts.destroyAll();
    replaceChildren(results);
    status.textContent = message;
  };
  forget.addEventListener('click', () => forgetKey('The key is forgotten. Enter a key to see usage again.'));

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = keyInput.value.trim();
    // The key leaves the input at once: it lives in this variable only, until Forget or the page closes.
    keyInput.value = '';
    if (typed) key = typed;
    if (!key) {
      status.textContent = 'Enter an API key first.';
      return;
    }
    const chosen = range.range();
    if (typeof chosen === 'string') {
      status.textContent = chosen;
      return;
    }
    forget.hidden = false;
    keyState.textContent = `Key in use: ${key.slice(0, 7)}…`;
    void show(key, chosen);
  });

  const show = async (credential: string, chosen: { from: string; to: string }) => {
    status.textContent = 'Loading…';
    submit.disabled = true;
    try {
      const [usage, limits] = await Promise.all([
        getJson<UsageList>(`/v1/usage?${query({ by: 'day,model,key', from: chosen.from, to: chosen.to })}`, credential),
        getJson<Limits>('/v1/usage/limits', credential),
      ]);
      const views = holderViews(usage.data, { from: usage.from, to: usage.to });
      charts.destroyAll();
      const allRows = usageTable({
        name: 'rows',
        caption: 'Every row: per day, model, operation and key',
        columns: [
          { key: 'day', header: 'Day' },
          { key: 'model', header: 'Model' },
          { key: 'operation', header: 'Operation' },
          { key: 'keyId', header: 'Key' },
          ...TOTAL_COLUMNS,
        ],
        rows: usage.data,
        fileName: `tollgate-usage_${chosen.from}_${chosen.to}.csv`,
      });
      replaceChildren(
        results,
        summary(views.total),
        limitsSection(limits),
        perDaySection(views, charts),
        perModelSection(views, charts),
        perSplitSection(views, charts, { column: 'keyId', title: 'Per key', chartLimit: 20 }),
        h('section', { 'aria-labelledby': 'rows-heading' }, h('h2', { id: 'rows-heading' }, 'All rows'), allRows),
      );
      status.textContent = `Usage from ${chosen.from} to ${chosen.to} (exclusive, UTC): ${formatCount(views.total.requests)} requests, ${formatCount(views.total.errors)} errors, ${formatUsd(views.total.costUsd)}.`;
    } catch (error) {
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) forgetKey(`The key was refused: ${error.message}`);
      else status.textContent = error instanceof Error ? `Could not load the usage: ${error.message}` : 'Could not load the usage.';
    } finally {
      submit.disabled = false;
    }
  };

  replaceChildren(root, form, status, results);
}
