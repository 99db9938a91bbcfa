import type { FastifyRequest } from 'fastify';

/** A host as a client may name it: a DNS name or an IP literal, with an optional port. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
/** What the links say when the request names no usable host. */
const FALLBACK_ORIGIN = 'http://localhost';

/**
 * The origin the client reached the server at (`Host`, or `X-Forwarded-Host`/`-Proto` when the
 * proxy is trusted), for the absolute `page.url` and `shortlink`s that API sends. A host that is
 * not a plain DNS name or IP literal (spaces, `@`, a path) gives `http://localhost` instead, so
 * a hostile header can put nothing but a host name into an answer.
 *
 * @example
 * requestOrigin(request); // 'https://status.example'
 */
export function requestOrigin(request: Pick<FastifyRequest, 'host' | 'protocol'>): string {
  const host = String(request.host ?? '').toLowerCase();
  if (host.length > 255 || !HOST.test(host)) return FALLBACK_ORIGIN;
  return `${request.protocol === 'https' ? 'https' : 'http'}://${host}`;
}
