import { z } from 'zod/mini';
import {
  AuditPageSchema,
  DisputeListSchema,
  WebhookEndpointListSchema,
  WebhookRegistrationSchema,
  type AddIncidentUpdateRequest,
  type AuditPage,
  type AuditQuery,
  type CorrectIncidentUpdateRequest,
  type CreateComponentRequest,
  type CreateContentRequest,
  type CreateWebhookRequest,
  type DisputeLinkRequest,
  type DisputeList,
  type EditComponentRequest,
  type EditContentRequest,
  type EditWebhookRequest,
  type IncidentMessageRequest,
  type LinkIncidentRequest,
  type OpenIncidentRequest,
  type OutboxQuery,
  type OutboxRetryRequest,
  type PutVendorRequest,
  type ScheduleMaintenanceRequest,
  type SetComponentStatusRequest,
  type SetIncidentComponentsRequest,
  type SettleLinkRequest,
  type UpdateMaintenanceRequest,
  type WebhookDeliveriesQuery,
  type WebhookEndpointList,
  type WebhookRegistration,
} from '../schemas/admin-api.js';
import {
  OutboxCountsSchema,
  OutboxPageSchema,
  OutboxRetryResultSchema,
  type OutboxCounts,
  type OutboxPage,
  type OutboxRetryResult,
} from '../schemas/outbox.js';
import { ServiceLevelReportSchema, type ServiceLevelReport } from '../schemas/service-level-report.js';
import { ApiKeySchema, type ApiKey } from '../schemas/api-key.js';
import { CheckpointSchema, type Checkpoint } from '../schemas/log.js';
import { LogVerificationSchema, type LogVerification } from '../schemas/log-verification.js';
import { ComponentSchema, type Component } from '../schemas/component.js';
import { ContentItemSchema, type ContentItem } from '../schemas/content.js';
import { IncidentSchema, type Incident } from '../schemas/incident.js';
import { MaintenanceSchema, type Maintenance } from '../schemas/maintenance.js';
import { VendorSchema, type Vendor } from '../schemas/vendor.js';
import { WebhookEndpointSchema, type WebhookEndpointView } from '../schemas/webhook.js';
import { ProblemSchema } from '../schemas/problem.js';
import { zodCheck } from './check.js';
import { createRequester, queryString, sendJson, type ClientOptions, type RequestOptions } from './request.js';

/** What the admin client is configured with: a read client's options and an API key's token. */
export interface AdminClientOptions extends ClientOptions {
  /** The API key's token, `kdi_<key id>_<secret>`; sent as `Authorization: Bearer <token>`. */
  token: string;
}

/**
 * Options of a create that is safe to retry: send the same `idempotencyKey` again (after a
 * network error, say) and the server answers with the first result instead of creating twice.
 */
export interface IdempotentRequestOptions extends RequestOptions {
  idempotencyKey?: string;
}

const ADMIN = '/api/v1/admin';
const segment = encodeURIComponent;

/**
 * A client for the admin API (`createAdminClient`), authenticated with an API key.
 *
 * @example
 * async function closeAll(admin: AdminClient, ids: string[]) {
 *   for (const id of ids) await admin.resolveIncident(id, { message: { da: 'Fejlen er rettet' } });
 * }
 */
