import type { Incident, Maintenance } from '@kdi-status/sdk';
import { maintenanceHref } from '../site/layout.js';
import type { Store } from '../store/store.js';

/**
 * The incident or maintenance window an event carries, as that event left it (undefined for
 * another kind of event, or a sequence the log does not hold): what a notice of it tells.
 *
 * @example
 * const subject = await noticeSubject(store, notice.seq);
 */
export async function noticeSubject(store: Store, seq: number): Promise<Incident | Maintenance | undefined> {
  const [event] = await store.eventsAfter(seq - 1, 1);
  if (event?.seq !== seq) return undefined;
  if (event.type === 'incident.changed' || event.type === 'maintenance.changed') return event.data;
  return undefined;
}

/** Where a notice's subject is shown on the status site. */
export function subjectPage(origin: string, kind: string, id: string, lang: 'da' | 'en'): string {
  const suffix = lang === 'en' ? '?lang=en' : '';
  return kind.startsWith('incident.') ? `${origin}/incidents/${encodeURIComponent(id)}${suffix}` : `${origin}${maintenanceHref(id, lang)}`;
}
