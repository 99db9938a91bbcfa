import type { z } from 'zod/mini';
import { InvalidInputError } from '../domain/errors.js';
import { fieldErrorsOf } from './field-errors.js';

/**
 * Parses a query string object against a schema; a bad value (or, for a strict schema, an
 * unknown parameter) becomes a 400 naming the parameter.
 *
 * @example
 * const { state } = parseQuery(IncidentListQuerySchema, request.query);
 */
export function parseQuery<S extends z.ZodMiniType>(schema: S, query: unknown): z.output<S> {
  const result = schema.safeParse(query ?? {});
  if (result.success) return result.data as z.output<S>;
  throw new InvalidInputError('invalid_query', fieldErrorsOf(result.error.issues, '(query)'));
}
