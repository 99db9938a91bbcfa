import type { FastifyReply, FastifyRequest } from 'fastify';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chooseCoding } from '../http/accept-encoding.js';
import { matchesIfNoneMatch } from '../http/if-none-match.js';
import { etagOf } from '../read/etag.js';

/** One representation of a page: its bytes and its own strong ETag. */
export interface Representation {
  body: Buffer;
  etag: string;
}

/** A page rendered once: its bytes and ETag, and gzip and brotli twins made when first asked for. */
export interface RenderedPage extends Representation {
  status: 200 | 404;
  /** The body's media type, `text/html; charset=utf-8` unless said otherwise. */
  type: string;
  gzipped(): Representation;
  brotli(): Representation;
}

/**
 * Wraps a rendered body for the cache: a strong ETag per representation (RFC 9110 §8.8.3).
 *
 * @example
 * const page = renderedPage(200, renderPage(h(HomePage, { view, lang: 'da' })));
 * page.etag; // '"…"'
 * renderedPage(200, atomXml, 'application/atom+xml; charset=utf-8');
 */
export function renderedPage(status: 200 | 404, text: string, type = 'text/html; charset=utf-8'): RenderedPage {
  const body = Buffer.from(text);
  const etag = etagOf(body);
  const twin = (suffix: string, compress: (b: Buffer) => Buffer) => {
    let made: Representation | undefined;
    return () => (made ??= { body: compress(body), etag: `${etag.slice(0, -1)}-${suffix}"` });
  };
  return {
    status,
    type,
    body,
    etag,
    gzipped: twin('gz', (b) => gzipSync(b, { level: 6 })),
    brotli: twin('br', (b) => brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })),
  };
}

/**
 * Sends `page` as the client takes it: brotli, gzip or plain by `Accept-Encoding`, with `Vary`
 * and the representation's own ETag, and a 304 when a 200's ETag matches `If-None-Match`. The
 * caller sets its other headers (cache, CORS, CSP) first.
 *
 * @example
 * reply.header('cache-control', 'public, max-age=300');
 * return sendRendered(request, reply, page);
 */
export function sendRendered(request: FastifyRequest, reply: FastifyReply, page: RenderedPage): FastifyReply {
  const coding = chooseCoding(request.headers['accept-encoding']);
  const { body, etag } = coding === 'br' ? page.brotli() : coding === 'gzip' ? page.gzipped() : page;
  reply.header('vary', 'Accept-Encoding').header('etag', etag);
  if (page.status === 200 && matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
  if (coding !== 'identity') reply.header('content-encoding', coding);
  return reply.code(page.status).type(page.type).send(body);
}
