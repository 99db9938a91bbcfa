import type { FeedHead } from './atom-feed.js';
import type { FeedEntry } from './feed-entries.js';
import { xml } from './xml.js';

/**
 * A timestamp as RSS 2.0 wants it (RFC 822, four-digit year): `Mon, 24 Aug 2026 22:00:00 GMT`.
 *
 * @example
 * rssDate('2026-08-24T22:00:00.000Z'); // 'Mon, 24 Aug 2026 22:00:00 GMT'
 */
export function rssDate(iso: string): string {
  return new Date(iso).toUTCString();
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Plain text as HTML text. RSS readers take an item's `description` for HTML, so operator text
 * is escaped as HTML first (and then as XML by the template): a reader shows `<script>` as
 * text, it never runs it.
 *
 * @example
 * htmlText('<b>&</b>'); // '&lt;b&gt;&amp;&lt;/b&gt;'
 */
export function htmlText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}

/**
 * An RSS 2.0 feed with an `atom:link rel="self"` (as the RSS Advisory Board recommends).
 * Titles are plain text; descriptions are HTML made from plain text (see {@link htmlText}).
 *
 * @example
 * renderRss(head, entries); // '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" …'
 */
export function renderRss(head: FeedHead, entries: readonly FeedEntry[]): string {
  return xml`<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${head.title}</title>
<link>${head.page}</link>
<description>${htmlText(head.subtitle)}</description>
<language>${head.lang === 'da' ? 'da-DK' : 'en'}</language>
<lastBuildDate>${rssDate(head.updated)}</lastBuildDate>
<generator>kdi-status</generator>
<atom:link rel="self" type="application/rss+xml" href="${head.self}"/>
${entries.map(
  (e) => xml`<item>
<title>${e.title}</title>
<link>${e.link}</link>
<guid isPermaLink="false">${e.id}</guid>
<pubDate>${rssDate(e.updated)}</pubDate>
<category>${e.kind}</category>
<description>${htmlText(e.text).replace(/\n/g, '<br>')}</description>
</item>
`,
)}</channel>
</rss>
`.value;
}
