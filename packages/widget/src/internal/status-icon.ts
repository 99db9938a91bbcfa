import { svg } from 'lit/html.js';
import type { ComponentStatus } from '@kdi-status/sdk';

/** What an icon can show: a status, nothing known yet, or the close cross of a dismiss button. */
export type IconName = ComponentStatus | 'unknown' | 'close';

/** A circle of radius 9.5 around the middle, as path data (two half arcs), for the shapes drawn in one. */
const ring = 'M2.5 12a9.5 9.5 0 0 0 19 0 9.5 9.5 0 0 0-19 0';

// Each status has its own shape, so status is never told by colour alone (the label says it in words too).
// One path each (a rounded rectangle too), so the icon is one template with one binding.
const shapes: Record<IconName, string> = {
  operational: `${ring}m5 0 3 3 6-6`,
  degraded_performance: `${ring}M12 6.5V12l3.5 2`,
  partial_outage: 'M12 3 2 20.5h20zm0 6.5v5m0 2.5v.01',
  major_outage: `${ring}M15 9l-6 6m0-6 6 6`,
  under_maintenance: 'M5 5h14a2 2 0 0 1 2 2v12a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2zM3 10h18M8 3v4m8-4v4',
  unknown: `${ring}M9.5 9.5a2.5 2.5 0 1 1 3.5 2.3c-.6.3-1 .9-1 1.6v.6m0 3v.01`,
  close: 'm6 6 12 12M18 6 6 18',
};

/**
 * The icon for a status (or `unknown`, `close`); decorative: the label or the button's name beside it carries the meaning.
 *
 * @example
 * html`<span class="icon">${statusIcon('major_outage')}</span>`
 */
export function statusIcon(name: IconName) {
  return svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d=${shapes[name]}/></svg>`;
}
