import type { ReadChecks } from '../client/live-subscription.js';
import type { Problem } from '../schemas/problem.js';
import { leanCheck } from './lean-schema.js';
import type { LiveEventView, SummaryView } from './read-projection.js';
import { LIVE_EVENT, PROBLEM, SUMMARY, table } from './read-schemas.generated.js';

/**
 * The lean checks of what the read path receives, compiled from `SummarySchema`,
 * `LiveEventSchema` and `ProblemSchema` projected to what the browser reads (read-projection.ts):
 * of those fields they accept and reject what zod does, without zod; other fields are ignored.
 *
 * @example
 * const result = leanChecks.summary(JSON.parse(localStorage.getItem('kdi-status') ?? 'null'));
 * if (result.ok) render(result.data);
 */
export const leanChecks: ReadChecks<SummaryView, LiveEventView> = {
  summary: leanCheck<SummaryView>(table, SUMMARY),
  event: leanCheck<LiveEventView>(table, LIVE_EVENT),
  problem: leanCheck<Problem>(table, PROBLEM),
};
