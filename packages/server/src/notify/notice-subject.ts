import type { Incident, Maintenance } from '@kdi-status/sdk';
import { maintenanceHref } from '../site/layout.js';
import type { Store } from '../store/store.js';

/**
 * The event of a notice, when it is an incident's or a maintenance window's change (undefined for
 * another kind of event, or a sequence the log does not hold): its `data` is what the notice tells,
 * as that event left it, and its `at` when it happened.
 *
 * @example
 * const event = await noticeEvent(store, notice.seq);
 */
export async function noticeEvent(store: Store, seq: number): Promise<{ at: string; data: Incident | Maintenance } | undefined> {
  const [event] = await store.eventsAfter(seq - 1, 1);
  if (event?.seq !== seq) return undefined;
  if (event.type === 'incident.changed' || event.type === 'maintenance.changed') return event;
  return undefined;
}

/** Where a notice's subject is shown on the status site. */
export function subjectPage(origin: string, kind: string, id: string, lang: 'da' | 'en'): string {
  const suffix = lang === 'en' ? '?lang=en' : '';
  return kind.startsWith('incident.') ? `${origin}/incidents/${encodeURIComponent(id)}${suffix}` : `${origin}${maintenanceHref(id, lang)}`;
}
