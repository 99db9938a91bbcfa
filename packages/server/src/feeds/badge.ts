import type { ComponentStatus, Lang } from '@kdi-status/sdk';
import { messagesFor } from '../site/messages.js';
import { xml } from './xml.js';

/**
 * Each status's colour behind white text, every one at least 4.5:1 against white (WCAG AA). The
 * colour only repeats what the word says.
 *
 * @example
 * BADGE_COLOURS.partial_outage; // '#a33c00' (6.6:1 against white)
 */
export const BADGE_COLOURS: Record<ComponentStatus, string> = {
  operational: '#1a7431',
  degraded_performance: '#8a4b00',
  partial_outage: '#a33c00',
  major_outage: '#b3261e',
  under_maintenance: '#1d4ed8',
};
const LABEL_COLOUR = '#444444';

/** A width for `text` at 11 px in a common sans-serif: wide enough for Verdana, which is wider than most. */
function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += /[mwMW@]/.test(char) ? 10 : /[A-ZÆØÅ]/.test(char) ? 8 : /[il.,:;|'!]/.test(char) ? 3.5 : 7;
  return Math.ceil(width);
}

/**
 * An SVG status badge, "Driftsstatus | Kører normalt": the status as a word (readable without
 * colour), `role="img"` with a `<title>` naming the component, every text escaped.
 *
 * @example
 * renderBadge({ name: 'KY', status: 'partial_outage', lang: 'da' }); // '<svg … role="img" …><title>Driftsstatus for KY: Driftsforstyrrelse</title>…'
 */
export function renderBadge({ name, status, lang }: { name: string; status: ComponentStatus; lang: Lang }): string {
  const t = messagesFor(lang);
  const label = t.siteName;
  const word = t.status[status];
  const left = textWidth(label) + 12;
  const right = textWidth(word) + 12;
  const width = left + right;
  const title = `${t.badgeTitleFor} ${name}: ${word}`;
  return xml`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="20" viewBox="0 0 ${width} 20" role="img" aria-label="${title}">
<title>${title}</title>
<rect width="${left}" height="20" fill="${LABEL_COLOUR}"/>
<rect x="${left}" width="${right}" height="20" fill="${BADGE_COLOURS[status]}"/>
<g fill="#ffffff" font-family="Verdana,DejaVu Sans,Geneva,sans-serif" font-size="11" text-anchor="middle">
<text x="${left / 2}" y="14">${label}</text>
<text x="${left + right / 2}" y="14">${word}</text>
</g>
</svg>
`.value;
}
