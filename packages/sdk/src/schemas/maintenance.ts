import { z } from 'zod/mini';
import { LocalizedTextSchema, LocalizedTitleSchema, SlugSchema, TimestampSchema } from './primitives.js';
import { AffectedMunicipalitiesSchema } from './municipality.js';
import { MaintenanceStatusSchema, type MaintenanceStatus } from './status.js';

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
  /** What citizens read on a self-service page instead of the description, when the operator wrote one. */
  citizenText: z.optional(LocalizedTextSchema),
  /** The municipalities (kommunekoder) it affects; absent: all. */
  municipalities: AffectedMunicipalitiesSchema,
});
export type Maintenance = z.infer<typeof MaintenanceSchema>;

/** Statuses of maintenance in its window: its components are `under_maintenance`. */
export const ACTIVE_MAINTENANCE_STATUSES = ['in_progress', 'verifying'] as const satisfies readonly MaintenanceStatus[];
/** Statuses of maintenance that is over: nothing moves it any more. */
export const FINISHED_MAINTENANCE_STATUSES = ['completed', 'cancelled'] as const satisfies readonly MaintenanceStatus[];

/**
 * Whether maintenance is in its window now (`in_progress`, or `verifying` by an operator): the
 * one definition the server's effective status, the summary and the widget all use.
 *
 * @example
 * summary.maintenances.active.every(isActiveMaintenance); // true
 */
export function isActiveMaintenance(maintenance: Pick<Maintenance, 'status'>): boolean {
  return (ACTIVE_MAINTENANCE_STATUSES as readonly MaintenanceStatus[]).includes(maintenance.status);
}

/**
 * Whether maintenance is over (`completed` or `cancelled`): it no longer names its components
 * for anything, and the clock leaves it alone.
 *
 * @example
 * isFinishedMaintenance({ status: 'cancelled' }); // true
 */
export function isFinishedMaintenance(maintenance: Pick<Maintenance, 'status'>): boolean {
  return (FINISHED_MAINTENANCE_STATUSES as readonly MaintenanceStatus[]).includes(maintenance.status);
}
