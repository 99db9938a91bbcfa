import { readStored, writeStored } from './storage.js';

/**
 * The page's live regions: one polite, one assertive (`role="alert"`), appended to
 * `document.body` (not to the element's own light DOM: an unslotted child of a shadow host is
 * not rendered, so not in the accessibility tree, and the element may itself sit in a framework's
 * shadow root, where live regions are announced unreliably). Shared by every `<kdi-status>` on
 * the page, so a banner and a badge showing the same change announce it once. Created when the
 * first element connects, before anything is shown, since a region only announces changes made
 * after it exists. Visually hidden by CSSOM (`style.cssText`), which a strict CSP allows.
 */
let regions: Record<'polite' | 'assertive', HTMLElement> | undefined;

const HIDDEN =
  // The `.vh` rule of the widget's styles, then what a div needs more: gzip sends the shared part once.
  'position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;margin:-1px;padding:0;border:0';

/**
 * The live regions, created (again, if the page replaced its body) when missing.
 *
 * @example
 * liveRegions().polite.textContent; // what was last announced politely
 */
export function liveRegions(): Record<'polite' | 'assertive', HTMLElement> {
  if (!regions?.polite.isConnected || !regions.assertive.isConnected) {
    const make = (name: string, value: string) => {
      const region = document.createElement('div');
      region.setAttribute(name, value);
      region.setAttribute('aria-atomic', 'true');
      region.setAttribute('data-kdi-status-announcer', '');
      region.style.cssText = HIDDEN;
      (document.body ?? document.documentElement).append(region);
      return region;
    };
    regions = { polite: make('aria-live', 'polite'), assertive: make('role', 'alert') };
  }
  return regions;
}

/**
 * A message as announced: its version (`itemVersion`), key, whether it is urgent (an incident of
 * major or critical impact), and the sentence to say.
 */
export interface Announceable {
  version: string;
  key: string;
  urgent: boolean;
  text: string;
}

// What this tab has announced, across its page loads: the next page of the same application is
// not a change, so it says nothing. Kept in memory too, for when sessionStorage is unavailable.
const SEEN = 'kdi-status:announced';
const remembered = new Set<string>();

/**
 * Announces what is new in `items` since anything announced in this tab: a new message, a new
 * update, another status. Assertively only when an incident of major or critical impact is new
 * (or has just become one) since the tab first showed the widget; politely otherwise:
 * maintenance, minor trouble, later updates, and what was already wrong at the first view. `allWell` is said (politely) when `hadItems` and none are left.
 * Says nothing when nothing changed, so a poll, a re-render or a reconnect with the same state
 * are silent. Never moves focus.
 *
 * @returns Whether anything was said.
 * @example
 * announce([{ version, key, urgent: true, text: 'Driftsmeddelelse: Nedbrud – STS' }], false, 'Alle systemer kører', 'da');
 */
export function announce(items: readonly Announceable[], hadItems: boolean, allWell: string, lang: string): boolean {
  const stored = readStored(SEEN, 'sessionStorage');
  const seen = new Set(Array.isArray(stored) ? (stored as string[]) : remembered);
  const fresh = items.filter((item) => !seen.has(item.version));
  // What is already wrong when the tab first shows the widget is told politely: assertive is
  // for what goes wrong while the reader is here, not for every first page view.
  const primed = seen.delete('*');
  let text = fresh.map((item) => item.text).join(' ');
  if (!items.length && hadItems) text = allWell;
  const assertive = primed && fresh.some((item) => item.urgent && !seen.has(`${item.key}|urgent`));
  if (!primed || fresh.length) {
    for (const item of fresh) seen.add(item.version).add(`${item.key}|${item.urgent ? 'urgent' : ''}`);
    const kept = ['*', ...[...seen].slice(-200)];
    kept.forEach((key) => remembered.add(key));
    writeStored(SEEN, kept, 'sessionStorage');
  }
  if (!text) return false;
  const regions = liveRegions();
  const region = regions[assertive ? 'assertive' : 'polite'];
  // The same words twice in a row (two elements on the page, one change) are said once. The other
  // region is emptied, so that words it held from an earlier change ("Alle systemer kører" before
  // a critical incident went to the assertive one) do not silence the same words for a later one.
  if (region.textContent === text) return false;
  regions[assertive ? 'polite' : 'assertive'].textContent = '';
  region.lang = lang;
  region.textContent = text;
  return true;
}
