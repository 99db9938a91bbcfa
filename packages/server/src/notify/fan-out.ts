import { affectsMunicipality, type Component, type Incident, type Maintenance, type Vendor } from '@kdi-status/sdk';
import type { DeliveryDraft, Subscriber, WebhookEndpoint } from '../store/notification-store.js';
import type { Store } from '../store/store.js';
import { noticeEvent } from './notice-subject.js';
import { reachOf, recipientsOf } from './recipients.js';

export interface FanOutOptions {
  store: Store;
  /** The landscape's components as they are now (the read model's), for the dependency paths. */
  components: () => readonly Component[];
  /** The vendors as they are now: whose service desk hears that the cause of its incident was resolved. */
  vendors?: () => readonly Vendor[];
  /** A delivery is given up when not sent this long after it was written. */
  giveUpMs: number;
}

/**
 * A reminder stands only while its window is still planned to start when it was when the reminder
 * was written: moved or cancelled windows have newer reminders, or none.
 */
async function reminderStands(store: Store, scheduled: Maintenance): Promise<boolean> {
  const now = await store.maintenance(scheduled.id);
  return now?.status === 'scheduled' && now.startsAt === scheduled.startsAt;
}

/**
 * Expands the notices that are due into one delivery per recipient: every confirmed subscriber
 * and every active webhook endpoint the notice concerns (recipients.ts), each with the dependency
 * paths it is reached by; a subscriber who follows one municipality only when the incident or
 * window affects it. Each notice is expanded in one transaction, and expanding one again
 * (after a crash between the two) writes nothing twice (the store's unique key). Returns the
 * number of deliveries written.
 *
 * @example
 * await expandDueNotices({ store, components: () => readModel.current().view.summary.components, giveUpMs }, new Date());
 */
export async function expandDueNotices(options: FanOutOptions, at: Date, limit = 100): Promise<number> {
  const { store } = options;
  const now = at.toISOString();
  const giveUpAt = new Date(at.getTime() + options.giveUpMs).toISOString();
  let written = 0;
  // Who may hear of anything, read once per round (when a notice is due), not once per notice.
  let audience: Promise<[Subscriber[], WebhookEndpoint[]]> | undefined;
  for (const notice of await store.dueNotices(now, limit)) {
    const subject = (await noticeEvent(store, notice.seq))?.data;
    if (!subject || (notice.kind === 'maintenance.reminder' && !(await reminderStands(store, subject as Maintenance)))) {
      await store.expandNotice(notice.id, [], 'skipped', now);
      continue;
    }
    const affected = notice.kind.startsWith('incident.')
      ? (subject as Incident).components.map((c) => c.id)
      : (subject as Maintenance).components;
    const reach = reachOf(affected, options.components());
    audience ??= Promise.all([store.confirmedSubscribers(), store.webhookEndpoints()]);
    const [everyone, allEndpoints] = await audience;
    // The cause of an incident resolved: its own vendor only (endpoints and service desk), not subscribers (ADR 18).
    const owner = notice.kind === 'incident.cause_resolved' ? (subject as Incident).vendor : undefined;
    const subscribers = owner === undefined ? everyone : [];
    const endpoints = owner === undefined ? allEndpoints : allEndpoints.filter((e) => e.vendor === owner);
    const draft = (channel: DeliveryDraft['channel'], recipient: string, detail: DeliveryDraft['detail']): DeliveryDraft => ({
      kind: notice.kind,
      channel,
      recipient,
      subjectId: notice.subjectId,
      detail,
      giveUpAt,
    });
    const deliveries = [
      // A subscriber who follows one municipality hears only of what affects it (absent: all).
      ...recipientsOf(
        reach,
        affected,
        subscribers.filter((s) => affectsMunicipality(subject as Incident | Maintenance, s.municipality)),
      ).map(({ audience, affected }) => draft('mail', audience.id, { affected })),
      ...recipientsOf(
        reach,
        affected,
        endpoints.filter((e) => e.state === 'active'),
      ).map(({ audience, affected }) => draft('webhook', audience.id, { affected })),
    ];
    if (owner !== undefined && options.vendors?.().find((v) => v.id === owner)?.servicedesk.email) {
      deliveries.push(draft('mail', `vendor:${owner}`, { affected: affected.map((id) => ({ component: id, path: [id] })) }));
    }
    written += await store.expandNotice(notice.id, deliveries, 'expanded', now);
  }
  return written;
}
