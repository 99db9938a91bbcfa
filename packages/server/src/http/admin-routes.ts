import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { z } from 'zod/mini';
import { SlugSchema } from '@kdi-status/sdk';
import {
  AddIncidentUpdateRequestSchema,
  AuditQuerySchema,
  CorrectIncidentUpdateRequestSchema,
  CreateComponentRequestSchema,
  CreateContentRequestSchema,
  DisputeLinkRequestSchema,
  EditComponentRequestSchema,
  EditContentRequestSchema,
  EditIncidentRequestSchema,
  IncidentMessageRequestSchema,
  LinkIncidentRequestSchema,
  OpenIncidentRequestSchema,
  PutVendorRequestSchema,
  ScheduleMaintenanceRequestSchema,
  SetComponentStatusRequestSchema,
  SetIncidentComponentsRequestSchema,
  SettleLinkRequestSchema,
  UpdateMaintenanceRequestSchema,
  type ApiKey,
  type DisputeList,
} from '@kdi-status/sdk/admin';
import { assertAdmin } from '../domain/authorization.js';
import { createComponent, editComponent, putVendor, retireComponent, setComponentStatus } from '../domain/component-commands.js';
import { createContent, deleteContent, editContent } from '../domain/content-commands.js';
import type { Decision } from '../domain/decision.js';
import { InvalidInputError } from '../domain/errors.js';
import {
  addIncidentUpdate,
  correctIncidentUpdate,
  editIncident,
  openIncident,
  reopenIncident,
  resolveIncident,
  setIncidentComponents,
} from '../domain/incident-commands.js';
import { disputeLink, linkIncident, settleLink, unlinkIncident } from '../domain/incident-links.js';
import { cancelMaintenance, scheduleMaintenance, updateMaintenance } from '../domain/maintenance-commands.js';
import type { WriteContext } from '../domain/write-context.js';
import type { Store } from '../store/store.js';
import { requestHash, type Idempotency } from '../write/idempotency.js';
import type { LogSigner } from '../write/signing-key.js';
import type { Writer } from '../write/writer.js';
import { createAuthenticator } from './authenticate.js';
import { adminLogRoutes } from './log-routes.js';
import { outboxRoutes } from './outbox-routes.js';
import { reportRoutes } from './report-routes.js';
import { routeNotFound } from './problem.js';
import { clientOf, createLookupGuard, createRateLimiter, RateLimitedError } from './rate-limit.js';
import { NoBodySchema, parseBody } from './validate-body.js';
import { parseQuery } from './validate-query.js';
import { webhookRoutes } from './webhook-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key that authenticated this admin request (set by the admin plugin's hook). */
    principal: ApiKey | null;
  }
}

/** Where the admin API lives. */
export const ADMIN_PREFIX = '/api/v1/admin';

export interface AdminRoutesOptions {
  store: Store;
  writer: Writer;
  now: () => Date;
  /** Requests a minute per API key. */
  rateLimitPerMinute: number;
  /** Failed authentications a minute per client address; beyond them, 429 before any lookup. */
  authFailuresPerMinute: number;
  /** `WEBHOOK_ALLOW_PRIVATE_NETWORKS`: webhook URLs on loopback, private and link-local addresses are accepted. Default false. */
  webhookAllowPrivateNetworks?: boolean;
  /** Signs the checkpoints `POST /log/checkpoints` makes. */
  signer: LogSigner;
}

/** The path parameters any admin route has; `updateId` only on update corrections. */
type Params = { id: string; updateId: string };
type AdminRequest = FastifyRequest<{ Params: Params }>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/**
 * The `Idempotency-Key` of a write, with a hash binding it to this exact request: its method, URL
 * and parsed body (schema-checked, so bounded in depth and size).
 */
