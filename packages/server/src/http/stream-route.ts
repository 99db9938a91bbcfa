import type { FastifyInstance } from 'fastify';
import { StreamQuerySchema } from '@kdi-status/sdk';
import { InvalidInputError, NotFoundError } from '../domain/errors.js';
import { detachFromHttp } from '../live/detach-socket.js';
import type { LiveHub } from '../live/live-hub.js';
import type { ReadModelHolder } from '../read-model.js';
import { parseQuery } from './validate-query.js';

/**
 * `GET /api/v1/stream`: Server-Sent Events. The request is validated here (bad input gets
 * problem+json like every route); then the reply is hijacked and the hub owns the socket.
 *
 * @example
 * registerStreamRoute(app, { hub, readModel });
 */
export function registerStreamRoute(app: FastifyInstance, deps: { hub: LiveHub; readModel: ReadModelHolder }): void {
  app.get('/api/v1/stream', (request, reply) => {
    const query = parseQuery(StreamQuerySchema, request.query);
    const header = request.headers['last-event-id'];
    let lastEventId = query.lastEventId ?? null;
    if (header !== undefined && header !== '') {
      if (!/^\d{1,15}$/.test(String(header)))
        throw new InvalidInputError('invalid_header', [{ field: 'Last-Event-ID', message: 'must be an event sequence number' }]);
      lastEventId = Number(header);
    }
    const ids = query.components ? query.components.split(',') : null;
    const unknown = ids?.filter((id) => !deps.readModel.current().view.componentsById.has(id)) ?? [];
    if (unknown.length) throw new NotFoundError('component_not_found', `No component ${unknown.map((id) => `"${id}"`).join(', ')}.`);

    reply.hijack();
    detachFromHttp(request.raw.socket);
    void deps.hub.subscribe(request.raw.socket, ids, lastEventId);
  });
}
