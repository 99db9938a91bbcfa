import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AddIncidentUpdateRequestSchema,
  AuditQuerySchema,
  CorrectIncidentUpdateRequestSchema,
  CreateComponentRequestSchema,
  CreateContentRequestSchema,
  EditComponentRequestSchema,
  EditContentRequestSchema,
  IncidentMessageRequestSchema,
  OpenIncidentRequestSchema,
  PutVendorRequestSchema,
  ScheduleMaintenanceRequestSchema,
  SetComponentStatusRequestSchema,
  SetIncidentComponentsRequestSchema,
  SlugSchema,
  UpdateMaintenanceRequestSchema,
  type ApiKey,
} from '@kdi-status/sdk';
import { assertAdmin } from '../domain/authorization.js';
import { createComponent, editComponent, putVendor, retireComponent, setComponentStatus } from '../domain/component-commands.js';
import { createContent, deleteContent, editContent } from '../domain/content-commands.js';
import { InvalidInputError } from '../domain/errors.js';
import {
  addIncidentUpdate,
  correctIncidentUpdate,
  openIncident,
  reopenIncident,
  resolveIncident,
  setIncidentComponents,
} from '../domain/incident-commands.js';
import { cancelMaintenance, scheduleMaintenance, updateMaintenance } from '../domain/maintenance-commands.js';
import type { Decision, WriteContext } from '../domain/write-context.js';
import type { Store } from '../store/store.js';
import type { Idempotency, Writer } from '../writer.js';
import { parseBody } from './validate-body.js';
import { parseQuery } from './validate-query.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The API key that authenticated this admin request. */
    principal: ApiKey | null;
  }
}

