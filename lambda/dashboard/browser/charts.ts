import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { h } from './dom';

// Only what the page draws (bar charts), so the bundle carries no unused chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

/** One series of a chart, with the figures its legend shows as text. */
export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: string;
  /** Puts series with the same stack name on top of each other. @default each series its own bar */
  readonly stack?: string;
}

export interface BarChartSpec {
  /** Heading above the chart; also the canvas's accessible name. */
  readonly title: string;
  readonly labels: readonly string[];
  readonly series: readonly Series[];
  /** How values are written in the legend and tooltips. */
  readonly format: (value: number) => string;
  /** Bars along the vertical axis (long labels such as model names). @default false */
  readonly horizontal?: boolean;
}

/** Colours that stay apart for common colour blindness (Okabe-Ito). */
export const COLORS = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
  black: '#000000',
} as const;

/**
 * A bar chart in a figure with a legend in text: every series' name and total, so that what the bars
 * show is readable without the pixels (screen readers, tests); the table below each chart has every value.
 * Returns the figure and the chart (destroy it before drawing the view again).
 */
export function barChart(spec: BarChartSpec): { figure: HTMLElement; chart: Chart } {
  const canvas = h('canvas', { role: 'img', 'aria-label': `${spec.title}: chart; the same figures are in the legend and the table below` });
  const legend = h(
    'ul',
    { class: 'legend' },
    ...spec.series.map((series) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      // A CSSOM property, not a style attribute: allowed by the page's Content-Security-Policy.
      swatch.style.backgroundColor = series.color;
      const total = series.values.reduce((sum, value) => sum + value, 0);
      return h('li', { 'data-series': series.label }, swatch, `${series.label}: `, h('strong', {}, spec.format(total)));
    }),
  );
  const box = h('div', { class: 'chart' }, canvas);
  // One bar per row: the chart grows with the rows (a CSSOM property, allowed by the CSP).
  if (spec.horizontal) box.style.height = `${60 + 28 * Math.max(1, spec.labels.length)}px`;
  const figure = h('figure', { class: 'chart-figure' }, h('figcaption', {}, spec.title), box, legend);
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [...spec.labels],
      datasets: spec.series.map((series) => ({
        label: series.label,
        data: [...series.values],
        backgroundColor: series.color,
        stack: series.stack ?? series.label,
      })),
    },
    options: {
      indexAxis: spec.horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      // Drawn at once: nothing moves while someone reads it (or a test looks at the pixels).
      animation: false,
      scales: {
        x: { stacked: true, ticks: spec.horizontal ? { callback: (value) => spec.format(Number(value)) } : { maxRotation: 60 } },
        y: { stacked: true, ticks: spec.horizontal ? {} : { callback: (value) => spec.format(Number(value)) } },
      },
      plugins: {
        tooltip: { callbacks: { label: (item) => `${item.dataset.label ?? ''}: ${spec.format(Number(item.raw))}` } },
      },
    },
  });
  return { figure, chart };
}
