import { LiveEventSchema } from '../schemas/event.js';
import { ProblemSchema } from '../schemas/problem.js';
import { SummarySchema } from '../schemas/summary.js';
import { project } from './projection.js';
import { liveEventProjection, summaryProjection } from './read-projection.js';

/**
 * The zod schemas the browser path validates with, by the name their lean index gets in
 * read-schemas.generated.ts: the summary and the live events projected to what the browser
 * reads (read-projection.ts), the problem whole (`HttpError.problem` is public and typed
 * `Problem`). Build time only: the generator and the tests import it.
 *
 * @example
 * generatedSource(readSchemas);
 */
export const readSchemas = {
  SUMMARY: project(SummarySchema, summaryProjection),
  LIVE_EVENT: project(LiveEventSchema, liveEventProjection),
  PROBLEM: ProblemSchema,
};
