import { svg } from 'lit/html.js';
import type { ComponentStatus } from '@kdi-status/sdk';

/** What an icon can show: a status, nothing known yet, or the close cross of a dismiss button. */
export type IconName = ComponentStatus | 'unknown' | 'close';

// Each status has its own shape, so status is never told by colour alone (the label says it in words too).
const shapes: Record<IconName, ReturnType<typeof svg>> = {
  operational: svg`<circle cx="12" cy="12" r="9.5"/><path d="m7.5 12 3 3 6-6"/>`,
  degraded_performance: svg`<circle cx="12" cy="12" r="9.5"/><path d="M12 6.5V12l3.5 2"/>`,
  partial_outage: svg`<path d="M12 3 2 20.5h20z"/><path d="M12 9.5v5m0 2.5v.01"/>`,
  major_outage: svg`<circle cx="12" cy="12" r="9.5"/><path d="m15 9-6 6m0-6 6 6"/>`,
  under_maintenance: svg`<rect x="3" y="5" width="18" height="16" rx="2"/><path d="M3 10h18M8 3v4m8-4v4"/>`,
  unknown: svg`<circle cx="12" cy="12" r="9.5"/><path d="M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6m0 3v.01"/>`,
  close: svg`<path d="m6 6 12 12M18 6 6 18"/>`,
};

/**
 * The icon for a status (or `unknown`, `close`); decorative: the label or the button's name beside it carries the meaning.
 *
 * @example
 * html`<span class="icon">${statusIcon('major_outage')}</span>`
 */
export function statusIcon(name: IconName) {
  return svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${shapes[name]}</svg>`;
}
