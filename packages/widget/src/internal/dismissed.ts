import { readStored, writeStored } from './storage.js';

const KEY = 'kdi-status:dismissed';
/** Enough for every message a page could show at once, and bounded: storage is the host's. */
const KEEP = 50;

// Dismissals storage did not take (private mode, SecurityError, a full quota): kept for this page.
const closed = new Set<string>();

const read = () => {
  const stored = readStored(KEY);
  return Array.isArray(stored) ? (stored as unknown[]).filter((key) => typeof key === 'string') : [];
};

/**
 * Whether the user closed the message with this version key (see `itemVersion`): a newer update
 * or another status has another key, so it shows again.
 *
 * @example
 * isDismissed('incident:inc_1|partial_outage|upd_2'); // false until dismiss() was called with it
 */
export function isDismissed(key: string): boolean {
  return closed.has(key) || read().includes(key);
}

/** Remembers a closed message in localStorage (shared by every page and tab of the origin). @example dismiss(key); */
export function dismiss(key: string): void {
  if (!writeStored(KEY, [...read().filter((k) => k !== key), key].slice(-KEEP))) closed.add(key);
}
