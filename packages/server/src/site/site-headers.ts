import type { FastifyReply } from 'fastify';

/**
 * The site's policy: only its own files, no inline script or style, never framed. The widget
 * bundle (same origin) may enhance a page; `connect-src 'self'` lets it read the live stream.
 */
export const SITE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Sets the security headers every site answer carries (`X-Content-Type-Options` is set for every
 * answer in app.ts already).
 *
 * @example
 * setSiteHeaders(reply).type('text/html; charset=utf-8').send(html);
 */
export function setSiteHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', SITE_CSP)
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY');
}
