import { z } from 'zod/mini';
import { LocalizedTextSchema, LocalizedTitleSchema, SlugSchema, TimestampSchema } from './primitives.js';
import { MaintenanceStatusSchema } from './status.js';

/**
 * Planned maintenance (driftsvindue): components are `under_maintenance` while it is in progress.
 *
 * @example
 * const { maintenances } = await client.maintenances({ state: 'upcoming' });
 * maintenances[0]?.startsAt;
 */
export const MaintenanceSchema = z.object({
  id: z.string(),
  title: LocalizedTitleSchema,
  description: LocalizedTextSchema,
  status: MaintenanceStatusSchema,
  vendor: SlugSchema,
  components: z.array(SlugSchema),
  startsAt: TimestampSchema,
  endsAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type Maintenance = z.infer<typeof MaintenanceSchema>;