export interface AdminClient {
  /** Opens an incident (201). Pass an `idempotencyKey` to make retries safe. */
  openIncident(body: OpenIncidentRequest, init?: IdempotentRequestOptions): Promise<Incident>;
  /** Adds an update: a new status and message, optionally new components or impact. */
  addIncidentUpdate(id: string, body: AddIncidentUpdateRequest, init?: RequestOptions): Promise<Incident>;
  /** Replaces the components an incident affects. */
  setIncidentComponents(id: string, body: SetIncidentComponentsRequest, init?: RequestOptions): Promise<Incident>;
  /** Resolves an incident with a closing message; an already resolved one is a 409. */
  resolveIncident(id: string, body: IncidentMessageRequest, init?: RequestOptions): Promise<Incident>;
  /** Reopens a resolved incident with a message. */
  reopenIncident(id: string, body: IncidentMessageRequest, init?: RequestOptions): Promise<Incident>;
  /** Corrects the wording of an update; the earlier wording is kept in `corrections`. */
  correctIncidentUpdate(id: string, updateId: string, body: CorrectIncidentUpdateRequest, init?: RequestOptions): Promise<Incident>;
  /** Names the upstream incident this one is caused by (the downstream vendor's key, or an admin). */
  linkIncident(id: string, body: LinkIncidentRequest, init?: RequestOptions): Promise<Incident>;
  /** Removes the link to the upstream incident (not while it is disputed). */
  unlinkIncident(id: string, init?: RequestOptions): Promise<Incident>;
  /** Disputes the link from incident `id` (the upstream vendor's key), with a reason. */
  disputeLink(id: string, body: DisputeLinkRequest, init?: RequestOptions): Promise<Incident>;
  /** Settles a disputed link (admin key): confirm, move or remove it, with a reason. */
  settleLink(id: string, body: SettleLinkRequest, init?: RequestOptions): Promise<Incident>;
  /** The disputed links, oldest dispute first, each with its upstream incident (admin key). */
  disputes(init?: RequestOptions): Promise<DisputeList>;
  /** Sets a component's own status by hand, with a reason. */
  setComponentStatus(id: string, body: SetComponentStatusRequest, init?: RequestOptions): Promise<Component>;
  /** Creates a component (admin key). */
  createComponent(body: CreateComponentRequest, init?: RequestOptions): Promise<Component>;
  /** Changes the fields given of a component (admin key). */
  editComponent(id: string, body: EditComponentRequest, init?: RequestOptions): Promise<Component>;
  /** Retires a component (admin key): kept for history, gone from every public list. */
  retireComponent(id: string, init?: RequestOptions): Promise<Component>;
  /** Creates or changes a vendor (admin key). */
  putVendor(id: string, body: PutVendorRequest, init?: RequestOptions): Promise<Vendor>;
  /** Schedules maintenance (201). Pass an `idempotencyKey` to make retries safe. */
  scheduleMaintenance(body: ScheduleMaintenanceRequest, init?: IdempotentRequestOptions): Promise<Maintenance>;
  /** Changes the text, components or window of maintenance, or ends it early. */
  updateMaintenance(id: string, body: UpdateMaintenanceRequest, init?: RequestOptions): Promise<Maintenance>;
  /** Cancels maintenance. */
  cancelMaintenance(id: string, init?: RequestOptions): Promise<Maintenance>;
  /** Creates a news item, planned release or FAQ entry (201). Pass an `idempotencyKey` to make retries safe. */
  createContent(body: CreateContentRequest, init?: IdempotentRequestOptions): Promise<ContentItem>;
  /** Changes the fields given of a content item. */
  editContent(id: string, body: EditContentRequest, init?: RequestOptions): Promise<ContentItem>;
  /** Deletes a content item (the server answers 204). */
  deleteContent(id: string, init?: RequestOptions): Promise<void>;
  /**
   * One page of the audit trail (admin key), oldest first. Page on with `after: page.next`.
   *
   * @example
   * let page = await admin.audit({ component: 'sts' });
   * while (page.next !== null) page = await admin.audit({ component: 'sts', after: page.next });
   */
  audit(filter?: AuditQuery, init?: RequestOptions): Promise<AuditPage>;
  /** The key this client calls with: its role, vendor and expiry. */
  whoami(init?: RequestOptions): Promise<ApiKey>;
  /**
   * Registers a webhook endpoint (201) and returns it with its signing secret, the only time the
   * secret is shown: keep it where the receiver can verify with it.
   *
   * @example
   * const { endpoint, secret } = await admin.createWebhook({ url: 'https://hooks.nord.example/kdi', components: ['sts'], contact: 'drift@nord.example' });
   */
  createWebhook(body: CreateWebhookRequest, init?: RequestOptions): Promise<WebhookRegistration>;
  /** The webhook endpoints the key may see (a vendor key its vendor's), without secrets. */
  webhooks(init?: RequestOptions): Promise<WebhookEndpointList>;
  /** One webhook endpoint, without its secret. */
  webhook(id: string, init?: RequestOptions): Promise<WebhookEndpointView>;
  /** Changes a webhook endpoint's URL, components or contact; `{ state: 'active' }` enables a disabled one. */
  editWebhook(id: string, body: EditWebhookRequest, init?: RequestOptions): Promise<WebhookEndpointView>;
  /** Deletes a webhook endpoint (the server answers 204); its unsent deliveries fail. */
  deleteWebhook(id: string, init?: RequestOptions): Promise<void>;
  /** Gives a webhook endpoint a new signing secret at once and returns it, once. */
  rotateWebhookSecret(id: string, init?: RequestOptions): Promise<WebhookRegistration>;
  /** One page of a webhook endpoint's delivery log, oldest first; page on with `after: page.next`. */
  webhookDeliveries(id: string, query?: WebhookDeliveriesQuery, init?: RequestOptions): Promise<OutboxPage>;
  /**
   * One page of the outbox (admin key), oldest first, filtered; page on with `after: page.next`.
   *
   * @example
   * const { deliveries } = await admin.outbox({ state: 'failed', channel: 'mail' });
   */
  outbox(query?: OutboxQuery, init?: RequestOptions): Promise<OutboxPage>;
  /** The outbox's deliveries counted by channel and state (admin key). */
  outboxCounts(init?: RequestOptions): Promise<OutboxCounts>;
  /**
   * Puts failed deliveries back to pending (admin key): `{ ids }`, or `{ state: 'failed' }` for all.
   *
   * @example
   * const { retried } = await admin.retryOutbox({ state: 'failed' });
   */
  retryOutbox(body: OutboxRetryRequest, init?: RequestOptions): Promise<OutboxRetryResult>;
  /**
   * The monthly service-level report (`YYYY-MM`, a Copenhagen month; default the last whole
   * month): every component and vendor for an admin key, its own vendor's for a vendor key.
   *
   * @example
   * const report = await admin.serviceLevelReport('2026-11');
   * report.components.filter((c) => c.uptime.met === false);
   */
  serviceLevelReport(month?: string, init?: RequestOptions): Promise<ServiceLevelReport>;
  /**
   * Verifies the whole event log and its checkpoints (admin key): the first sequence number that
   * does not verify, and why, or `ok`.
   *
   * @example
   * const { ok, failure } = await admin.verifyLog();
   */
  verifyLog(init?: RequestOptions): Promise<LogVerification>;
  /**
   * Signs a checkpoint of the log now (admin key); the latest one when the log did not grow since.
   *
   * @example
   * const { seq, hash, signature } = await admin.makeCheckpoint();
   */
  makeCheckpoint(init?: RequestOptions): Promise<Checkpoint>;
}

