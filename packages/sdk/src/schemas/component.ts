import { z } from 'zod/mini';
import { SlugSchema, StoredLinkUrlSchema, TimestampSchema } from './primitives.js';
import { ComponentKindSchema, ComponentStatusSchema } from './status.js';

const minutes = z.number().check(z.gte(0));

/**
 * What KOMBIT's contract with the vendor promises for a component, and what the monthly
 * service-level report measures it against. Every target is optional: one not set is reported
 * without a verdict.
 *
 * @example
 * ServiceLevelSchema.parse({ uptimePercent: 99.5, firstUpdateMinutes: { critical: 15, major: 30 }, maintenanceNoticeHours: 120 });
 */
export const ServiceLevelSchema = z.object({
  /** The least share of the month it must be operational (the site's uptime math). */
  uptimePercent: z.optional(z.number().check(z.gte(0), z.lte(100))),
  /** The longest time from an incident's start to its first public update, per impact. */
  firstUpdateMinutes: z.optional(
    z.object({ none: z.optional(minutes), minor: z.optional(minutes), major: z.optional(minutes), critical: z.optional(minutes) }),
  ),
  /** How long before its start planned maintenance must be announced. */
  maintenanceNoticeHours: z.optional(z.number().check(z.gte(0))),
});
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

/**
 * A component of the landscape: a fagløsning, infrastructure, a støttesystem or an external
 * service. `status` is the status an operator set directly; incidents and maintenance add to it,
 * and what users experience, dependencies included, is in {@link EffectiveStatusSchema}.
 *
 * @example
 * ComponentSchema.parse({ id: 'ky', name: 'KY', kind: 'application', vendor: 'fagsys-nord',
 *   dependsOn: ['serviceplatformen'], status: 'operational', links: {} });
 */
export const ComponentSchema = z.object({
  id: SlugSchema,
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  description: z.optional(z.string().check(z.maxLength(1000))),
  kind: ComponentKindSchema,
  group: z.optional(z.string().check(z.maxLength(120))),
  vendor: SlugSchema,
  dependsOn: z.array(SlugSchema),
  status: ComponentStatusSchema,
  /** Why an operator set `status` by hand (shown in the audit trail and on the status page). */
  statusReason: z.optional(z.string().check(z.maxLength(500))),
  /** Set when an admin retired the component: kept for history, gone from every public list. */
  retiredAt: z.optional(TimestampSchema),
  links: z.object({
    support: z.optional(StoredLinkUrlSchema),
    documentation: z.optional(StoredLinkUrlSchema),
  }),
  /** The service-level targets KOMBIT controls it against, when set. */
  serviceLevel: z.optional(ServiceLevelSchema),
});
export type Component = z.infer<typeof ComponentSchema>;

/**
 * One component whose trouble reaches this one: itself (empty path) or a dependency, with the
 * shortest dependency path from this component to it and what is behind it.
 *
 * @example
 * // KY affected by STS through Serviceplatformen:
 * ImpactSourceSchema.parse({ componentId: 'sts', status: 'degraded_performance',
 *   path: ['serviceplatformen', 'sts'], incidentIds: ['inc_1'], maintenanceIds: [] });
 */
export const ImpactSourceSchema = z.object({
  componentId: SlugSchema,
  status: ComponentStatusSchema,
  /** From this component's direct dependency to the source, both included; empty when the source is the component itself. */
  path: z.array(SlugSchema),
  incidentIds: z.array(z.string()),
  maintenanceIds: z.array(z.string()),
});
export type ImpactSource = z.infer<typeof ImpactSourceSchema>;

/**
 * The status a component's users experience: the worst of its own status and of everything it
 * depends on, transitively. Each affected component is counted once (diamonds), with its path.
 *
 * @example
 * EffectiveStatusSchema.parse({ status: 'operational', own: 'operational', cause: { type: 'own' }, sources: [] });
 */
export const EffectiveStatusSchema = z.object({
  status: ComponentStatusSchema,
  /** The component's own status: the worst of what an operator set, its active incidents and maintenance in progress. */
  own: ComponentStatusSchema,
  cause: z.discriminatedUnion('type', [
    z.object({ type: z.literal('own') }),
    z.object({ type: z.literal('dependency'), path: z.array(SlugSchema) }),
  ]),
  /** Every component, itself included, that has trouble (a non-operational status, an active incident or maintenance) and reaches this one; worst first. */
  sources: z.array(ImpactSourceSchema),
});
export type EffectiveStatus = z.infer<typeof EffectiveStatusSchema>;

/**
 * A component as the read API sends it: with its effective status.
 *
 * @example
 * const ky = await client.component('ky');
 * ky.effective.status; // 'degraded_performance'
 */
export const ComponentWithStatusSchema = z.extend(ComponentSchema, {
  effective: EffectiveStatusSchema,
});
export type ComponentWithStatus = z.infer<typeof ComponentWithStatusSchema>;
