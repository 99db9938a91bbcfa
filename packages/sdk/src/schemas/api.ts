import { z } from 'zod/mini';
import { ComponentWithStatusSchema } from './component.js';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { ContentItemSchema, ContentTypeSchema } from './content.js';
import { SlugSchema } from './primitives.js';
import { MunicipalityCodeSchema } from './municipality.js';

/** `GET /api/v1/incidents?state=`: unresolved, or also those resolved lately. */
export const INCIDENT_STATES = ['active', 'recent'] as const;
/** `GET /api/v1/maintenances?state=`: in progress, or scheduled and not yet started. */
export const MAINTENANCE_STATES = ['active', 'upcoming'] as const;

// Query schemas are strict: a misspelt filter (`?compnents=ky`, `?stat=recent`) is a 400 naming it,
// not a silently wider answer.

const limit = z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)));

/**
 * Query of `GET /api/v1/incidents`. `recent` = active plus those resolved in the last 7 days.
 *
 * @example
 * IncidentListQuerySchema.parse({ state: 'recent', limit: '20' }); // { state: 'recent', limit: 20 }
 */
export const IncidentListQuerySchema = z.strictObject({
  state: z._default(z.enum(INCIDENT_STATES), 'active'),
  limit,
});
export type IncidentListQuery = Partial<z.output<typeof IncidentListQuerySchema>>;

/**
 * Query of `GET /api/v1/maintenances`.
 *
 * @example
 * MaintenanceListQuerySchema.parse({}); // { state: 'active' }
 */
export const MaintenanceListQuerySchema = z.strictObject({
  state: z._default(z.enum(MAINTENANCE_STATES), 'active'),
  limit,
});
export type MaintenanceListQuery = Partial<z.output<typeof MaintenanceListQuerySchema>>;

/** The most component ids one comma list may name: a page shows a few fagløsninger, not the landscape. */
export const MAX_COMPONENT_IDS = 200;

/**
 * A comma list of component ids (`ky,ksd`), as `?ids=` of the component list and `?components=`
 * of the summary and the stream take it. Not empty, and at most {@link MAX_COMPONENT_IDS} ids.
 *
 * @example
 * ComponentIdListSchema.parse('ky,ksd');
 */
export const ComponentIdListSchema = z.string().check(
  z.regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'must be a comma list of component ids'),
  z.refine((value) => value.split(',').length <= MAX_COMPONENT_IDS, `must name at most ${MAX_COMPONENT_IDS} component ids`),
);

/**
 * Query of `GET /api/v1/components`: optionally only some components (comma list).
 *
 * @example
 * ComponentListQuerySchema.parse({ ids: 'ky,ksd' });
 */
export const ComponentListQuerySchema = z.strictObject({
  ids: z.optional(ComponentIdListSchema),
});
export type ComponentListQuery = z.input<typeof ComponentListQuerySchema>;

/**
 * @example
 * const { components } = ComponentListSchema.parse(await res.json());
 */
export const ComponentListSchema = z.object({ components: z.array(ComponentWithStatusSchema) });
/**
 * @example
 * const { incidents } = IncidentListSchema.parse(await res.json());
 */
export const IncidentListSchema = z.object({ incidents: z.array(IncidentSchema) });
/**
 * @example
 * const { maintenances } = MaintenanceListSchema.parse(await res.json());
 */
export const MaintenanceListSchema = z.object({ maintenances: z.array(MaintenanceSchema) });

/**
 * Query of `GET /api/v1/content`: news, planned releases and FAQ, optionally for one component
 * and of one type. Newest `date` first.
 *
 * @example
 * ContentListQuerySchema.parse({ component: 'ky', type: 'release' });
 */
export const ContentListQuerySchema = z.strictObject({
  component: z.optional(SlugSchema),
  type: z.optional(ContentTypeSchema),
  limit,
});
export type ContentListQuery = Partial<z.output<typeof ContentListQuerySchema>>;

/**
 * @example
 * const { content } = ContentListSchema.parse(await res.json());
 */
export const ContentListSchema = z.object({ content: z.array(ContentItemSchema) });

/**
 * Query of `GET /api/v1/summary`: optionally only what a widget of these components shows — them,
 * everything they depend on, and the incidents, maintenance and vendors that concern those. Ids
 * the server does not know (misspelt, retired) are ignored, never a 404. With `at`, the summary
 * as it was then.
 *
 * @example
 * SummaryQuerySchema.parse({ components: 'ky,ksd' }); // { components: 'ky,ksd' }
 * SummaryQuerySchema.parse({ at: '2026-03-03T10:14:00+01:00' }); // { at: '2026-03-03T09:14:00.000Z' }
 */
export const SummaryQuerySchema = z.strictObject({
  components: z.optional(ComponentIdListSchema),
  /**
   * Only what affects this municipality (a kommunekode, `0101`): incidents and maintenance limited
   * to others are left out, and the effective status is computed from what is left. A code that
   * is not one of the 98 is a 422.
   */
  municipality: z.optional(MunicipalityCodeSchema),
  /**
   * The summary as it was at this instant, rebuilt from the event log. An ISO 8601 date-time with
   * seconds and a zone (`Z` or `+01:00`; a local time would be ambiguous), normalised to UTC.
   */
  at: z.optional(
    z.pipe(
      z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with seconds and a time zone, e.g. 2026-03-03T10:14:00+01:00' }),
      z.transform((value: string) => new Date(value).toISOString()),
    ),
  ),
});
export type SummaryQuery = z.input<typeof SummaryQuerySchema>;

/**
 * Query of `GET /api/v1/stream`: the components to follow (their dependencies included; ids the
 * server does not know are ignored, as for the summary) and, for clients that cannot send the
 * `Last-Event-ID` header, where to resume.
 *
 * @example
 * StreamQuerySchema.parse({ components: 'ky,ksd', lastEventId: '41' }); // { components: 'ky,ksd', lastEventId: 41 }
 */
export const StreamQuerySchema = z.strictObject({
  components: z.optional(ComponentIdListSchema),
  /** Only what affects this municipality, as for the summary: each change then brings a fresh `summary`. */
  municipality: z.optional(MunicipalityCodeSchema),
  lastEventId: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
});
