import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/**
 * A page as the bytes sent: the doctype and the rendered tree. Preact escapes every text and
 * attribute value, so operator text cannot become markup.
 *
 * @example
 * const html = renderPage(h(NotFoundPage, { lang: 'da' }));
 */
export function renderPage<P>(page: VNode<P>): string {
  return `<!doctype html>${renderToString(page)}`;
}
