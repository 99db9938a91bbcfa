import { leanChecks, type SummaryView } from '@kdi-status/sdk/read';
import { readStored, writeStored } from './storage.js';

const KEY = 'kdi-status:last:';

/** The last state a widget saw, with when it was last known to be current. */
export interface LastKnown {
  summary: SummaryView;
  at: Date;
}

/**
 * The state kept by {@link writeLastKnown} for `id` (server and components), validated by the
 * SDK's schema (its lean check, as every answer from the server is checked from the server): anything else in storage (an older version's
 * shape, another script's garbage) is ignored.
 *
 * @example
 * readLastKnown('https://status.example.dk/ ky')?.at; // Date of the state kept, or undefined
 */
export function readLastKnown(id: string): LastKnown | undefined {
  const stored = readStored(KEY + id) as { at?: unknown; summary?: unknown } | undefined;
  const at = new Date(typeof stored?.at === 'string' ? stored.at : NaN);
  const checked = leanChecks.summary(stored?.summary);
  return checked.ok && at.getTime() ? { summary: checked.data, at } : undefined;
}

/** Keeps `summary` as current at `at` for {@link readLastKnown}. @example writeLastKnown(id, summary, new Date()); */
export function writeLastKnown(id: string, summary: SummaryView, at: Date): void {
  writeStored(KEY + id, { at: at.toISOString(), summary });
}