/**
 * A client for the admin API (`/api/v1/admin/…`), authenticated with an API key. Every response
 * is validated against the SDK's schemas; failures are typed like the read client's: a refusal is
 * an `HttpError` whose `problem` says why (`problem.errors` names each field at fault on a 400).
 * Request bodies are typed but not validated here: the server is the judge, and it names the field.
 *
 * @example
 * const admin = createAdminClient({ baseUrl: 'https://status.example.dk', token: process.env.KDI_STATUS_TOKEN! });
 * const incident = await admin.openIncident(
 *   { title: { da: 'Nedbrud i STS' }, impact: 'major', components: [{ id: 'sts', status: 'major_outage' }],
 *     message: { da: 'Vi undersøger fejlen' } },
 *   { idempotencyKey: crypto.randomUUID() },
 * );
 * await admin.resolveIncident(incident.id, { message: { da: 'Fejlen er rettet' } });
 */
export function createAdminClient(options: AdminClientOptions): AdminClient {
  const { token, ...clientOptions } = options;
  const request = createRequester(clientOptions, zodCheck(ProblemSchema));

  function call<S extends z.ZodMiniType>(
    schema: S,
    method: string,
    path: string,
    body: unknown,
    init: IdempotentRequestOptions = {},
  ): Promise<z.infer<S>> {
    const { idempotencyKey, headers, ...rest } = init;
    return sendJson(request, zodCheck(schema), method, ADMIN + path, {
      ...rest,
      body,
      headers: {
        ...headers,
        authorization: `Bearer ${token}`,
        ...(idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey }),
      },
    });
  }

  const incident = (id: string, rest = '') => `/incidents/${segment(id)}${rest}`;
  const webhook = (id: string, rest = '') => `/webhooks/${segment(id)}${rest}`;

  return {
    openIncident: (body, init) => call(IncidentSchema, 'POST', '/incidents', body, init),

    addIncidentUpdate: (id, body, init) => call(IncidentSchema, 'POST', incident(id, '/updates'), body, init),

    setIncidentComponents: (id, body, init) => call(IncidentSchema, 'PUT', incident(id, '/components'), body, init),

    resolveIncident: (id, body, init) => call(IncidentSchema, 'POST', incident(id, '/resolve'), body, init),

    reopenIncident: (id, body, init) => call(IncidentSchema, 'POST', incident(id, '/reopen'), body, init),

    correctIncidentUpdate: (id, updateId, body, init) =>
      call(IncidentSchema, 'PATCH', incident(id, `/updates/${segment(updateId)}`), body, init),

    linkIncident: (id, body, init) => call(IncidentSchema, 'PUT', incident(id, '/caused-by'), body, init),

    unlinkIncident: (id, init) => call(IncidentSchema, 'DELETE', incident(id, '/caused-by'), undefined, init),

    disputeLink: (id, body, init) => call(IncidentSchema, 'POST', incident(id, '/caused-by/dispute'), body, init),

    settleLink: (id, body, init) => call(IncidentSchema, 'POST', incident(id, '/caused-by/settle'), body, init),

    disputes: (init) => call(DisputeListSchema, 'GET', '/disputes', undefined, init),

    setComponentStatus: (id, body, init) => call(ComponentSchema, 'PUT', `/components/${segment(id)}/status`, body, init),

    createComponent: (body, init) => call(ComponentSchema, 'POST', '/components', body, init),

    editComponent: (id, body, init) => call(ComponentSchema, 'PATCH', `/components/${segment(id)}`, body, init),

    retireComponent: (id, init) => call(ComponentSchema, 'DELETE', `/components/${segment(id)}`, undefined, init),

    putVendor: (id, body, init) => call(VendorSchema, 'PUT', `/vendors/${segment(id)}`, body, init),

    scheduleMaintenance: (body, init) => call(MaintenanceSchema, 'POST', '/maintenances', body, init),

    updateMaintenance: (id, body, init) => call(MaintenanceSchema, 'PATCH', `/maintenances/${segment(id)}`, body, init),

    cancelMaintenance: (id, init) => call(MaintenanceSchema, 'POST', `/maintenances/${segment(id)}/cancel`, {}, init),

    createContent: (body, init) => call(ContentItemSchema, 'POST', '/content', body, init),

    editContent: (id, body, init) => call(ContentItemSchema, 'PATCH', `/content/${segment(id)}`, body, init),

    deleteContent: async (id, init) => {
      await call(z.undefined(), 'DELETE', `/content/${segment(id)}`, undefined, init);
    },

    audit: (filter = {}, init) => call(AuditPageSchema, 'GET', `/audit${queryString(filter)}`, undefined, init),

    whoami: (init) => call(ApiKeySchema, 'GET', '/whoami', undefined, init),

    createWebhook: (body, init) => call(WebhookRegistrationSchema, 'POST', '/webhooks', body, init),

    webhooks: (init) => call(WebhookEndpointListSchema, 'GET', '/webhooks', undefined, init),

    webhook: (id, init) => call(WebhookEndpointSchema, 'GET', webhook(id), undefined, init),

    editWebhook: (id, body, init) => call(WebhookEndpointSchema, 'PATCH', webhook(id), body, init),

    deleteWebhook: async (id, init) => {
      await call(z.undefined(), 'DELETE', webhook(id), undefined, init);
    },

    rotateWebhookSecret: (id, init) => call(WebhookRegistrationSchema, 'POST', webhook(id, '/rotate-secret'), {}, init),

    webhookDeliveries: (id, query = {}, init) =>
      call(OutboxPageSchema, 'GET', webhook(id, `/deliveries${queryString(query)}`), undefined, init),

    outbox: (query = {}, init) => call(OutboxPageSchema, 'GET', `/outbox${queryString(query)}`, undefined, init),

    outboxCounts: (init) => call(OutboxCountsSchema, 'GET', '/outbox/counts', undefined, init),

    retryOutbox: (body, init) => call(OutboxRetryResultSchema, 'POST', '/outbox/retry', body, init),

    serviceLevelReport: (month, init) =>
      call(ServiceLevelReportSchema, 'GET', `/reports/service-levels${queryString({ month })}`, undefined, init),

    verifyLog: (init) => call(LogVerificationSchema, 'GET', '/log/verify', undefined, init),

    makeCheckpoint: (init) => call(CheckpointSchema, 'POST', '/log/checkpoints', {}, init),
  };
}
