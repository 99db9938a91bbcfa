import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CreateWebhookRequestSchema, EditWebhookRequestSchema, WebhookDeliveriesQuerySchema } from '@kdi-status/sdk/admin';
import { outboxPage } from '../notify/outbox-view.js';
import { checkWebhookUrl } from '../notify/webhook/url-guard.js';
import {
  changeEndpoint,
  deleteEndpoint,
  ownedEndpoint,
  publicEndpoint,
  registerEndpoint,
  rotateEndpointSecret,
  visibleEndpoints,
  type WebhookCommandContext,
} from '../notify/webhook-endpoints.js';
import type { Store } from '../store/store.js';
import { NoBodySchema, parseBody } from './validate-body.js';
import { parseQuery } from './validate-query.js';

export interface WebhookRoutesOptions {
  store: Store;
  now: () => Date;
  /** `WEBHOOK_ALLOW_PRIVATE_NETWORKS`: accept URLs on loopback, private and link-local addresses (tests, closed networks). */
  webhookAllowPrivateNetworks: boolean;
}

type WebhookRequest = FastifyRequest<{ Params: { id: string } }>;

/**
 * Webhook endpoints under the admin API (registered inside `adminRoutes`, so its hook has
 * authenticated the key): register, list, read, change, delete, rotate the secret, and read an
 * endpoint's delivery log. A vendor key sees and changes its vendor's endpoints only (403 for
 * another's, as for incidents); an admin key every one. The secret is answered only by the
 * registration and the rotation.
 *
 * @example
 * await admin.register(webhookRoutes, { store, now, webhookAllowPrivateNetworks: false });
 */
export async function webhookRoutes(admin: FastifyInstance, options: WebhookRoutesOptions): Promise<void> {
  const { store, now } = options;
  const allowPrivate = options.webhookAllowPrivateNetworks;
  const context = (request: FastifyRequest): WebhookCommandContext => ({
    store,
    principal: request.principal!,
    at: now(),
    checkUrl: (url) => checkWebhookUrl(url, { allowPrivate }),
  });

  admin.post('/webhooks', async (request, reply) => {
    const body = parseBody(CreateWebhookRequestSchema, request.body);
    return reply.code(201).send(await registerEndpoint(context(request), body));
  });

  admin.get('/webhooks', async (request) => ({ endpoints: await visibleEndpoints(store, request.principal!) }));

  admin.get('/webhooks/:id', async (request: WebhookRequest) =>
    publicEndpoint(await ownedEndpoint(store, request.principal!, request.params.id)),
  );

  admin.patch('/webhooks/:id', async (request: WebhookRequest) => {
    const body = parseBody(EditWebhookRequestSchema, request.body);
    return changeEndpoint(context(request), request.params.id, body);
  });

  admin.delete('/webhooks/:id', async (request: WebhookRequest, reply) => {
    parseBody(NoBodySchema, request.body);
    await deleteEndpoint(context(request), request.params.id);
    return reply.code(204).send();
  });

  admin.post('/webhooks/:id/rotate-secret', async (request: WebhookRequest) => {
    parseBody(NoBodySchema, request.body);
    return rotateEndpointSecret(context(request), request.params.id);
  });

  admin.get('/webhooks/:id/deliveries', async (request: WebhookRequest) => {
    const query = parseQuery(WebhookDeliveriesQuerySchema, request.query);
    const endpoint = await ownedEndpoint(store, request.principal!, request.params.id);
    return outboxPage(store, { channel: 'webhook', recipient: endpoint.id, afterId: query.after, limit: query.limit });
  });
}
