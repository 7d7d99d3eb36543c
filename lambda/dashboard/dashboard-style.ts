/**
 * The dashboard page's style sheet, inlined into the page and allowed by its hash in the
 * Content-Security-Policy. One column on a phone, wider tables scroll inside their box.
 */
export const DASHBOARD_STYLE = `
:root { color-scheme: light; --ink: #1b1f24; --muted: #5b6470; --line: #d6dbe1; --accent: #0072b2; --bg: #f6f7f9; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
header { padding: 12px 16px; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 1.2rem; }
header p { margin: 2px 0 0; color: var(--muted); font-size: 0.9rem; }
main { max-width: 1100px; margin: 0 auto; padding: 12px 16px 40px; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-end; background: #fff; padding: 12px; border: 1px solid var(--line); border-radius: 8px; }
.controls label { display: flex; flex-direction: column; gap: 4px; font-size: 0.85rem; color: var(--muted); }
.controls input { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 0; }
#api-key { width: 22rem; max-width: 100%; }
.range { display: flex; gap: 12px; flex-wrap: wrap; }
.buttons { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
button { font: inherit; padding: 6px 14px; border-radius: 6px; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:disabled { opacity: 0.6; cursor: progress; }
.key-state { color: var(--muted); font-size: 0.85rem; }
.status { margin: 12px 0; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; margin: 16px 0; }
section h2 { margin: 0 0 8px; font-size: 1.05rem; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 8px; margin: 16px 0; }
.summary div { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.summary dt { color: var(--muted); font-size: 0.8rem; }
.summary dd { margin: 0; font-size: 1.15rem; font-weight: 600; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
.chart-figure { margin: 0 0 12px; min-width: 0; }
.chart-figure figcaption { font-weight: 600; margin-bottom: 4px; }
.chart { position: relative; height: 240px; width: 100%; }
.legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 0.85rem; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 5px; border-radius: 2px; vertical-align: -0.05em; }
.table-block { margin-top: 8px; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid var(--line); }
.table-block button { margin-top: 8px; }
meter { width: 100%; height: 1.2em; }
.meter { display: block; color: var(--muted); font-size: 0.85rem; }
@media (max-width: 600px) {
  main { padding: 8px; }
  .controls { flex-direction: column; align-items: stretch; }
  #api-key { width: 100%; }
  .charts { grid-template-columns: 1fr; }
  .chart { height: 200px; }
}
`;
