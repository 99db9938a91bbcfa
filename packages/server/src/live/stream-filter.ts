import { eventScope, type ChangeEvent, type ChangeEventType, type Component } from '@kdi-status/sdk';
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
 * Events no public read carries: API keys and webhook endpoints (whose URLs and contacts are
 * their owners' business) are operators' changes, for the audit trail only.
 */
export const PRIVATE_EVENT_TYPES = ['key.changed', 'webhook.changed'] as const satisfies readonly ChangeEventType[];

/**
 * Whether a change event is one of {@link PRIVATE_EVENT_TYPES}: it only moves the sequence.
 *
 * @example
 * isPrivateEvent(webhookChanged); // true
 */
export function isPrivateEvent(event: ChangeEvent): boolean {
  return (PRIVATE_EVENT_TYPES as readonly string[]).includes(event.type);
}

/**
 * Whether a change event goes to subscribers with this filter. API keys and webhook endpoints
 * are never public.
 *
 * @example
 * concerns(incidentOnSts, streamFilter(['ky'], components)); // true
 */
export function concerns(event: ChangeEvent, filter: StreamFilter): boolean {
  if (isPrivateEvent(event)) return false;
  if (!filter.closure || event.type === 'vendor.changed') return true;
  return eventScope(event, event.actor).components.some((id) => filter.closure!.has(id));
}
