import { z } from 'zod/mini';
import { ApiKeySchema } from './api-key.js';
import { ComponentSchema, EffectiveStatusSchema } from './component.js';
import { ContentItemSchema } from './content.js';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { SlugSchema, TimestampSchema } from './primitives.js';
import { SummarySchema } from './summary.js';
import { VendorSchema } from './vendor.js';

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
