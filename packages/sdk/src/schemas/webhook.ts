import { z } from 'zod/mini';
import { SlugSchema, TimestampSchema } from './primitives.js';

export const WEBHOOK_ENDPOINT_STATES = ['active', 'disabled', 'deleted'] as const;

/**
 * A registered webhook endpoint as the API and the event log show it (never with its secret).
 * `components` null means every component. A `deleted` endpoint appears only in the event log.
 *
 * @example
 * WebhookEndpointSchema.parse(await admin.webhookEndpoint('wh_1'));
 */
export const WebhookEndpointSchema = z.object({
  id: z.string(),
  url: z.url(),
  components: z.nullable(z.array(SlugSchema)),
  /** Who is told when the endpoint is disabled after failing for too long. */
  contact: z.email(),
  /** The vendor of the key that registered it; null for an admin key without a vendor. */
  vendor: z.nullable(SlugSchema),
  createdBy: z.string(),
  createdAt: TimestampSchema,
  state: z.enum(WEBHOOK_ENDPOINT_STATES),
  disabledAt: z.nullable(TimestampSchema),
  disabledReason: z.nullable(z.string()),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointSchema>;
