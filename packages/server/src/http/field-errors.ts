import type { z } from 'zod/mini';
import type { FieldError } from '../domain/errors.js';

/**
 * zod issues as the fields they are about: a dotted path (`components.0.status`), the name of an
 * unknown key itself, or `root` when the whole input is wrong.
 *
 * @example
 * fieldErrorsOf(result.error.issues, '(body)'); // [{ field: 'title.da', message: 'Too big: …' }]
 */
export function fieldErrorsOf(issues: readonly z.core.$ZodIssue[], root: string): FieldError[] {
  return issues.map((issue) => {
    const field = issue.path.join('.');
    // An unknown key is reported on the object holding it; name the key itself.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    // An empty key is named as `""`, so the field is never blank.
    const key = keys[0] === '' ? '""' : keys[0];
    return keys.length
      ? { field: [field, key].filter(Boolean).join('.'), message: `unknown field${keys.length > 1 ? `s ${keys.join(', ')}` : ''}` }
      : { field: field || root, message: issue.message };
  });
}
