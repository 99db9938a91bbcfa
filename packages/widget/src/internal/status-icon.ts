import { svg } from 'lit';
import type { ComponentStatus } from '@kdi-status/sdk';

// Each status has its own shape, so status is never told by colour alone (the label says it in words too).
const shapes: Record<ComponentStatus, ReturnType<typeof svg>> = {
  operational: svg`<circle cx="12" cy="12" r="9.5" /><path d="m7.5 12 3 3 6-6" />`,
  degraded_performance: svg`<circle cx="12" cy="12" r="9.5" /><path d="M12 6.5V12l3.5 2" />`,
  partial_outage: svg`<path d="M12 3 2 20.5h20z" /><path d="M12 9.5v5m0 2.5v.01" />`,
  major_outage: svg`<circle cx="12" cy="12" r="9.5" /><path d="m15 9-6 6m0-6 6 6" />`,
  under_maintenance: svg`<rect x="3" y="5" width="18" height="16" rx="2" /><path d="M3 10h18M8 3v4m8-4v4" />`,
};

/** The icon for a status; decorative (the label beside it carries the meaning). */
export function statusIcon(status: ComponentStatus) {
  return svg`<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">${shapes[status]}</svg>`;
}
