import type { z } from 'zod/mini';
import { InvalidInputError } from '../domain/errors.js';

/**
 * Parses a JSON body against a request schema; every problem becomes a 400 naming its field
 * (dotted path, e.g. `components.0.status`).
 *
 * @example
 * const body = parseBody(OpenIncidentRequestSchema, request.body);
 */
export function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body ?? undefined);
  if (result.success) return result.data as z.output<S>;
  throw new InvalidInputError(
    'invalid_body',
    result.error.issues.map((issue) => {
      const field = issue.path.join('.');
      // An unknown key is reported on the object holding it; name the key itself.
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      return keys.length
        ? { field: [field, keys[0]].filter(Boolean).join('.'), message: `unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''}` }
        : { field: field || '(body)', message: issue.message };
    }),
  );
}
