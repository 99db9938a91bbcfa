import type { FastifyInstance } from 'fastify';
import { CheckpointListQuerySchema } from '@kdi-status/sdk';
import { assertAdmin } from '../domain/authorization.js';
import { InvalidInputError, NotFoundError } from '../domain/errors.js';
import { verifyLog } from '../read/verify-log.js';
import type { Store } from '../store/store.js';
import { makeCheckpoint } from '../write/log-checkpoints.js';
import type { LogSigner } from '../write/signing-key.js';
import { refuseIdempotencyKey } from './refuse-idempotency-key.js';
import { NoBodySchema, parseBody } from './validate-body.js';
import { parseQuery } from './validate-query.js';

export interface LogRoutesOptions {
  store: Store;
  signer: LogSigner;
  now: () => Date;
}

/** Checkpoints change about daily; a CDN may keep one for a minute. */
const CHECKPOINT_CACHE_CONTROL = 'public, max-age=60';

/**
 * The tamper-evident log in public (register under the public API's plugin, with `{ prefix: '/log' }`,
 * so its CORS and caching apply): the key checkpoints are signed with, the latest checkpoint, the
 * checkpoints paged, newest first, and the stored hash of one event (docs/adr/0021-tamper-evident-log.md).
 *
 * @example
 * await api.register(publicLogRoutes, { prefix: '/log', store, signer, now });
 */
export async function publicLogRoutes(api: FastifyInstance, options: LogRoutesOptions): Promise<void> {
  const { store, signer } = options;

  api.get('/public-key', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=3600');
    return signer.publicKey;
  });

  api.get('/checkpoints/latest', async (_request, reply) => {
    const [latest] = await store.checkpoints({ limit: 1 });
    if (!latest) throw new NotFoundError('checkpoint_not_found', 'No checkpoint has been made yet.');
    reply.header('cache-control', CHECKPOINT_CACHE_CONTROL);
    return latest;
  });

  api.get('/checkpoints', async (request, reply) => {
    const { before, limit = 100 } = parseQuery(CheckpointListQuerySchema, request.query);
    const checkpoints = await store.checkpoints({ limit, beforeSeq: before });
    reply.header('cache-control', CHECKPOINT_CACHE_CONTROL);
    return { checkpoints, next: checkpoints.length === limit ? checkpoints.at(-1)!.seq : null };
  });

  // The stored chain hash of one event, no content: what a kept checkpoint is held against.
  api.get<{ Params: { seq: string } }>('/events/:seq/hash', async (request, reply) => {
    const text = request.params.seq;
    const seq = Number(text);
    if (!/^[1-9][0-9]*$/.test(text) || !Number.isSafeInteger(seq))
      throw new InvalidInputError('invalid_path', [
        { field: 'seq', message: 'must be an event’s sequence number (a whole number from 1)' },
      ]);
    const hash = await store.eventHash(seq);
    if (hash === undefined) throw new NotFoundError('event_not_found', `No event ${seq} in the log.`);
    reply.header('cache-control', CHECKPOINT_CACHE_CONTROL);
    return { seq, hash };
  });
}

/**
 * The log under the admin API (admin keys only): verify the whole chain and the stored
 * checkpoints, and sign a checkpoint now.
 *
 * @example
 * await admin.register(adminLogRoutes, { store, signer, now });
 */
export async function adminLogRoutes(admin: FastifyInstance, options: LogRoutesOptions): Promise<void> {
  const { store, signer, now } = options;
  admin.addHook('preHandler', refuseIdempotencyKey);

  admin.get('/log/verify', async (request) => {
    assertAdmin(request.principal!, 'verify the event log');
    return verifyLog(store);
  });

  // 201 with a new checkpoint; 200 with the latest when the log did not grow since.
  admin.post('/log/checkpoints', async (request, reply) => {
    parseBody(NoBodySchema, request.body);
    assertAdmin(request.principal!, 'make a checkpoint');
    const outcome = await makeCheckpoint(store, signer, now());
    if (!outcome) throw new NotFoundError('log_empty', 'The event log is empty: there is nothing to sign.');
    return reply.code(outcome.created ? 201 : 200).send(outcome.checkpoint);
  });
}
