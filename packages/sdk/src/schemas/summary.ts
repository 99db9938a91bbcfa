import { z } from 'zod/mini';
import { ComponentWithStatusSchema, type ComponentWithStatus } from './component.js';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { TimestampSchema } from './primitives.js';
import { ComponentStatusSchema, worstStatus, type ComponentStatus } from './status.js';
import { VendorSchema } from './vendor.js';

/**
 * Everything a client needs to render: the overall status (the worst own status of any
 * component), components with effective status, active incidents, active and upcoming
 * maintenance. Rebuilt by the server once per change.
 *
 * @example
 * const summary = await client.summary();
 * summary.status; // 'operational' when all is well
 */
export const SummarySchema = z.object({
  status: ComponentStatusSchema,
  vendors: z.array(VendorSchema),
  components: z.array(ComponentWithStatusSchema),
  incidents: z.array(IncidentSchema),
  maintenances: z.object({
    active: z.array(MaintenanceSchema),
    upcoming: z.array(MaintenanceSchema),
  }),
  /** The event log sequence this summary reflects: resume live updates after it. */
  sequence: z.int().check(z.nonnegative()),
  updatedAt: TimestampSchema,
});
export type Summary = z.infer<typeof SummarySchema>;

/**
 * The overall status of a landscape: the worst *own* status of any component (a fault counted
 * once, where it is, not again on everything that depends on it). The server's summary and the
 * SDK's {@link applyLiveEvent} both compute it here.
 *
 * @example
 * overallStatus(summary.components) === summary.status; // true
 */
export function overallStatus(components: readonly Pick<ComponentWithStatus, 'effective'>[]): ComponentStatus {
  return worstStatus(components.map((c) => c.effective.own));
}
