import { z } from 'zod/mini';
import { ChangeEventSchema } from './event.js';
import { AffectedComponentSchema, IncidentSchema } from './incident.js';
import { InstantSchema, LinkUrlSchema, LOCALIZED_TITLE_MAX, LocalizedTextSchema, SlugSchema } from './primitives.js';
import { ComponentKindSchema, ComponentStatusSchema, IncidentImpactSchema } from './status.js';
import { ContentTypeSchema } from './content.js';
import { ServiceDeskSchema } from './vendor.js';
import { ComponentSchema, ServiceLevelSchema } from './component.js';
import { DeliveryStateSchema, OutboxChannelSchema } from './outbox.js';
import { WebhookEndpointSchema } from './webhook.js';
import { MunicipalityCodeSchema } from './municipality.js';

// Request bodies of the admin API (`/api/v1/admin/…`). The server validates each body against
// these; the admin client sends them. Unknown fields are rejected at every level, so a typo is an
// error, not a no-op: every object here is `z.strictObject`, and the read schemas they reuse (which
// stay lenient, so an older widget tolerates a newer server) are made strict with `strict()`.

/**
 * The strict twin of a read schema's object: the same fields and checks, unknown keys refused.
 *
 * @example
 * strict(LocalizedTextSchema).safeParse({ da: 't', en_: 'typo' }).success; // false
 */
function strict<S extends z.ZodMiniObject>(schema: S): S {
  return schema.clone({ ...schema._zod.def, catchall: z.never() }) as S;
}

/** A line of text as written: trimmed, 1 to `max` characters, no line break (a title, a name). */
const oneLine = (max: number) =>
  z.string().check(z.trim(), z.minLength(1), z.maxLength(max), z.regex(/^[^\r\n\u2028\u2029]*$/, 'must be one line (no line breaks)'));

// A title is one line: it is a heading on the site, a feed title and a calendar SUMMARY.
const Title = z.strictObject({ da: oneLine(LOCALIZED_TITLE_MAX), en: z.optional(oneLine(LOCALIZED_TITLE_MAX)) });
const Text = strict(LocalizedTextSchema);
/** A citizen text in a PATCH: a new one, or `null` to remove it (absent: left as it is). */
const citizenTextPatch = z.optional(z.nullable(Text));

/** Statuses an incident can have before it is resolved (resolving has its own route). */
export const OPEN_INCIDENT_STATUSES = ['investigating', 'identified', 'monitoring'] as const;
const openStatus = z.enum(OPEN_INCIDENT_STATUSES);

const affected = z.array(strict(AffectedComponentSchema)).check(z.minLength(1), z.maxLength(50));
const reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));

/**
 * The municipalities an incident or maintenance is limited to (absent: all). Each a kommunekode
 * here; that it is one of the 98, and named once, the server checks (422 naming
 * `municipalities.<i>`).
 */
const municipalities = z.array(MunicipalityCodeSchema).check(z.minLength(1), z.maxLength(98));
/** The municipalities in an update: a new list, or `null` for all of them again (absent: left as they are). */
const municipalitiesPatch = z.optional(z.nullable(municipalities));

/**
 * `POST /api/v1/admin/incidents`: open an incident. `vendor` defaults to the key's vendor; only an
 * admin may name another.
 *
 * @example
 * OpenIncidentRequestSchema.parse({ title: { da: 'Nedbrud i STS' }, impact: 'major',
 *   components: [{ id: 'sts', status: 'major_outage' }], message: { da: 'Vi undersøger fejlen' } });
 */
export const OpenIncidentRequestSchema = z.strictObject({
  title: Title,
  impact: IncidentImpactSchema,
  status: z.optional(openStatus),
  vendor: z.optional(SlugSchema),
  components: affected,
  message: Text,
  /** Plain language for citizens on self-service pages (no vendor or system names). */
  citizenText: z.optional(Text),
  /** Only these municipalities are affected (absent: all). */
  municipalities: z.optional(municipalities),
});
export type OpenIncidentRequest = z.infer<typeof OpenIncidentRequestSchema>;

/**
 * `POST /api/v1/admin/incidents/:id/updates`: what operators say next; may change the affected
 * components and the impact at the same time.
 *
 * @example
 * AddIncidentUpdateRequestSchema.parse({ status: 'identified', message: { da: 'Fejlen er fundet' } });
 */
