import type { z } from 'zod/mini';
import { InvalidInputError } from '../domain/errors.js';

/**
 * Parses a query string object against a schema; a bad value becomes a 400 naming the parameter.
 *
 * @example
 * const { state } = parseQuery(IncidentListQuerySchema, request.query);
 */
export function parseQuery<S extends z.ZodMiniType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data as z.output<S>;
  throw new InvalidInputError(
    'invalid_query',
    result.error.issues.map((issue) => ({ field: issue.path.join('.') || '(query)', message: issue.message })),
  );
}
