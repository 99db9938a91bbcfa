import { z } from 'zod/mini';
import { LocalizedTextSchema, LocalizedTitleSchema, SlugSchema, TimestampSchema } from './primitives.js';
import { AffectedMunicipalitiesSchema } from './municipality.js';
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
 * Where a link in the chain of responsibility stands: `linked` as the downstream vendor (or
 * KOMBIT) set it; `disputed` by the upstream vendor and waiting for KOMBIT ("under afklaring hos
 * KOMBIT"); `confirmed` by KOMBIT when it settled a dispute (or moved the link).
 */
export const INCIDENT_CAUSE_STATES = ['linked', 'disputed', 'confirmed'] as const;
export const IncidentCauseStateSchema = z.enum(INCIDENT_CAUSE_STATES);
export type IncidentCauseState = z.infer<typeof IncidentCauseStateSchema>;

/** Who said what, when: the actor is the vendor of the key (`admin` for KOMBIT's admin key). */
const statement = { by: z.string(), at: TimestampSchema, reason: z.string() };

/**
 * The upstream incident this one is caused by (kædeansvar): a KY incident caused by a
 * Serviceplatformen incident caused by an Organisation incident. The upstream incident's vendor
 * and components are copied in when the link is made (and when KOMBIT moves it), so the chain
 * reads the same after the upstream incident is resolved and gone from the summary.
 *
 * @example
 * IncidentCauseSchema.parse({ incident: 'inc_sp', vendor: 'kombit-sp', components: ['serviceplatformen'],
 *   state: 'linked', linkedBy: 'fagsys-nord', linkedAt: '2026-11-26T08:20:00.000Z', upstreamResolvedAt: null });
 */
export const IncidentCauseSchema = z.object({
  /** The upstream incident's id. */
  incident: z.string(),
  /** The upstream incident's vendor: the one working on the cause. */
  vendor: SlugSchema,
  /** The upstream incident's components. */
  components: z.array(SlugSchema),
  state: IncidentCauseStateSchema,
  linkedBy: z.string(),
  linkedAt: TimestampSchema,
  /** The upstream vendor's objection ("fejlen er ikke hos os"), while or after it was disputed. */
  dispute: z.optional(z.object(statement)),
  /**
   * KOMBIT's decision on the dispute: the link confirmed, or moved here from another upstream
   * incident; `removed` only on an incident's `removedCause` (the link KOMBIT took away).
   */
  settlement: z.optional(z.object({ ...statement, outcome: z.enum(['confirmed', 'moved', 'removed']) })),
  /** When the upstream incident was resolved; null while it is open. */
  upstreamResolvedAt: z.nullable(TimestampSchema),
});
export type IncidentCause = z.infer<typeof IncidentCauseSchema>;

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
  /** The upstream incident this one is caused by, when its vendor (or KOMBIT) linked one. */
  causedBy: z.optional(IncidentCauseSchema),
  /** The municipalities (kommunekoder) it affects; absent: all. */
  municipalities: AffectedMunicipalitiesSchema,
  /**
   * The link KOMBIT removed when it settled a dispute (settlement outcome `removed`, with its
   * reason): the record of the decision, since `causedBy` is gone. Not shown as a cause.
   */
  removedCause: z.optional(IncidentCauseSchema),
});
export type Incident = z.infer<typeof IncidentSchema>;