export const AddIncidentUpdateRequestSchema = z.strictObject({
  status: openStatus,
  message: Text,
  components: z.optional(affected),
  impact: z.optional(IncidentImpactSchema),
  /** Replaces the municipalities it is limited to; `null`: all of them again. */
  municipalities: municipalitiesPatch,
});
export type AddIncidentUpdateRequest = z.infer<typeof AddIncidentUpdateRequestSchema>;

/**
 * `PATCH /api/v1/admin/incidents/:id`: change what is not an update — the citizen text (`null`
 * removes it). The title, impact and status move with updates, so they are not here.
 *
 * @example
 * EditIncidentRequestSchema.parse({ citizenText: { da: 'Du kan ikke søge om boligstøtte lige nu. Prøv igen senere.' } });
 */
export const EditIncidentRequestSchema = z.strictObject({
  citizenText: citizenTextPatch,
});
export type EditIncidentRequest = z.infer<typeof EditIncidentRequestSchema>;

/**
 * `PUT /api/v1/admin/incidents/:id/components`: replace the affected components.
 *
 * @example
 * SetIncidentComponentsRequestSchema.parse({ components: [{ id: 'sts', status: 'degraded_performance' }] });
 */
export const SetIncidentComponentsRequestSchema = z.strictObject({ components: affected });
export type SetIncidentComponentsRequest = z.infer<typeof SetIncidentComponentsRequestSchema>;

/**
 * `POST /api/v1/admin/incidents/:id/resolve` and `/reopen`: a closing (or reopening) message.
 *
 * @example
 * IncidentMessageRequestSchema.parse({ message: { da: 'Fejlen er rettet' } });
 */
export const IncidentMessageRequestSchema = z.strictObject({ message: Text });
export type IncidentMessageRequest = z.infer<typeof IncidentMessageRequestSchema>;

/**
 * `PATCH /api/v1/admin/incidents/:id/updates/:updateId`: correct the wording of an update. The
 * earlier wording is kept in `corrections`.
 *
 * @example
 * CorrectIncidentUpdateRequestSchema.parse({ message: { da: 'Opslag i CPR fejler (ikke CVR)' } });
 */
export const CorrectIncidentUpdateRequestSchema = z.strictObject({ message: Text });
export type CorrectIncidentUpdateRequest = z.infer<typeof CorrectIncidentUpdateRequestSchema>;

/**
 * `PUT /api/v1/admin/components/:id/status`: set a component's own status by hand, with a reason.
 *
 * @example
 * SetComponentStatusRequestSchema.parse({ status: 'degraded_performance', reason: 'Langsomme opslag' });
 */
export const SetComponentStatusRequestSchema = z.strictObject({ status: ComponentStatusSchema, reason });
export type SetComponentStatusRequest = z.infer<typeof SetComponentStatusRequestSchema>;

/** A name people read: trimmed, so `"   "` is not one. */
const name = oneLine(120);

const componentFields = {
  name,
  description: ComponentSchema.shape.description,
  kind: ComponentKindSchema,
  group: ComponentSchema.shape.group,
  vendor: SlugSchema,
  dependsOn: z.array(SlugSchema).check(z.maxLength(100)),
  // Links as they may be written: https:, mailto: or tel: (the read schema also takes old http: ones).
  links: z.strictObject({ support: z.optional(LinkUrlSchema), documentation: z.optional(LinkUrlSchema) }),
  // The contract's targets (the monthly service-level report); strict, so a misspelt target is an error.
  serviceLevel: z.optional(
    z.strictObject({
      ...ServiceLevelSchema.shape,
      firstUpdateMinutes: z.optional(strict(ServiceLevelSchema.shape.firstUpdateMinutes._zod.def.innerType)),
    }),
  ),
};

/**
 * `POST /api/v1/admin/components` (admin): a new component, operational.
 *
 * @example
 * CreateComponentRequestSchema.parse({ id: 'ydelsesindeks', name: 'Ydelsesindeks', kind: 'support-system',
 *   vendor: 'infra-drift', dependsOn: ['sts'] });
 */
export const CreateComponentRequestSchema = z.strictObject({
  id: SlugSchema,
  ...componentFields,
  dependsOn: z._default(componentFields.dependsOn, []),
  links: z._default(componentFields.links, {}),
});
export type CreateComponentRequest = z.input<typeof CreateComponentRequestSchema>;

/**
 * `PATCH /api/v1/admin/components/:id` (admin): change any of the fields given.
 *
 * @example
 * EditComponentRequestSchema.parse({ dependsOn: ['serviceplatformen', 'sts'] });
 */
