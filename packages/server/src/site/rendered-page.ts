import { gzipSync } from 'node:zlib';
import { etagOf } from '../read/etag.js';

/** A page rendered once: its bytes and ETag, and a gzip twin made when first asked for. */
export interface RenderedPage {
  status: 200 | 404;
  body: Buffer;
  etag: string;
  gzipped(): { body: Buffer; etag: string };
}

/**
 * Wraps rendered HTML for the cache: a strong ETag per representation (RFC 9110 §8.8.3).
 *
 * @example
 * const page = renderedPage(200, renderPage(h(HomePage, { view, lang: 'da' })));
 * page.etag; // '"…"'
 */
export function renderedPage(status: 200 | 404, html: string): RenderedPage {
  const body = Buffer.from(html);
  const etag = etagOf(body);
  let gz: { body: Buffer; etag: string } | undefined;
  return {
    status,
    body,
    etag,
    gzipped: () => (gz ??= { body: gzipSync(body, { level: 6 }), etag: `${etag.slice(0, -1)}-gz"` }),
  };
}
