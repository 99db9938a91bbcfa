/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { messagesFor } from '../messages.js';

/**
 * A duration in words, to the minute: "2 t 15 min", "3 d 4 t", "45 min" (English "h", "d").
 *
 * @example
 * formatDuration(8_100_000, 'da'); // '2 t 15 min'
 */
export function formatDuration(ms: number, lang: Lang): string {
  const t = messagesFor(lang).hist;
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} ${t.dayUnit} ${hours} ${t.hourUnit}` : `${days} ${t.dayUnit}`;
  if (hours > 0) return rest > 0 ? `${hours} ${t.hourUnit} ${rest} min` : `${hours} ${t.hourUnit}`;
  return `${rest} min`;
}

/** A link to another page of a list (`rel` prev/next), or nothing. */
export interface PagerLink {
  href: string;
  label: string;
  rel: 'prev' | 'next';
}

/**
 * Previous/next links of a paged list, in a labelled `nav`.
 *
 * @example
 * <Pager label="Sider" links={[{ href: '/maintenance?page=1', label: 'Forrige side', rel: 'prev' }]} />
 */
export function Pager({ label, links }: { label: string; links: readonly PagerLink[] }) {
  if (links.length === 0) return null;
  return (
    <nav class="pager" aria-label={label}>
      <ul>
        {links.map((link) => (
          <li>
            <a href={link.href} rel={link.rel}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
