import { z } from 'zod/mini';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { SlugSchema, TimestampSchema } from './primitives.js';

/**
 * What a webhook tells: the same kinds as the mail notifications. `maintenance.reminder` comes
 * before a window starts; the rest when the change is made.
 */
export const WEBHOOK_EVENT_TYPES = [
  'incident.opened',
  'incident.updated',
  'incident.resolved',
  'maintenance.scheduled',
  'maintenance.reminder',
  'maintenance.started',
  'maintenance.completed',
  'maintenance.cancelled',
  // To the downstream incident's own vendor only (its endpoints, its service desk): the upstream
  // incident it is linked to as caused by (`incident.causedBy`) was resolved.
  'incident.cause_resolved',
] as const;

/**
 * One webhook event type.
 *
 * @example
 * WebhookEventTypeSchema.parse('incident.opened');
 */
export const WebhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/**
 * How the change reaches one of the endpoint's components: the dependency path from it to a
 * component the incident or maintenance names, itself first (`['ky', 'serviceplatformen']`: KY
 * depends on Serviceplatformen, which is affected). A component named directly has the path `[id]`.
 *
 * @example
 * WebhookAffectedSchema.parse({ component: 'ky', path: ['ky', 'serviceplatformen'] });
 */
export const WebhookAffectedSchema = z.object({
  component: SlugSchema,
  path: z.array(SlugSchema).check(z.minLength(1)),
});
export type WebhookAffected = z.infer<typeof WebhookAffectedSchema>;

/**
 * The body of every webhook, in the Standard Webhooks payload shape (`type`, `timestamp`, `data`):
 * the event log's `seq` of the change (the same across retries, so a receiver can drop
 * duplicates and order what it got), the incident or the maintenance as it is now, the endpoint's
 * components it reaches, and the public page that tells it. Verify it with `verifyWebhook` from
 * `@kdi-status/sdk/webhooks`, which returns it parsed.
 *
 * @example
 * const payload = WebhookPayloadSchema.parse(JSON.parse(body));
 * if (payload.type === 'incident.opened') page(payload.data.incident?.title.da, payload.data.url);
 */
export const WebhookPayloadSchema = z.object({
  type: WebhookEventTypeSchema,
  /** When the message was made (ISO, UTC). */
  timestamp: TimestampSchema,
  data: z.object({
    seq: z.int().check(z.positive()),
    /** Set for the `incident.*` types. */
    incident: z.optional(IncidentSchema),
    /** Set for the `maintenance.*` types. */
    maintenance: z.optional(MaintenanceSchema),
    affected: z.array(WebhookAffectedSchema),
    /** The public status page of the incident or the maintenance. */
    url: z.url(),
  }),
});
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