export const EditComponentRequestSchema = z.strictObject({
  name: z.optional(componentFields.name),
  description: componentFields.description,
  kind: z.optional(componentFields.kind),
  group: componentFields.group,
  vendor: z.optional(componentFields.vendor),
  dependsOn: z.optional(componentFields.dependsOn),
  links: z.optional(componentFields.links),
  /** New targets (replacing the old ones whole), or `null` to remove them. */
  serviceLevel: z.optional(z.nullable(componentFields.serviceLevel)),
});
export type EditComponentRequest = z.infer<typeof EditComponentRequestSchema>;

/**
 * `PUT /api/v1/admin/vendors/:id` (admin): create or change a vendor.
 *
 * @example
 * PutVendorRequestSchema.parse({ name: 'Fagsystemer Nord A/S', servicedesk: { email: 'support@nord.example' } });
 */
export const PutVendorRequestSchema = z.strictObject({
  name,
  servicedesk: z.strictObject({
    ...ServiceDeskSchema.shape,
    url: z.optional(LinkUrlSchema),
    // A number to call (it becomes a tel: link): digits, spaces and the usual separators only.
    phone: z.optional(z.string().check(z.regex(/^\+?[0-9][0-9 ().-]{1,38}$/, 'must be a phone number: digits, spaces, + ( ) . -'))),
  }),
});
export type PutVendorRequest = z.infer<typeof PutVendorRequestSchema>;

/**
 * `POST /api/v1/admin/maintenances`: schedule a maintenance window. `vendor` as for incidents.
 *
 * @example
 * ScheduleMaintenanceRequestSchema.parse({ title: { da: 'Opdatering af Serviceplatformen' },
 *   description: { da: 'Serviceplatformen er ikke tilgængelig' }, components: ['serviceplatformen'],
 *   startsAt: '2026-11-28T23:00:00.000Z', endsAt: '2026-11-29T07:00:00.000Z' });
 */
export const ScheduleMaintenanceRequestSchema = z.strictObject({
  title: Title,
  description: Text,
  vendor: z.optional(SlugSchema),
  components: z.array(SlugSchema).check(z.minLength(1), z.maxLength(50)),
  startsAt: InstantSchema,
  endsAt: InstantSchema,
  /** Plain language for citizens on self-service pages. */
  citizenText: z.optional(Text),
  /** Only these municipalities are affected (absent: all). */
  municipalities: z.optional(municipalities),
});
export type ScheduleMaintenanceRequest = z.infer<typeof ScheduleMaintenanceRequestSchema>;

/**
 * `PATCH /api/v1/admin/maintenances/:id`: change the text (the citizen text too: `null` removes
 * it), the components or the window, or mark it `verifying` / `completed` early.
 *
 * @example
 * UpdateMaintenanceRequestSchema.parse({ endsAt: '2026-11-29T09:00:00.000Z' });
 */
export const UpdateMaintenanceRequestSchema = z.strictObject({
  title: z.optional(Title),
  description: z.optional(Text),
  components: z.optional(ScheduleMaintenanceRequestSchema.shape.components),
  startsAt: z.optional(InstantSchema),
  endsAt: z.optional(InstantSchema),
  status: z.optional(z.enum(['verifying', 'completed'])),
  /** A new citizen text, or `null` to remove it. */
  citizenText: citizenTextPatch,
  /** Replaces the municipalities it is limited to; `null`: all of them again. */
  municipalities: municipalitiesPatch,
});
export type UpdateMaintenanceRequest = z.infer<typeof UpdateMaintenanceRequestSchema>;

/**
 * `POST /api/v1/admin/content`: a news item, planned release or FAQ entry for a component.
 *
 * @example
 * CreateContentRequestSchema.parse({ componentId: 'ky', type: 'faq', title: { da: 'Hvorfor?' },
 *   body: { da: 'Fordi.' }, date: '2026-11-26T08:00:00.000Z' });
 */
export const CreateContentRequestSchema = z.strictObject({
  componentId: SlugSchema,
  type: ContentTypeSchema,
  title: Title,
  body: Text,
  date: InstantSchema,
});
export type CreateContentRequest = z.infer<typeof CreateContentRequestSchema>;

/**
 * `PATCH /api/v1/admin/content/:id`: change any of the fields given (not the component).
 *
 * @example
 * EditContentRequestSchema.parse({ body: { da: 'Releasen er flyttet en uge' } });
 */
