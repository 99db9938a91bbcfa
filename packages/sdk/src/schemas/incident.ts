import { z } from 'zod/mini';
import { LocalizedTextSchema, LocalizedTitleSchema, SlugSchema, TimestampSchema } from './primitives.js';
import { ComponentStatusSchema, IncidentImpactSchema, IncidentStatusSchema } from './status.js';

/**
 * One update on an incident: what the operators said, when, and by whom.
 *
 * @example
 * IncidentUpdateSchema.parse({ id: 'upd_1', at: '2026-11-26T08:08:00.000Z', status: 'investigating',
 *   message: { da: 'Vi undersøger fejlen' }, author: 'infra-drift' });
 */
export const IncidentUpdateSchema = z.object({
  id: z.string(),
  at: TimestampSchema,
  status: IncidentStatusSchema,
  message: LocalizedTextSchema,
  /** Who wrote it: the vendor of the API key (or `admin` for an admin key without one), or `system`. */
  author: z.string(),
  /** Earlier wordings of `message`, oldest first: a correction never erases what was said. */
  corrections: z.optional(z.array(z.object({ at: TimestampSchema, message: LocalizedTextSchema, author: z.string() }))),
});
export type IncidentUpdate = z.infer<typeof IncidentUpdateSchema>;

/**
 * A component an incident affects, with the status the incident gives it.
 *
 * @example
 * AffectedComponentSchema.parse({ id: 'sts', status: 'degraded_performance' });
 */
export const AffectedComponentSchema = z.object({
  id: SlugSchema,
  status: ComponentStatusSchema,
});
export type AffectedComponent = z.infer<typeof AffectedComponentSchema>;

/**
 * An incident: unplanned trouble on one or more components. Updates are newest first.
 *
 * @example
 * const { incidents } = await client.incidents({ state: 'active' });
 * incidents[0]?.title.da;
 */
export const IncidentSchema = z.object({
  id: z.string(),
  title: LocalizedTitleSchema,
  impact: IncidentImpactSchema,
  status: IncidentStatusSchema,
  /** The vendor responsible for solving it. */
  vendor: SlugSchema,
  components: z.array(AffectedComponentSchema),
  updates: z.array(IncidentUpdateSchema),
  startedAt: TimestampSchema,
  resolvedAt: z.nullable(TimestampSchema),
  updatedAt: TimestampSchema,
  /**
   * What citizens read on a self-service page instead of the title and updates (plain language,
   * no vendor or system names), when the operator wrote one: Danish, English optional.
   */
  citizenText: z.optional(LocalizedTextSchema),
});
export type Incident = z.infer<typeof IncidentSchema>;
