import type { z } from 'zod/mini';

/** Where data failed a check, and how (`path` dotted, '' for the root). */
export interface CheckIssue {
  path: string;
  message: string;
}

/**
 * A validator of data that came over the wire: its typed value, or the issues. The clients take
 * checks rather than zod schemas, so the browser path can use the lean checks derived from the
 * same schemas (`@kdi-status/sdk/read`) and carry no zod runtime.
 *
 * @example
 * const result = check(await response.json());
 * if (!result.ok) console.warn(result.issues);
 */
export type Check<T> = (data: unknown) => { ok: true; data: T } | { ok: false; issues: CheckIssue[] };

/**
 * A {@link Check} from a zod schema: the full validation (with its transforms) the Node clients use.
 *
 * @example
 * const checkSummary = zodCheck(SummarySchema);
 */
export function zodCheck<S extends z.ZodMiniType>(schema: S): Check<z.infer<S>> {
  return (data) => {
    const parsed = schema.safeParse(data);
    return parsed.success
      ? { ok: true, data: parsed.data as z.infer<S> }
      : {
          ok: false,
          issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: `${issue.code}: ${issue.message}` })),
        };
  };
}
