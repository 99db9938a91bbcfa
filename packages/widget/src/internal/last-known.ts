import { SummarySchema } from '@kdi-status/sdk';
import type { Summary } from '@kdi-status/sdk';
import { readStored, writeStored } from './storage.js';

const KEY = 'kdi-status:last:';

/** The last state a widget saw, with when it was last known to be current. */
export interface LastKnown {
  summary: Summary;
  at: Date;
}

/**
 * The state kept by {@link writeLastKnown} for `id` (server and components), validated by the
 * SDK's schema like any answer from the server: anything else in storage (an older version's
 * shape, another script's garbage) is ignored.
 *
 * @example
 * readLastKnown('https://status.example.dk/ ky')?.at; // Date of the state kept, or undefined
 */
export function readLastKnown(id: string): LastKnown | undefined {
  const stored = readStored(KEY + id) as { at?: unknown; summary?: unknown } | undefined;
  const at = new Date(typeof stored?.at === 'string' ? stored.at : NaN);
  const parsed = SummarySchema.safeParse(stored?.summary);
  return parsed.success && at.getTime() ? { summary: parsed.data, at } : undefined;
}

/** Keeps `summary` as current at `at` for {@link readLastKnown}. @example writeLastKnown(id, summary, new Date()); */
export function writeLastKnown(id: string, summary: Summary, at: Date): void {
  writeStored(KEY + id, { at: at.toISOString(), summary });
}
