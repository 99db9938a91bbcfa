import { LiveEventSchema } from '../schemas/event.js';
import { ProblemSchema } from '../schemas/problem.js';
import { SummarySchema } from '../schemas/summary.js';

/**
 * The zod schemas the browser path validates with, by the name their lean index gets in
 * read-schemas.generated.ts. Build time only: the generator and the tests import it.
 *
 * @example
 * generatedSource(readSchemas);
 */
export const readSchemas = { SUMMARY: SummarySchema, LIVE_EVENT: LiveEventSchema, PROBLEM: ProblemSchema };