function idempotencyOf(request: FastifyRequest, status: number, body: unknown): Idempotency | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0]! : header;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInputError('invalid_header', [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  return { key, requestHash: requestHash(request.method, request.url, body), status };
}

/** Reached only with a valid key (the hook refuses the rest), and even then no CORS grant. */
const refusedPreflight = (_request: FastifyRequest, reply: FastifyReply) => reply.code(204).send();

/** Component and vendor ids in a path are slugs; anything else is a 400, not a lookup. */
function assertSlug(value: string): void {
  if (!SlugSchema.safeParse(value).success)
    throw new InvalidInputError('invalid_path', [{ field: 'id', message: 'must be a component id (slug)' }]);
}

/**
 * The admin API (register with `{ prefix: ADMIN_PREFIX }`): one hook authenticates every request
 * with its bearer key before the body is read, and rate-limits per key; each route validates its
 * body, lets a domain command decide, and commits through the writer. No CORS: the admin API is
 * not for browsers on other origins (a preflight gets a 401 without any CORS grant).
 *
 * @example
 * await app.register(adminRoutes, { prefix: ADMIN_PREFIX, store, writer, now, rateLimitPerMinute: 120, authFailuresPerMinute: 30 });
 */
export async function adminRoutes(admin: FastifyInstance, options: AdminRoutesOptions): Promise<void> {
  const { store, writer, now } = options;
  const authenticate = createAuthenticator(store, now);
  const clock = () => now().getTime();
  const rateLimit = createRateLimiter({ perMinute: options.rateLimitPerMinute, now: clock });
  const failures = createLookupGuard({
    perMinute: options.authFailuresPerMinute,
    now: clock,
    refuse: (wait) => new RateLimitedError(wait, `Too many failed authentications from this address: try again in ${wait} s.`),
  });
  const principal = (request: FastifyRequest) => request.principal!;

  admin.decorateRequest('principal', null);
  admin.addHook('onRequest', async (request) => {
    // Only failed lookups count, per client; an address that keeps guessing is refused before its
    // next guess costs a lookup, and concurrent guesses cannot all pass.
    const client = clientOf(request.ip);
    request.principal = await authenticate(request.headers.authorization, (lookup, good) => failures(client, lookup, good));
    rateLimit(request.principal.id);
  });

  /**
   * One write route: the body parsed by `schema` (none: the body must be empty), `:id` checked as a
   * slug where `slugId`, the command's decision committed, its result sent with `status`. Any write
   * sent with an `Idempotency-Key` is retry-safe: a repeat gets the first answer.
   */
  function write<S extends z.ZodMiniType | undefined>(
    method: HTTPMethods,
    url: string,
    status: number,
    schema: S,
    command: (
      ctx: WriteContext,
      params: Params,
      body: S extends z.ZodMiniType ? z.output<S> : undefined,
    ) => Promise<Decision<unknown>> | Decision<unknown>,
    { slugId = false } = {},
  ): void {
    admin.route({
      method,
      url,
      handler: async (request: AdminRequest, reply: FastifyReply) => {
        const body = (schema ? parseBody(schema, request.body) : parseBody(NoBodySchema, request.body)) as Parameters<typeof command>[2];
        if (slugId) assertSlug(request.params.id);
        const idempotency = idempotencyOf(request, status, body);
        const outcome = await writer.run(principal(request), (ctx) => command(ctx, request.params, body), idempotency);
        if (outcome.replayed) reply.header('idempotent-replayed', 'true');
        if (outcome.result === null) return reply.code(204).send();
        return reply.code(outcome.replayed ? outcome.status : status).send(outcome.result);
      },
    });
  }

  admin.get('/whoami', async (request) => principal(request));
  // A preflight is authenticated like any request (so it is refused), and never granted CORS.
  admin.options('/', refusedPreflight);
  admin.options('/*', refusedPreflight);
  // Its own 404, or the public API's (with its CORS) would answer under this prefix.
  admin.setNotFoundHandler(routeNotFound);

  write('POST', '/incidents', 201, OpenIncidentRequestSchema, (ctx, _, body) => openIncident(ctx, body));
  write('PATCH', '/incidents/:id', 200, EditIncidentRequestSchema, (ctx, { id }, body) => editIncident(ctx, id, body));
  write('POST', '/incidents/:id/updates', 201, AddIncidentUpdateRequestSchema, (ctx, { id }, body) => addIncidentUpdate(ctx, id, body));
  write('PUT', '/incidents/:id/components', 200, SetIncidentComponentsRequestSchema, (ctx, { id }, body) =>
    setIncidentComponents(ctx, id, body),
  );
  write('POST', '/incidents/:id/resolve', 200, IncidentMessageRequestSchema, (ctx, { id }, body) => resolveIncident(ctx, id, body));
  write('POST', '/incidents/:id/reopen', 200, IncidentMessageRequestSchema, (ctx, { id }, body) => reopenIncident(ctx, id, body));
  write('PATCH', '/incidents/:id/updates/:updateId', 200, CorrectIncidentUpdateRequestSchema, (ctx, { id, updateId }, body) =>
    correctIncidentUpdate(ctx, id, updateId, body),
  );
  // The chain of responsibility (ADR 18): the link, its dispute, KOMBIT's settlement.
  write('PUT', '/incidents/:id/caused-by', 200, LinkIncidentRequestSchema, (ctx, { id }, body) => linkIncident(ctx, id, body));
  write('DELETE', '/incidents/:id/caused-by', 200, undefined, (ctx, { id }) => unlinkIncident(ctx, id));
  write('POST', '/incidents/:id/caused-by/dispute', 200, DisputeLinkRequestSchema, (ctx, { id }, body) => disputeLink(ctx, id, body));
  write('POST', '/incidents/:id/caused-by/settle', 200, SettleLinkRequestSchema, (ctx, { id }, body) => settleLink(ctx, id, body));
  admin.get('/disputes', async (request): Promise<DisputeList> => {
    assertAdmin(principal(request), 'list the disputed links');
    const disputed = await store.disputedIncidents();
    return {
      disputes: await Promise.all(
        disputed.map(async (incident) => ({ incident, upstream: (await store.incident(incident.causedBy!.incident)) ?? null })),
      ),
    };
  });

  const slugId = { slugId: true };
  write(
    'PUT',
    '/components/:id/status',
    200,
    SetComponentStatusRequestSchema,
    (ctx, { id }, body) => setComponentStatus(ctx, id, body),
    slugId,
  );
  write('POST', '/components', 201, CreateComponentRequestSchema, (ctx, _, body) => createComponent(ctx, body));
  write('PATCH', '/components/:id', 200, EditComponentRequestSchema, (ctx, { id }, body) => editComponent(ctx, id, body), slugId);
  write('DELETE', '/components/:id', 200, undefined, (ctx, { id }) => retireComponent(ctx, id), slugId);
  write('PUT', '/vendors/:id', 200, PutVendorRequestSchema, (ctx, { id }, body) => putVendor(ctx, id, body), slugId);

  write('POST', '/maintenances', 201, ScheduleMaintenanceRequestSchema, (ctx, _, body) => scheduleMaintenance(ctx, body));
  write('PATCH', '/maintenances/:id', 200, UpdateMaintenanceRequestSchema, (ctx, { id }, body) => updateMaintenance(ctx, id, body));
  write('POST', '/maintenances/:id/cancel', 200, undefined, (ctx, { id }) => cancelMaintenance(ctx, id));

  write('POST', '/content', 201, CreateContentRequestSchema, (ctx, _, body) => createContent(ctx, body));
  write('PATCH', '/content/:id', 200, EditContentRequestSchema, (ctx, { id }, body) => editContent(ctx, id, body));
  write('DELETE', '/content/:id', 204, undefined, (ctx, { id }) => deleteContent(ctx, id));

  admin.get('/audit', async (request) => {
    assertAdmin(principal(request), 'read the audit trail');
    const query = parseQuery(AuditQuerySchema, request.query);
    const limit = query.limit ?? 100;
    const events = await store.audit({ ...query, limit });
    return { events, next: events.length === limit ? events.at(-1)!.seq : null };
  });

  // Webhook endpoints and the outbox: not event-sourced writes through the writer (their store
  // methods append their own audited events), so they have routes of their own, under this hook.
  await admin.register(webhookRoutes, { store, now, webhookAllowPrivateNetworks: options.webhookAllowPrivateNetworks ?? false });
  await admin.register(outboxRoutes, { store, now });
  await admin.register(reportRoutes, { store, now });
  await admin.register(adminLogRoutes, { store, signer: options.signer, now });
}
