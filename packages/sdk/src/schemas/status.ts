import { z } from 'zod/mini';

/** Component status values, the de-facto standard of status pages, best first. */
export const COMPONENT_STATUSES = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'] as const;

/**
 * The status of a component.
 *
 * @example
 * ComponentStatusSchema.parse('partial_outage');
 */
export const ComponentStatusSchema = z.enum(COMPONENT_STATUSES);
export type ComponentStatus = z.infer<typeof ComponentStatusSchema>;

/**
 * How bad a status is: the index in {@link COMPONENT_STATUSES}. Planned maintenance ranks
 * above operational and below any unplanned fault (docs/adr/0004-effective-status.md).
 *
 * @example
 * statusSeverity('major_outage') > statusSeverity('degraded_performance'); // true
 */
export function statusSeverity(status: ComponentStatus): number {
  return COMPONENT_STATUSES.indexOf(status);
}

/**
 * The worse of two statuses.
 *
 * @example
 * worseStatus('operational', 'partial_outage'); // 'partial_outage'
 */
export function worseStatus(a: ComponentStatus, b: ComponentStatus): ComponentStatus {
  return statusSeverity(b) > statusSeverity(a) ? b : a;
}

/**
 * The worst of any number of statuses; `operational` for none.
 *
 * @example
 * worstStatus(['degraded_performance', 'major_outage', 'operational']); // 'major_outage'
 */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const status of statuses) worst = worseStatus(worst, status);
  return worst;
}

/** Kinds of component in the multi-vendor landscape. */
export const COMPONENT_KINDS = ['application', 'infrastructure', 'support-system', 'external'] as const;
/**
 * @example
 * ComponentKindSchema.parse('support-system');
 */
export const ComponentKindSchema = z.enum(COMPONENT_KINDS);
export type ComponentKind = z.infer<typeof ComponentKindSchema>;

/** Incident impact, as operators judge it. */
export const INCIDENT_IMPACTS = ['none', 'minor', 'major', 'critical'] as const;
/**
 * @example
 * IncidentImpactSchema.parse('major');
 */
export const IncidentImpactSchema = z.enum(INCIDENT_IMPACTS);
export type IncidentImpact = z.infer<typeof IncidentImpactSchema>;

/** Incident lifecycle. */
export const INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
/**
 * @example
 * IncidentStatusSchema.parse('identified');
 */
export const IncidentStatusSchema = z.enum(INCIDENT_STATUSES);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** Planned maintenance lifecycle. */
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed', 'cancelled'] as const;
/**
 * @example
 * MaintenanceStatusSchema.parse('in_progress');
 */
export const MaintenanceStatusSchema = z.enum(MAINTENANCE_STATUSES);
export type MaintenanceStatus = z.infer<typeof MaintenanceStatusSchema>;
