import { z } from 'zod/mini';
import { ApiKeySchema } from './api-key.js';
import { ComponentSchema, EffectiveStatusSchema } from './component.js';
import { ContentItemSchema } from './content.js';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { SlugSchema, TimestampSchema } from './primitives.js';
import { SummarySchema } from './summary.js';
import { VendorSchema } from './vendor.js';
import { WebhookEndpointSchema } from './webhook.js';

/**
 * Who made a change: the system (seed, scheduler) or an API key (with its vendor).
 *
 * @example
 * ActorSchema.parse({ type: 'system', id: 'seed' });
 */
export const ActorSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('system'), id: z.string() }),
  z.object({ type: z.literal('key'), id: z.string(), vendor: z.nullable(SlugSchema) }),
]);
export type Actor = z.infer<typeof ActorSchema>;

const eventBase = { seq: z.int().check(z.positive()), at: TimestampSchema, actor: ActorSchema };

/**
 * One entry of the append-only event log: a change, with the entity as it became. The same log
 * feeds live push (`id:` = `seq`), the audit trail, history and notifications.
 *
 * @example
 * if (event.type === 'incident.changed') console.log(event.data.title.da);
 */
export const ChangeEventSchema = z.discriminatedUnion('type', [
  z.object({ ...eventBase, type: z.literal('vendor.changed'), data: VendorSchema }),
  z.object({ ...eventBase, type: z.literal('component.changed'), data: ComponentSchema }),
  z.object({ ...eventBase, type: z.literal('incident.changed'), data: IncidentSchema }),
  z.object({ ...eventBase, type: z.literal('maintenance.changed'), data: MaintenanceSchema }),
  z.object({ ...eventBase, type: z.literal('content.changed'), data: ContentItemSchema }),
  z.object({ ...eventBase, type: z.literal('key.changed'), data: ApiKeySchema }),
  z.object({ ...eventBase, type: z.literal('webhook.changed'), data: WebhookEndpointSchema }),
  z.object({
    ...eventBase,
    type: z.literal('content.deleted'),
    data: z.object({ id: z.string(), componentId: SlugSchema }),
  }),
]);
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;
export type ChangeEventType = ChangeEvent['type'];

/**
 * The effective status of some components as it is now: sent on the live stream after each
 * change that moved any of them, and after a replay.
 *
 * @example
 * StatusEventSchema.parse({ type: 'status', seq: 42, data: { components: [{ id: 'ky', effective }] } });
 */
export const StatusEventSchema = z.object({
  type: z.literal('status'),
  seq: z.int().check(z.nonnegative()),
  data: z.object({ components: z.array(z.object({ id: SlugSchema, effective: EffectiveStatusSchema })) }),
});
export type StatusEvent = z.infer<typeof StatusEventSchema>;

/**
 * A whole summary on the live stream: the first message of a new subscription, and the answer
 * to a `Last-Event-ID` older than the server keeps.
 *
 * @example
 * SummaryEventSchema.parse({ type: 'summary', seq: summary.sequence, data: summary });
 */
export const SummaryEventSchema = z.object({ type: z.literal('summary'), seq: z.int().check(z.nonnegative()), data: SummarySchema });
export type SummaryEvent = z.infer<typeof SummaryEventSchema>;

/**
 * What a live subscriber receives (`GET /api/v1/stream`, Server-Sent Events, each as the JSON
 * `data:` of an unnamed message whose `id:` is `seq`): a change from the event log, a status
 * event, or a whole summary.
 *
 * @example
 * const event = LiveEventSchema.parse(JSON.parse(message.data));
 */
export const LiveEventSchema = z.union([ChangeEventSchema, StatusEventSchema, SummaryEventSchema]);
export type LiveEvent = z.infer<typeof LiveEventSchema>;

/**
 * A change as a writer commits it: a change event without what the log adds (`seq`, `at`,
 * `actor`).
 *
 * @example
 * const change: EventChange = { type: 'incident.changed', data: incident };
 */
export type EventChange = ChangeEvent extends infer E ? (E extends ChangeEvent ? Omit<E, 'seq' | 'at' | 'actor'> : never) : never;

/**
 * Which components and vendors a change concerns: the entity's own components and vendor, and
 * the acting key's vendor. The audit trail is filtered by it and the live stream sends an event
 * to the subscribers of these components (and of everything that depends on them).
 *
 * @example
 * eventScope({ type: 'incident.changed', data: incident }, actor); // { components: ['sts'], vendors: ['infra-drift'] }
 */
export function eventScope(change: EventChange, actor: Actor): { components: string[]; vendors: string[] } {
  const components = new Set<string>();
  const vendors = new Set<string>();
  if (actor.type === 'key' && actor.vendor) vendors.add(actor.vendor);
  switch (change.type) {
    case 'vendor.changed':
      vendors.add(change.data.id);
      break;
    case 'component.changed':
      components.add(change.data.id);
      vendors.add(change.data.vendor);
      break;
    case 'incident.changed':
      for (const c of change.data.components) components.add(c.id);
      vendors.add(change.data.vendor);
      break;
    case 'maintenance.changed':
      for (const id of change.data.components) components.add(id);
      vendors.add(change.data.vendor);
      break;
    case 'content.changed':
    case 'content.deleted':
      components.add(change.data.componentId);
      break;
    case 'key.changed':
      if (change.data.vendor) vendors.add(change.data.vendor);
      break;
    case 'webhook.changed':
      for (const id of change.data.components ?? []) components.add(id);
      if (change.data.vendor) vendors.add(change.data.vendor);
      break;
  }
  return { components: [...components], vendors: [...vendors] };
}
