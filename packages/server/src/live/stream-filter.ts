import { eventScope, type ChangeEvent, type Component } from '@kdi-status/sdk';
import { dependencyClosure } from '../domain/dependency-graph.js';

/**
 * Which events a subscription gets: everything public, or only what concerns the given
 * components and everything they depend on (their dependency closure), so an incident on STS
 * reaches a subscriber of KY.
 */
export interface StreamFilter {
  /** Stable key: subscribers with the same filter share every encoded frame. */
  key: string;
  /** The components asked for, or null for all. */
  ids: readonly string[] | null;
  /** The ids asked for and everything they depend on, transitively; null for all. */
  closure: ReadonlySet<string> | null;
}

/**
 * Builds a filter for `ids` (null: everything) against the current components.
 *
 * @example
 * streamFilter(['ky'], components).closure; // Set { 'ky', 'serviceplatformen', 'sts', 'cpr', … }
 */
export function streamFilter(ids: readonly string[] | null, components: readonly Component[]): StreamFilter {
  if (!ids) return { key: '*', ids: null, closure: null };
  const sorted = [...new Set(ids)].sort();
  return { key: sorted.join(','), ids: sorted, closure: dependencyClosure(sorted, components) };
}

/**
 * Whether a change event goes to subscribers with this filter. API keys are never public.
 *
 * @example
 * concerns(incidentOnSts, streamFilter(['ky'], components)); // true
 */
export function concerns(event: ChangeEvent, filter: StreamFilter): boolean {
  if (event.type === 'key.changed') return false;
  if (!filter.closure || event.type === 'vendor.changed') return true;
  return eventScope(event, event.actor).components.some((id) => filter.closure!.has(id));
}