export const EditContentRequestSchema = z.strictObject({
  type: z.optional(ContentTypeSchema),
  title: z.optional(Title),
  body: z.optional(Text),
  date: z.optional(InstantSchema),
});
export type EditContentRequest = z.infer<typeof EditContentRequestSchema>;

/**
 * `GET /api/v1/admin/audit` (admin): the event log, oldest first, filtered (a misspelt filter is an
 * error, not "everything"). Page on with `after`
 * (the last `seq` you got).
 *
 * @example
 * AuditQuerySchema.parse({ component: 'sts', since: '2026-11-01T00:00:00.000Z' });
 */
export const AuditQuerySchema = z.strictObject({
  component: z.optional(SlugSchema),
  vendor: z.optional(SlugSchema),
  /** An API key id, or the id of a system actor (`seed`, `scheduler`, `cli`). */
  actor: z.optional(z.string().check(z.maxLength(100))),
  since: z.optional(InstantSchema),
  until: z.optional(InstantSchema),
  after: z.optional(z.coerce.number().check(z.int(), z.nonnegative())),
  limit: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000))),
});
export type AuditQuery = Partial<z.output<typeof AuditQuerySchema>>;

/**
 * One page of the audit trail. `next` is the `after` for the next page, or null at the end.
 *
 * @example
 * const page = AuditPageSchema.parse(await res.json());
 */
export const AuditPageSchema = z.object({
  events: z.array(ChangeEventSchema),
  next: z.nullable(z.int()),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

// —— webhook endpoints and the outbox ——

/** Where webhooks are sent: http(s) only; whether the address may be private the server decides. */
const WebhookUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http: or https: URL' }).check(
  z.maxLength(2000),
  // The URL parser drops or rewrites these (`https:\\x` is `https://x`): what is stored must read as what is called.
  z.refine((value) => !/[\s\\]/.test(value), { error: 'must not hold white space or a backslash' }),
);
/** The components an endpoint hears about, or null for every component. */
const webhookComponents = z.nullable(z.array(SlugSchema).check(z.minLength(1), z.maxLength(100)));
/** Who is told when the endpoint is disabled. */
const webhookContact = z.email().check(z.maxLength(254));

/**
 * `POST /api/v1/admin/webhooks`: register an endpoint. `components` null means every component.
 * The answer carries the signing secret, once.
 *
 * @example
 * CreateWebhookRequestSchema.parse({ url: 'https://hooks.nord.example/kdi', components: ['sts'], contact: 'drift@nord.example' });
 */
export const CreateWebhookRequestSchema = z.strictObject({
  url: WebhookUrlSchema,
  components: webhookComponents,
  contact: webhookContact,
});
export type CreateWebhookRequest = z.infer<typeof CreateWebhookRequestSchema>;

/**
 * `PATCH /api/v1/admin/webhooks/:id`: change any of the fields given; `state: 'active'` enables
 * an endpoint that was disabled after failing for too long.
 *
 * @example
 * EditWebhookRequestSchema.parse({ state: 'active' });
 */
export const EditWebhookRequestSchema = z.strictObject({
  url: z.optional(WebhookUrlSchema),
  components: z.optional(webhookComponents),
  contact: z.optional(webhookContact),
  state: z.optional(z.literal('active')),
});
export type EditWebhookRequest = z.infer<typeof EditWebhookRequestSchema>;

/**
 * An endpoint and its signing secret (`whsec_…`): the answer of a registration and of a secret
 * rotation, the only times the secret is shown.
 *
 * @example
 * const { endpoint, secret } = WebhookRegistrationSchema.parse(await res.json());
 */
export const WebhookRegistrationSchema = z.object({
  endpoint: WebhookEndpointSchema,
  secret: z.string().check(z.startsWith('whsec_')),
});
export type WebhookRegistration = z.infer<typeof WebhookRegistrationSchema>;

/**
 * `GET /api/v1/admin/webhooks`: the endpoints the key may see (a vendor key its vendor's), oldest first.
 *
 * @example
 * const { endpoints } = WebhookEndpointListSchema.parse(await res.json());
 */
export const WebhookEndpointListSchema = z.object({ endpoints: z.array(WebhookEndpointSchema) });
export type WebhookEndpointList = z.infer<typeof WebhookEndpointListSchema>;

const pageAfter = z.optional(z.coerce.number().check(z.int(), z.nonnegative()));
const pageLimit = z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(1000)));