type Params = { id: string; updateId: string };
type Req = FastifyRequest<{ Params: Params }>;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** JSON with object keys sorted: the same body sent with its keys in another order is the same request. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The `Idempotency-Key` of a write, with a hash binding it to this exact request. */
function idempotencyOf(request: FastifyRequest, status: number): Idempotency | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0]! : header;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new InvalidInputError('invalid_header', [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n${stableJson(request.body ?? null)}`)
    .digest('base64url');
  return { key, requestHash, status };
}

/**
 * The admin API (`/api/v1/admin/…`): bearer auth and a rate limit per key on every route (hooks
 * in app.ts), each route: validate, let a domain command decide, commit through the writer.
 *
 * @example
 * registerAdminRoutes(app, { store, writer, onMaintenanceChange: () => scheduler.poke() });
 */
export function registerAdminRoutes(app: FastifyInstance, deps: { store: Store; writer: Writer; onMaintenanceChange: () => void }): void {
  const { store, writer } = deps;
  const principal = (request: FastifyRequest) => request.principal!;

  /**
   * Runs a decision and answers with its result. Any write sent with an `Idempotency-Key` is
   * retry-safe: a repeat gets the first answer.
   */
  async function write<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    decide: (ctx: WriteContext) => Promise<Decision<T>> | Decision<T>,
  ) {
    const outcome = await writer.run(principal(request), decide, idempotencyOf(request, status));
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    const code = outcome.replayed ? outcome.status : status;
    return outcome.result === null ? reply.code(204).send() : reply.code(code).send(outcome.result);
  }

  const slug = (value: string, field = 'id') => {
    if (!SlugSchema.safeParse(value).success)
      throw new InvalidInputError('invalid_path', [{ field, message: 'must be a component id (slug)' }]);
    return value;
  };

  app.get('/api/v1/admin/whoami', async (request) => principal(request));

  // Incidents
  app.post('/api/v1/admin/incidents', (request, reply) => {
    const body = parseBody(OpenIncidentRequestSchema, request.body);
    return write(request, reply, 201, (ctx) => openIncident(ctx, body));
  });
  app.post('/api/v1/admin/incidents/:id/updates', (request: Req, reply) => {
    const body = parseBody(AddIncidentUpdateRequestSchema, request.body);
    const { id } = request.params;
    return write(request, reply, 201, async (ctx) => addIncidentUpdate(ctx, await store.incident(id), id, body));
  });
  app.put('/api/v1/admin/incidents/:id/components', (request: Req, reply) => {
    const body = parseBody(SetIncidentComponentsRequestSchema, request.body);
    const { id } = request.params;
    return write(request, reply, 200, async (ctx) => setIncidentComponents(ctx, await store.incident(id), id, body));
  });
  app.post('/api/v1/admin/incidents/:id/resolve', (request: Req, reply) => {
    const body = parseBody(IncidentMessageRequestSchema, request.body);
    const { id } = request.params;
    return write(request, reply, 200, async (ctx) => resolveIncident(ctx, await store.incident(id), id, body));
  });
  app.post('/api/v1/admin/incidents/:id/reopen', (request: Req, reply) => {
    const body = parseBody(IncidentMessageRequestSchema, request.body);
    const { id } = request.params;
    return write(request, reply, 200, async (ctx) => reopenIncident(ctx, await store.incident(id), id, body));
  });
  app.patch('/api/v1/admin/incidents/:id/updates/:updateId', (request: Req, reply) => {
    const body = parseBody(CorrectIncidentUpdateRequestSchema, request.body);
    const { id, updateId } = request.params;
    return write(request, reply, 200, async (ctx) => correctIncidentUpdate(ctx, await store.incident(id), id, updateId, body));
  });

  // Components and vendors
  app.put('/api/v1/admin/components/:id/status', (request: Req, reply) => {
    const body = parseBody(SetComponentStatusRequestSchema, request.body);
    const id = slug(request.params.id);
    return write(request, reply, 200, (ctx) => setComponentStatus(ctx, id, body));
  });
  app.post('/api/v1/admin/components', (request, reply) => {
    const body = parseBody(CreateComponentRequestSchema, request.body);
    return write(request, reply, 201, (ctx) => createComponent(ctx, body));
  });
  app.patch('/api/v1/admin/components/:id', (request: Req, reply) => {
    const body = parseBody(EditComponentRequestSchema, request.body);
    const id = slug(request.params.id);
    return write(request, reply, 200, (ctx) => editComponent(ctx, id, body));
  });
  app.delete('/api/v1/admin/components/:id', (request: Req, reply) => {
    const id = slug(request.params.id);
    return write(request, reply, 200, (ctx) => retireComponent(ctx, id));
  });
  app.put('/api/v1/admin/vendors/:id', (request: Req, reply) => {
    const body = parseBody(PutVendorRequestSchema, request.body);
    const id = slug(request.params.id);
    return write(request, reply, 200, (ctx) => putVendor(ctx, id, body));
  });

  // Maintenance: the scheduler re-plans after each change.
  const maintenanceWrite: typeof write = async (...args) => {
    const sent = await write(...args);
    deps.onMaintenanceChange();
    return sent;
  };
  app.post('/api/v1/admin/maintenances', (request, reply) => {
    const body = parseBody(ScheduleMaintenanceRequestSchema, request.body);
    return maintenanceWrite(request, reply, 201, (ctx) => scheduleMaintenance(ctx, body));
  });
  app.patch('/api/v1/admin/maintenances/:id', (request: Req, reply) => {
    const body = parseBody(UpdateMaintenanceRequestSchema, request.body);
    const { id } = request.params;
    return maintenanceWrite(request, reply, 200, async (ctx) => updateMaintenance(ctx, await store.maintenance(id), id, body));
  });
  app.post('/api/v1/admin/maintenances/:id/cancel', (request: Req, reply) => {
    const { id } = request.params;
    return maintenanceWrite(request, reply, 200, async (ctx) => cancelMaintenance(ctx, await store.maintenance(id), id));
  });

  // Content
  app.post('/api/v1/admin/content', (request, reply) => {
    const body = parseBody(CreateContentRequestSchema, request.body);
    return write(request, reply, 201, (ctx) => createContent(ctx, body));
  });
  app.patch('/api/v1/admin/content/:id', (request: Req, reply) => {
    const body = parseBody(EditContentRequestSchema, request.body);
    const { id } = request.params;
    return write(request, reply, 200, async (ctx) => editContent(ctx, await store.contentItem(id), id, body));
  });
  app.delete('/api/v1/admin/content/:id', (request: Req, reply) => {
    const { id } = request.params;
    return write(request, reply, 204, async (ctx) => deleteContent(ctx, await store.contentItem(id), id));
  });

  // Audit
  app.get('/api/v1/admin/audit', async (request) => {
    assertAdmin(principal(request), 'read the audit trail');
    const query = parseQuery(AuditQuerySchema, request.query);
    const limit = query.limit ?? 100;
    const events = await store.audit({ ...query, limit });
    return { events, next: events.length === limit ? events.at(-1)!.seq : null };
  });
}
