import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
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
