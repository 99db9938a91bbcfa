import { z } from 'zod/mini';

/**
 * The body of every 4xx/5xx answer: RFC 9457 `application/problem+json` with a stable `code`
 * and, for invalid input, the fields at fault.
 *
 * @example
 * ProblemSchema.parse({ type: 'https://kdi-status.dk/problems/not-found', title: 'Not found',
 *   status: 404, code: 'not_found', detail: 'No component "nope".' });
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  code: z.string(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  /** Invalid input: each field (a dotted path, or the query parameter's name) and what is wrong with it. */
  errors: z.optional(z.array(z.object({ field: z.string(), message: z.string() }))),
});
export type Problem = z.infer<typeof ProblemSchema>;
