import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from '@kdi-status/sdk';
import { DomainError, TryLaterError } from '../domain/errors.js';
import { StoreUnavailableError } from '../store/store.js';

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  408: 'Request timeout',
  413: 'Payload too large',
  414: 'URI too long',
  409: 'Conflict',
  415: 'Unsupported media type',
  417: 'Expectation failed',
  422: 'Unprocessable content',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * Builds an RFC 9457 problem document with a stable `code`. Its `type` is the server's own page
 * explaining the code, as a relative URI (`/problems/component-not-found`, resolved against the
 * answer's URL; docs/adr/0015-openapi.md says why).
 *
 * @example
 * problem(404, 'component_not_found', 'No component "nope".');
 * // { type: '/problems/component-not-found', title: 'Not found', status: 404, code: 'component_not_found', detail: … }
 */
export function problem(status: number, code: string, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: `/problems/${code.replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

/**
 * Sends a problem document (headers a plugin's hook set, such as CORS, stay).
 *
 * @example
 * sendProblem(request, reply, problem(404, 'route_not_found', 'No route GET /x.'));
 */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, body: Problem) {
  return reply
    .code(body.status)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify({ ...body, instance: request.url }));
}

/**
 * Answers a path no route answers with a 404 problem. Each plugin with a prefix sets it as its
 * own not-found handler, so the plugin's hooks (CORS, or none) apply to its 404s too.
 *
 * @example
 * app.setNotFoundHandler(routeNotFound);
 */
export function routeNotFound(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, problem(404, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
}

/** Fastify's own request errors, under codes that say what happened, and the part of the request at fault. */
const FASTIFY_CODES: Record<string, [code: string, field: string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: ['payload_too_large', '(body)'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: ['unsupported_media_type', 'Content-Type'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: ['invalid_content_length', 'Content-Length'],
  FST_ERR_CTP_EMPTY_JSON_BODY: ['empty_body', '(body)'],
  FST_ERR_CTP_INVALID_JSON_BODY: ['invalid_json', '(body)'],
  FST_ERR_BAD_URL: ['invalid_url', '(path)'],
  FST_ERR_MAX_PARAM_LENGTH: ['path_parameter_too_long', '(path)'],
};

/** Maps any error to problem+json: domain errors by their status, Fastify's own by theirs, the rest to 500. */
export function toProblem(error: unknown): Problem {
  if (error instanceof DomainError) return problem(error.status, error.code, error.message, error.errors);
  if (error instanceof StoreUnavailableError) return problem(503, error.code, `${error.message} Try again later.`);
  const fastifyError = error as Partial<FastifyError>;
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const known = FASTIFY_CODES[fastifyError.code ?? ''];
    const code = known?.[0] ?? (fastifyError.code ?? `http_${status}`).replace(/^FST_ERR_/, '').toLowerCase();
    const message = fastifyError.message ?? code;
    return problem(status, code, message, [{ field: known?.[1] ?? '(request)', message }]);
  }
  // JSON.parse failures of a body arrive as SyntaxError with status 400.
  if (error instanceof SyntaxError)
    return problem(400, 'invalid_json', `The body is not valid JSON: ${error.message}`, [
      { field: '(body)', message: 'is not valid JSON' },
    ]);
  return problem(500, 'internal_error', 'The server failed; the error has been logged.');
}

/** A problem answered outside Fastify (by node:http's hooks), and the connection closed after it. */
function closingProblem(status: number, code: string, detail: string, field: string, instance?: string) {
  const body = JSON.stringify({ ...problem(status, code, detail, [{ field, message: detail }]), ...(instance ? { instance } : {}) });
  const headers = {
    'content-type': 'application/problem+json; charset=utf-8',
    'content-length': String(Buffer.byteLength(body)),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    connection: 'close',
  };
  return { body, headers };
}

/**
 * Answers an `Expect` other than `100-continue` (node:http's `checkExpectation`; it would send a
 * plain 417 itself) with a problem naming the header.
 *
 * @example
 * app.server.on('checkExpectation', answerUnmetExpectation);
 */
export function answerUnmetExpectation(request: IncomingMessage, response: ServerResponse): void {
  const { body, headers } = closingProblem(417, 'expectation_failed', 'Only "Expect: 100-continue" is understood.', 'Expect', request.url);
  response.writeHead(417, headers).end(body);
}

/** What node:http itself refuses, before Fastify sees a request. */
const CLIENT_ERRORS: Record<string, [status: number, code: string, detail: string, field: string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'request_timeout', 'The request (headers and body) did not arrive in time.', '(request)'],
  HPE_HEADER_OVERFLOW: [431, 'headers_too_large', 'The request headers are larger than the server reads (16 KiB).', '(headers)'],
};

/**
 * Answers what node:http refuses before routing (a timeout, headers too large, bytes that are not
 * HTTP/1.1) with a problem document too, then closes the connection (Fastify's
 * `clientErrorHandler`).
 *
 * @example
 * Fastify({ clientErrorHandler: answerClientError });
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail, field] = CLIENT_ERRORS[error.code ?? ''] ?? [
    400,
    'malformed_request',
    'The request is not valid HTTP/1.1.',
    '(request)',
  ];
  if (socket.writable) {
    const { body, headers } = closingProblem(status, code, detail, field);
    const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
  }
  // A client that keeps sending after the answer must not keep the socket.
  setTimeout(() => socket.destroy(), 1000).unref();
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
    if (error instanceof TryLaterError || error instanceof StoreUnavailableError)
      reply.header('retry-after', String(error.retryAfterSeconds));
    if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="kdi-status"');
    // The database away, or a server at its stream capacity, is a state to notice, not a bug to
    // trace: one line each, no stack.
    if (error instanceof StoreUnavailableError || error instanceof TryLaterError)
      request.log.warn(`${body.status} ${body.code}: ${error.message}`);
    else if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(request, reply, body);
  });
  app.setNotFoundHandler(routeNotFound);
}
