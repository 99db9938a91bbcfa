import type { Lang } from '@kdi-status/sdk';
import type { FeedEntry } from './feed-entries.js';
import { xml } from './xml.js';

/** What a feed says about itself. */
export interface FeedHead {
  /** A `tag:` URI naming the feed. */
  id: string;
  title: string;
  subtitle: string;
  /** The feed's own absolute URL (rel="self"). */
  self: string;
  /** The page it belongs to, absolute. */
  page: string;
  /** The Atom and RSS twins of the feed, absolute (`self` is one of them). */
  alternates: { atom: string; rss: string };
  author: string;
  /** The newest change: the newest entry's, or the read model's when there are none. */
  updated: string;
  lang: Lang;
}

/**
 * An Atom 1.0 feed (RFC 4287). All operator text is `type="text"` and escaped, so no reader
 * takes any of it for markup.
 *
 * @example
 * renderAtom(head, feedEntries(state, scope, 'da', origin)); // '<?xml version="1.0" encoding="utf-8"?><feed …'
 */
export function renderAtom(head: FeedHead, entries: readonly FeedEntry[]): string {
  const body = xml`<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${head.lang}">
<id>${head.id}</id>
<title type="text">${head.title}</title>
<subtitle type="text">${head.subtitle}</subtitle>
<updated>${head.updated}</updated>
<link rel="self" type="application/atom+xml" href="${head.self}"/>
<link rel="alternate" type="text/html" href="${head.page}"/>
<link rel="alternate" type="application/rss+xml" href="${head.alternates.rss}"/>
<author><name>${head.author}</name><uri>${head.page}</uri></author>
<generator>kdi-status</generator>
${entries.map(
  (e) => xml`<entry>
<id>${e.id}</id>
<title type="text">${e.title}</title>
<updated>${e.updated}</updated>
<published>${e.published}</published>
<link rel="alternate" type="text/html" href="${e.link}"/>
<category term="${e.kind}"/>
<content type="text">${e.text}</content>
</entry>
`,
)}</feed>
`;
  return body.value;
}
