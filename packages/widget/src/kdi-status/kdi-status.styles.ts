import { css } from 'lit';

// Defaults meet WCAG 2.1 AA on white: every status colour is ≥ 5.4:1, so it serves for the
// label text (4.5:1) as well as for the icon and border (3:1). No yellow: #FEBB30 on white is 1.7:1.
export default css`
  :host {
    display: block;
    font-family: var(--kdi-status-font-family, inherit);
    font-size: var(--kdi-status-font-size, inherit);
    line-height: 1.4;
    color: var(--kdi-status-color, #1f2328);
  }

  :host([hidden]) {
    display: none;
  }

  .banner {
    display: grid;
    gap: var(--kdi-status-gap, 0.5rem);
  }

  .items {
    display: grid;
    gap: var(--kdi-status-gap, 0.5rem);
    margin: 0;
    padding: 0;
    list-style: none;
  }

  .item {
    --_status-color: var(--kdi-status-color-operational, #067647);
    display: flex;
    gap: 0.75rem;
    align-items: flex-start;
    padding: var(--kdi-status-padding, 0.75rem 1rem);
    background: var(--kdi-status-background, #fff);
    border: 1px solid var(--_status-color);
    border-inline-start-width: 0.375rem;
    border-radius: var(--kdi-status-radius, 0.25rem);
  }

  .item[data-status='degraded_performance'] {
    --_status-color: var(--kdi-status-color-degraded-performance, #8a6100);
  }
  .item[data-status='partial_outage'] {
    --_status-color: var(--kdi-status-color-partial-outage, #b54708);
  }
  .item[data-status='major_outage'] {
    --_status-color: var(--kdi-status-color-major-outage, #b3261e);
  }
  .item[data-status='under_maintenance'] {
    --_status-color: var(--kdi-status-color-under-maintenance, #175cd3);
  }

  .icon {
    flex: none;
    width: 1.25em;
    height: 1.25em;
    margin-block-start: 0.05em;
    color: var(--_status-color);
  }

  .icon svg {
    display: block;
    width: 100%;
    height: 100%;
  }

  .body {
    min-width: 0;
  }

  p {
    margin: 0;
  }

  .label {
    color: var(--_status-color);
    font-weight: 700;
  }

  .title {
    font-weight: 600;
  }

  .meta,
  .via,
  .vendor,
  .notice {
    color: var(--kdi-status-muted-color, #57606a);
    font-size: 0.875em;
  }

  .notice {
    background: var(--kdi-status-background, #fff);
  }

  .message {
    margin-block: 0.25rem;
  }

  a {
    color: inherit;
  }
`;
