import type { ReadChecks } from '../client/live-subscription.js';
import type { LiveEvent } from '../schemas/event.js';
import type { Problem } from '../schemas/problem.js';
import type { Summary } from '../schemas/summary.js';
import { leanCheck } from './lean-schema.js';
import { LIVE_EVENT, PROBLEM, SUMMARY, table } from './read-schemas.generated.js';

/**
 * The lean checks of what the read path receives, compiled from `SummarySchema`,
 * `LiveEventSchema` and `ProblemSchema`: they accept and reject what those do, without zod.
 *
 * @example
 * const result = leanChecks.summary(JSON.parse(localStorage.getItem('kdi-status') ?? 'null'));
 * if (result.ok) render(result.data);
 */
export const leanChecks: ReadChecks = {
  summary: leanCheck<Summary>(table, SUMMARY),
  event: leanCheck<LiveEvent>(table, LIVE_EVENT),
  problem: leanCheck<Problem>(table, PROBLEM),
};
