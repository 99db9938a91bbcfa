/**
 * The status site's one stylesheet, served as the file `/site/site.css` (the CSP allows no inline
 * style). Kept in a module so the build carries it to dist/ with the code.
 */
export const SITE_CSS = `:root {
  color-scheme: light dark;
  --bg: #ffffff;
  --fg: #1a1a1a;
  --muted: #4a4a4a;
  --link: #0b4f8a;
  --border: #767676;
  --card: #f4f5f7;
  --focus: #0b4f8a;
  --ok: #1d6b35;
  --warn: #8a4b00;
  --bad: #a3121d;
  --maint: #3c4fa3;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121417;
    --fg: #eceff3;
    --muted: #c3c8cf;
    --link: #9cc8ff;
    --border: #8b929b;
    --card: #1e2227;
    --focus: #ffd166;
    --ok: #7ddc93;
    --warn: #ffc36b;
    --bad: #ff9a9a;
    --maint: #aab7ff;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0;
  font: 1rem/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  background: var(--bg);
  color: var(--fg);
}
a { color: var(--link); }
a:focus-visible, main:focus-visible {
  outline: 3px solid var(--focus);
  outline-offset: 2px;
}
.skip-link {
  position: absolute;
  left: 0.5rem;
  top: -3rem;
  padding: 0.5rem 1rem;
  background: var(--bg);
  color: var(--link);
  z-index: 10;
}
.skip-link:focus { top: 0.5rem; }
.site-header, .site-footer, main { max-width: 60rem; margin: 0 auto; padding: 1rem; }
.site-header { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; border-bottom: 1px solid var(--border); }
.site-name { font-weight: 700; font-size: 1.25rem; text-decoration: none; }
.site-header ul { list-style: none; display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; margin: 0; padding: 0; }
.site-footer { border-top: 1px solid var(--border); color: var(--muted); font-size: 0.9rem; }
.overall { font-size: 1.25rem; padding: 1rem; background: var(--card); border-left: 0.5rem solid var(--border); }
.components { list-style: none; padding: 0; margin: 0; }
.components > li { padding: 0.6rem 0.75rem; border-bottom: 1px solid var(--border); display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; justify-content: space-between; }
.via { flex-basis: 100%; color: var(--muted); font-size: 0.9rem; margin: 0; }
.status { font-weight: 600; white-space: nowrap; }
.status::before { content: '●' / ''; margin-right: 0.35em; }
.status-operational { color: var(--ok); }
.status-operational::before { content: '✓' / ''; }
.status-degraded_performance { color: var(--warn); }
.status-degraded_performance::before { content: '◐' / ''; }
.status-partial_outage { color: var(--bad); }
.status-partial_outage::before { content: '▲' / ''; }
.status-major_outage { color: var(--bad); }
.status-major_outage::before { content: '✕' / ''; }
.status-under_maintenance { color: var(--maint); }
.status-under_maintenance::before { content: '⚙' / ''; }
.card { background: var(--card); padding: 0.75rem 1rem; margin: 0 0 1rem; border-radius: 0.25rem; }
.card h3 { margin-top: 0; }
.meta { color: var(--muted); font-size: 0.9rem; }
.log-hash { overflow-wrap: anywhere; }
.history-placeholder { color: var(--muted); border: 1px dashed var(--border); padding: 0.75rem; }
.timeline { list-style: none; padding: 0; border-left: 2px solid var(--border); }
.timeline > li { padding: 0 0 1rem 1rem; }
.correction { color: var(--muted); font-size: 0.9rem; }
dl.contact { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
dl.contact dt { font-weight: 600; }
dl.contact dd { margin: 0; }
.text { white-space: pre-line; unicode-bidi: isolate; overflow-wrap: anywhere; }
/* Operator text without spaces (a long name) wraps instead of widening the page at 320 px (WCAG 1.4.10). */
h1, h2, h3, main a, dd, .via { overflow-wrap: anywhere; }
/* —— Part E: the dependency picture, the history pager, the accessibility statement —— */
.dependency-figure { margin: 0 0 1rem; }
.dependency-graph { display: block; max-width: 100%; height: auto; }
.dependency-graph .edge { fill: none; stroke: var(--muted); stroke-width: 1.5; }
.dependency-graph .arrow-head { fill: var(--muted); }
.dependency-graph .node-box { fill: var(--card); stroke: var(--border); stroke-width: 1.5; }
.dependency-graph .node-root .node-box { stroke: var(--fg); stroke-width: 3; }
.dependency-graph text { fill: var(--fg); font: 13px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; unicode-bidi: isolate; }
.dependency-graph .node-name { font-weight: 600; }
.dependency-graph .node-operational .node-status { fill: var(--ok); }
.dependency-graph .node-degraded_performance .node-box { stroke: var(--warn); stroke-dasharray: 8 4; }
.dependency-graph .node-degraded_performance .node-status { fill: var(--warn); }
.dependency-graph .node-partial_outage .node-box { stroke: var(--bad); stroke-width: 2.5; stroke-dasharray: 4 3; }
.dependency-graph .node-partial_outage .node-status { fill: var(--bad); }
.dependency-graph .node-major_outage .node-box { stroke: var(--bad); stroke-width: 3.5; }
.dependency-graph .node-major_outage .node-status { fill: var(--bad); }
.dependency-graph .node-under_maintenance .node-box { stroke: var(--maint); stroke-width: 2.5; stroke-dasharray: 1 3; stroke-linecap: round; }
.dependency-graph .node-under_maintenance .node-status { fill: var(--maint); }
.dependency-tree, .dependency-tree ul { list-style: disc; padding-left: 1.25rem; }
.dependency-tree li { margin: 0.2rem 0; }
@media (max-width: 30rem) { .dependency-tree ul { padding-left: 0.5rem; } }
.dependency-tree .status { margin-left: 0.5rem; }
.dependency-tree .also { margin: 0; color: var(--muted); font-size: 0.9rem; }
.pager { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: baseline; }
.statement h2 { margin-top: 2rem; }
/* --- Part D: 90-day bars, /as-of, /maintenance, /history ---------------------------------- */
.uptime-bars { list-style: none; padding: 0; margin: 0; }
.uptime-bar { padding: 0.6rem 0; border-bottom: 1px solid var(--border); }
.uptime-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 0.25rem 1rem; margin: 0 0 0.35rem; }
.uptime-total { font-weight: 600; }
.uptime-svg { display: block; width: 100%; height: 2rem; }
.day-operational { fill: var(--ok); background: var(--ok); }
.day-degraded_performance { fill: var(--warn); background: var(--warn); }
.day-partial_outage { fill: var(--bad); background: var(--bad); opacity: 0.75; }
.day-major_outage { fill: var(--bad); background: var(--bad); }
.day-under_maintenance { fill: var(--maint); background: var(--maint); }
.day-none { fill: var(--border); background: var(--border); }
.uptime-help { color: var(--muted); font-size: 0.9rem; }
.uptime-legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; font-size: 0.9rem; }
.legend-box { display: inline-block; width: 0.8rem; height: 0.8rem; vertical-align: middle; }
.uptime-days summary { cursor: pointer; color: var(--link); margin-top: 0.35rem; }
.uptime-days summary:focus-visible, .as-of-form input:focus-visible, .as-of-form button:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.uptime-days table, table.history { border-collapse: collapse; margin: 0.5rem 0; }
.uptime-days th, .uptime-days td, table.history th, table.history td { text-align: left; padding: 0.15rem 0.75rem 0.15rem 0; border-bottom: 1px solid var(--border); }
.uptime-days caption { text-align: left; font-weight: 600; }
.as-of-form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 1rem 0; }
.as-of-form label { display: block; font-weight: 600; }
.as-of-form input { font: inherit; padding: 0.3rem; color: var(--fg); background: var(--bg); border: 1px solid var(--border); }
.as-of-form button { font: inherit; padding: 0.35rem 1rem; color: var(--bg); background: var(--link); border: 1px solid var(--link); cursor: pointer; }
.history-list { list-style: none; padding: 0; margin: 0; }
.pager ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; }
/* —— Part B: the API reference (/api) and the problem pages (/problems) —— */
.api-table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; font-size: 0.95rem; }
.api-table th, .api-table td { border: 1px solid var(--border); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
.operation h3 { overflow-wrap: anywhere; }
.operation h4 { margin: 1rem 0 0.25rem; }
.method { font-weight: 700; }
.problem-codes { columns: 2 18rem; }
/* —— Issue 11: the subscription forms and pages (GOV.UK's error pattern) —— */
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip-path: inset(50%); white-space: nowrap; border: 0; }
.subscribe-form { max-width: 40rem; }
.subscribe-form .field { margin: 0 0 1.5rem; padding: 0; border: 0; min-width: 0; }
.subscribe-form .field-invalid { border-left: 0.3rem solid var(--bad); padding-left: 0.75rem; }
.field-label { display: block; font-weight: 700; font-size: 1.1rem; margin: 0 0 0.25rem; padding: 0; }
.hint { color: var(--muted); margin: 0 0 0.5rem; }
.field-error { color: var(--bad); font-weight: 700; margin: 0 0 0.5rem; }
.text-input { font: inherit; width: 100%; max-width: 30rem; padding: 0.4rem; color: var(--fg); background: var(--bg); border: 2px solid var(--fg); }
.field-invalid .text-input { border-color: var(--bad); }
.choice { display: flex; align-items: flex-start; gap: 0.5rem; margin: 0.35rem 0; }
.choice input { width: 1.25rem; height: 1.25rem; margin: 0.15rem 0 0; flex: none; accent-color: var(--link); }
.choice label { overflow-wrap: anywhere; }
.choice-group { border: 0; padding: 0; margin: 0.75rem 0 0; min-width: 0; }
.choice-group legend { font-weight: 600; padding: 0; }
.consent-text { background: var(--card); padding: 0.75rem; margin: 0 0 0.5rem; }
.button { font: inherit; font-weight: 600; padding: 0.5rem 1.25rem; color: var(--bg); background: var(--link); border: 2px solid var(--link); cursor: pointer; }
.button-danger { background: var(--bad); border-color: var(--bad); }
.text-input:focus-visible, .choice input:focus-visible, .button:focus-visible, .error-summary:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
.error-summary { border: 0.3rem solid var(--bad); padding: 1rem; margin: 0 0 1.5rem; }
.error-summary-title { margin-top: 0; }
.error-summary ul { margin: 0; padding-left: 1.25rem; }
.error-summary a { color: var(--bad); font-weight: 600; }
.notice { border-left: 0.5rem solid var(--ok); background: var(--card); padding: 0.75rem 1rem; }

/* --- Issue 12: the municipality chooser (?kommune=) and "Berører kun" -------------------- */
.municipality-form { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: end; margin: 0.5rem 0 1rem; }
.municipality-form p { margin: 0; }
.municipality-form label { display: block; font-weight: 600; }
.municipality-select { font: inherit; padding: 0.3rem; color: var(--fg); background: var(--bg); border: 1px solid var(--border); max-width: 100%; }
.municipality-form button { font: inherit; padding: 0.35rem 1rem; color: var(--bg); background: var(--link); border: 1px solid var(--link); cursor: pointer; }
.municipality-select:focus-visible, .municipality-form button:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }
.municipality-shown { border-left: 0.5rem solid var(--link); background: var(--card); padding: 0.5rem 1rem; }
`;
