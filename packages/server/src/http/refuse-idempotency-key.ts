import type { FastifyRequest } from 'fastify';
import { InvalidInputError } from '../domain/errors.js';

/**
 * A check for writes (a `preHandler` hook) that are not replayed: their answer holds a secret (a
 * webhook's) or depends on the moment (a retry), so no answer is stored to replay, and a client
 * that sends `Idempotency-Key` expecting a safe retry is told so (400) instead of being ignored.
 *
 * @example
 * admin.addHook('preHandler', refuseIdempotencyKey);
 */
export async function refuseIdempotencyKey(request: FastifyRequest): Promise<void> {
  if (request.method === 'GET' || request.method === 'HEAD' || request.headers['idempotency-key'] === undefined) return;
  throw new InvalidInputError('invalid_header', [
    { field: 'Idempotency-Key', message: 'is not taken by this route: its answer is not stored for a replay' },
  ]);
}
