import { z } from 'zod/mini';
import { InvalidInputError } from '../domain/errors.js';
import { fieldErrorsOf } from './field-errors.js';

/**
 * Parses a JSON body against a request schema; every problem becomes a 400 naming its field
 * (dotted path, e.g. `components.0.status`).
 *
 * @example
 * const body = parseBody(OpenIncidentRequestSchema, request.body);
 */
export function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown): z.output<S> {
  // A JSON `null` is a body (and a wrong one), not the absence of one.
  const result = schema.safeParse(body);
  if (result.success) return result.data as z.output<S>;
  throw new InvalidInputError('invalid_body', fieldErrorsOf(result.error.issues, '(body)'));
}

/**
 * The body of a route that takes none: nothing, or an empty JSON object (clients that always send
 * JSON send `{}`). Anything in it is an unknown field, so a misplaced request is not half-applied.
 *
 * @example
 * parseBody(NoBodySchema, request.body); // undefined or {}
 */
export const NoBodySchema = z.optional(z.strictObject({}));