/**
 * `GET /api/v1/admin/webhooks/:id/deliveries`: the endpoint's delivery log, oldest first; page on
 * with `after` (the `next` of the page before).
 *
 * @example
 * WebhookDeliveriesQuerySchema.parse({ after: '120', limit: '50' });
 */
export const WebhookDeliveriesQuerySchema = z.strictObject({ after: pageAfter, limit: pageLimit });
export type WebhookDeliveriesQuery = Partial<z.output<typeof WebhookDeliveriesQuerySchema>>;

/**
 * `GET /api/v1/admin/outbox` (admin): deliveries, oldest first, filtered by state, channel and
 * recipient (an id, never an address); page on with `after`.
 *
 * @example
 * OutboxQuerySchema.parse({ state: 'failed', channel: 'mail' });
 */
export const OutboxQuerySchema = z.strictObject({
  state: z.optional(DeliveryStateSchema),
  channel: z.optional(OutboxChannelSchema),
  recipient: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  after: pageAfter,
  limit: pageLimit,
});
export type OutboxQuery = Partial<z.output<typeof OutboxQuerySchema>>;

/**
 * `POST /api/v1/admin/outbox/retry` (admin): put `failed` deliveries back to `pending`, by id (at
 * most 100), or every failed one with `{ state: 'failed' }`.
 *
 * @example
 * OutboxRetryRequestSchema.parse({ ids: [41, 42] });
 * OutboxRetryRequestSchema.parse({ state: 'failed' });
 */
export const OutboxRetryRequestSchema = z
  .strictObject({
    ids: z.optional(z.array(z.int().check(z.positive())).check(z.minLength(1), z.maxLength(100))),
    state: z.optional(z.literal('failed')),
  })
  .check(
    z.refine((body) => (body.ids === undefined) !== (body.state === undefined), {
      message: 'give either ids or state "failed", not both',
      path: ['ids'],
    }),
  );
export type OutboxRetryRequest = z.infer<typeof OutboxRetryRequestSchema>;

// The chain of responsibility (kædeansvar): links between incidents, disputes, KOMBIT's settlement.

const statementReason = z.string().check(z.trim(), z.minLength(1), z.maxLength(1000));

/**
 * `PUT /api/v1/admin/incidents/:id/caused-by`: name the upstream incident this one is caused by
 * (the downstream incident's vendor, or an admin). The upstream incident's components must be in
 * the dependency closure of this one's components. `DELETE` on the same path removes the link.
 *
 * @example
 * LinkIncidentRequestSchema.parse({ incident: 'inc_sp' });
 */
export const LinkIncidentRequestSchema = z.strictObject({ incident: z.string().check(z.minLength(1), z.maxLength(100)) });
export type LinkIncidentRequest = z.infer<typeof LinkIncidentRequestSchema>;

/**
 * `POST /api/v1/admin/incidents/:id/caused-by/dispute`: the upstream incident's vendor objects to
 * the link from this (downstream) incident; KOMBIT settles it.
 *
 * @example
 * DisputeLinkRequestSchema.parse({ reason: 'Fejlen er ikke hos os: Organisation svarer normalt' });
 */
export const DisputeLinkRequestSchema = z.strictObject({ reason: statementReason });
export type DisputeLinkRequest = z.infer<typeof DisputeLinkRequestSchema>;

/**
 * `POST /api/v1/admin/incidents/:id/caused-by/settle` (admin): KOMBIT decides a disputed link:
 * confirm it, move it to another upstream incident (`incident`), or remove it.
 *
 * @example
 * SettleLinkRequestSchema.parse({ outcome: 'move', incident: 'inc_org', reason: 'Fejlen ligger i Organisation' });
 */
export const SettleLinkRequestSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('confirm'), reason: statementReason }),
  z.strictObject({ outcome: z.literal('move'), incident: z.string().check(z.minLength(1), z.maxLength(100)), reason: statementReason }),
  z.strictObject({ outcome: z.literal('remove'), reason: statementReason }),
]);
export type SettleLinkRequest = z.infer<typeof SettleLinkRequestSchema>;

/**
 * `GET /api/v1/admin/disputes` (admin): the links under dispute, oldest dispute first, each with
 * the downstream incident (whose `causedBy` is disputed) and the upstream incident it names.
 *
 * @example
 * const { disputes } = DisputeListSchema.parse(await response.json());
 */
export const DisputeListSchema = z.object({
  disputes: z.array(z.object({ incident: IncidentSchema, upstream: z.nullable(IncidentSchema) })),
});
export type DisputeList = z.infer<typeof DisputeListSchema>;
