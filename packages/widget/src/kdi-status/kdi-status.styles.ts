import { css } from '../internal/element-base.js';

// Defaults meet WCAG 2.1 AA, light on #fff and dark on #161b22: every status colour is ≥ 5.4:1
// (light) and ≥ 6.8:1 (dark), so it serves for label text (4.5:1) as well as for icons and
// borders (3:1); neutral borders are ≥ 3:1. No yellow: #FEBB30 on white is 1.7:1.
// Colours are set on the widget's own boxes, not only inherited from :host: a page's
// `* { all: unset }` reaches the host element (and so what it passes down), never inside.
// Internal names are short (they are in every page view): --_mu muted, --_bd border, --_fc focus,
// --_sc the status colour; per status its initials (--_dp degraded_performance, --_po, --_mo, --_um).
const dark = css`
  --_fg: #e6edf3;
  --_mu: #9da7b3;
  --_bg: #161b22;
  --_bd: #6e7681;
  --_fc: #79c0ff;
  --_ok: #3fb950;
  --_dp: #d29922;
  --_po: #f0883e;
  --_mo: #ff7b72;
  --_um: #79c0ff;
`;

export default css`
  :host {
    display: block;
    font-family: var(--kdi-status-font-family, inherit);
    font-size: var(--kdi-status-font-size, inherit);
    line-height: 1.4;
    --_fg: #1f2328;
    --_mu: #57606a;
    --_bg: #fff;
    --_bd: #8c959f;
    --_fc: #0550ae;
    --_ok: #067647;
    --_dp: #8a6100;
    --_po: #b54708;
    --_mo: #b3261e;
    --_um: #175cd3;
  }
  :host([variant='badge']) {
    display: inline-block;
    max-width: 100%;
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }

  .banner,
  .card,
  .badge {
    --_sc: var(--kdi-status-color-operational, var(--_ok));
    color: var(--kdi-status-color, var(--_fg));
    /* Long words (an e-mail address, a URL) break only when nothing else fits the line. */
    overflow-wrap: break-word;
    text-align: start;
  }
  [data-status='degraded_performance'] {
    --_sc: var(--kdi-status-color-degraded-performance, var(--_dp));
  }
  [data-status='partial_outage'] {
    --_sc: var(--kdi-status-color-partial-outage, var(--_po));
  }
  [data-status='major_outage'] {
    --_sc: var(--kdi-status-color-major-outage, var(--_mo));
  }
  [data-status='under_maintenance'] {
    --_sc: var(--kdi-status-color-under-maintenance, var(--_um));
  }
  [data-status='unknown'] {
    --_sc: var(--kdi-status-muted-color, var(--_mu));
  }

  .banner,
  .items {
    display: grid;
    gap: var(--kdi-status-gap, 0.5rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .item,
  .card,
  .badge,
  .notice {
    background: var(--kdi-status-background, var(--_bg));
    border: 1px solid var(--_sc);
    border-radius: var(--kdi-status-radius, 0.25rem);
  }
  .item,
  .card,
  .notice {
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    padding: var(--kdi-status-padding, 0.75rem 1rem);
  }
  .item,
  .card {
    border-inline-start-width: 0.375rem;
  }
  .item[hidden] {
    display: none;
  }

  /* Reserves its size while loading: the lines are the same before and after the data. */
  .card {
    display: grid;
    gap: 0.25rem;
    align-content: start;
    box-sizing: border-box;
    min-height: 9em;
    border-color: var(--kdi-status-border-color, var(--_bd));
    border-inline-start-color: var(--_sc);
  }
  .state {
    display: flex;
    gap: 0.5rem;
    align-items: flex-start;
  }
  .link {
    justify-self: start;
  }
  .link[data-loading] {
    visibility: hidden;
  }

  .badge {
    display: inline-flex;
    gap: 0.375em;
    align-items: center;
    justify-content: center;
    box-sizing: border-box;
    max-width: 100%;
    min-width: 9em;
    min-height: 2em;
    padding: 0.125em 0.75em;
    border-radius: 1em;
    text-decoration: none;
    font-size: 0.875em;
  }
  .badge:hover .label {
    text-decoration: underline;
  }
  /* A state from earlier, not current: dashed, the status colour still solid. */
  [data-stale] {
    border-style: dashed;
    border-inline-start-style: solid;
  }

  .icon {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    color: var(--_sc);
  }
  svg {
    display: block;
    width: 100%;
    height: 100%;
  }
  .body {
    flex: 1;
    min-width: 0;
  }
  p {
    margin: 0;
  }
  .label {
    color: var(--_sc);
  }
  .heading,
  .label {
    font-weight: 700;
  }
  .link,
  .title {
    font-weight: 600;
  }
  .meta,
  .via,
  .vendor,
  .notice,
  .when {
    color: var(--kdi-status-muted-color, var(--_mu));
    font-size: 0.875em;
  }
  .notice {
    --_sc: var(--_bd);
    align-items: center;
    padding-block: 0.5rem;
    border-style: dashed;
  }
  .message {
    margin-block: 0.25rem;
  }
  a {
    color: inherit;
  }
  /* A phone number is read as one: "+45 00 00 00 / 01" on two lines is a wrong number. */
  a[href^='tel:'] {
    white-space: nowrap;
  }

  button {
    font: inherit;
    color: inherit;
    background: none;
    cursor: pointer;
  }
  .dismiss {
    flex: none;
    /* A target of at least 24 × 24 px (WCAG 2.2), the cross inside it. */
    width: 1.75em;
    height: 1.75em;
    margin: -0.25em -0.5em 0 0;
    padding: 0.375em;
    border: 0;
    border-radius: 0.25rem;
  }
  .more {
    justify-self: start;
    padding: 0.25rem 0.75rem;
    border: 1px solid var(--kdi-status-border-color, var(--_bd));
    border-radius: var(--kdi-status-radius, 0.25rem);
    background: var(--kdi-status-background, var(--_bg));
    color: var(--kdi-status-color, var(--_fg));
  }
  :focus-visible {
    outline: 2px solid var(--kdi-status-focus-color, var(--_fc));
    outline-offset: 2px;
  }

  .vh {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  /* Windows high contrast and the like: system colours, borders kept (they carry the layout). */
  @media (forced-colors: active) {
    .icon,
    .label {
      color: CanvasText;
    }
    .item,
    .card,
    .badge,
    .notice,
    .more {
      border-color: CanvasText;
    }
  }
`;
