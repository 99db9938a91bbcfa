import type { FastifyInstance, FastifyRequest } from 'fastify';
import { OutboxQuerySchema, OutboxRetryRequestSchema } from '@kdi-status/sdk/admin';
import { assertAdmin } from '../domain/authorization.js';
import { outboxCounts, outboxPage, retryDeliveries } from '../notify/outbox-view.js';
import type { Store } from '../store/store.js';
import { parseBody } from './validate-body.js';
import { parseQuery } from './validate-query.js';

export interface OutboxRoutesOptions {
  store: Store;
  now: () => Date;
}

/**
 * The outbox as its operator sees it, under the admin API (admin keys only): the deliveries,
 * filtered and paged; their counts by channel and state; and a retry of failed ones. Recipients
 * are shown by id only, never by address (GDPR).
 *
 * @example
 * await admin.register(outboxRoutes, { store, now });
 */
export async function outboxRoutes(admin: FastifyInstance, options: OutboxRoutesOptions): Promise<void> {
  const { store, now } = options;
  const adminOnly = (request: FastifyRequest, what: string) => assertAdmin(request.principal!, what);

  admin.get('/outbox', async (request) => {
    adminOnly(request, 'read the outbox');
    const { after, ...query } = parseQuery(OutboxQuerySchema, request.query);
    return outboxPage(store, { ...query, afterId: after });
  });

  admin.get('/outbox/counts', async (request) => {
    adminOnly(request, 'read the outbox');
    return outboxCounts(store);
  });

  admin.post('/outbox/retry', async (request) => {
    adminOnly(request, 'retry deliveries');
    return retryDeliveries(store, parseBody(OutboxRetryRequestSchema, request.body), now());
  });
}
