import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '@kdi-status/sdk';
import { DomainError, InvalidInputError, NotFoundError } from '../domain/errors.js';
import { isPublicRead, PUBLIC_HEADERS } from './public-headers.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  500: 'Internal server error',
};

/**
 * Builds an RFC 9457 problem document with a stable `code`.
 *
 * @example
 * problem(404, 'component_not_found', 'No component "nope".');
 */
export function problem(status: number, code: string, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: `https://kdi-status.dk/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, body: Problem) {
  if (isPublicRead(request.url)) reply.headers(PUBLIC_HEADERS);
  return reply
    .code(body.status)
    .header('cache-control', 'no-store')
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify({ ...body, instance: request.url }));
}

/** Maps any error to problem+json: domain errors by class, Fastify's own by status, the rest to 500. */
function toProblem(error: unknown): Problem {
  if (error instanceof InvalidInputError) return problem(400, error.code, error.message, error.errors);
  if (error instanceof NotFoundError) return problem(404, error.code, error.message);
  if (error instanceof DomainError) return problem(422, error.code, error.message);
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code = (fastifyError.code ?? `http_${status}`).replace(/^FST_ERR_/, '').toLowerCase();
    return problem(status, code, fastifyError.message);
  }
  return problem(500, 'internal_error', 'The server failed; the error has been logged.');
}

/**
 * The one place errors become HTTP answers: every 4xx/5xx is `application/problem+json`.
 *
 * @example
 * registerProblemHandling(app);
 */
export function registerProblemHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, body);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, problem(404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
}
