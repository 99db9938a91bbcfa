import { z } from 'zod/mini';

/**
 * The body of every 4xx/5xx answer: RFC 9457 `application/problem+json` with a stable `code`
 * and, for invalid input, the fields at fault. `type` is a URI relative to the server that
 * answered (`/problems/<code>`, the page explaining the code): resolve it against the request URL.
 *
 * @example
 * ProblemSchema.parse({ type: '/problems/component-not-found', title: 'Not found',
 *   status: 404, code: 'component_not_found', detail: 'No component "nope".' });
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
