import { z } from 'zod/mini';
import { chosenMunicipality } from '../domain/affected-municipalities.js';
import { parseQuery } from '../http/validate-query.js';

/** `?kommune=`: one value (a repeated one is a 400 naming it, as for `lang`). */
const KommuneQuerySchema = z.object({ kommune: z.optional(z.string()) });

/**
 * The municipality a site page is shown for (`?kommune=0751`), or null for all: empty (the
 * chooser's "Alle kommuner") is none; a value that is not one of the 98 kommunekoder is a 422
 * problem naming `kommune`. Other parameters are ignored, as on every site page.
 *
 * @example
 * const kommune = kommuneOf(request.query); // '0751' | null
 */
export function kommuneOf(query: unknown): string | null {
  const { kommune } = parseQuery(KommuneQuerySchema, query);
  return chosenMunicipality(kommune === '' ? undefined : kommune, 'kommune');
}

/**
 * `path` shown for `kommune` (null: as it is), before the language is added (`pathIn`).
 *
 * @example
 * withKommune('/c/ky', '0751'); // '/c/ky?kommune=0751'
 * pathIn(withKommune('/', '0751'), 'en'); // '/?kommune=0751&lang=en'
 */
export function withKommune(path: string, kommune: string | null | undefined): string {
  if (!kommune) return path;
  return `${path}${path.includes('?') ? '&' : '?'}kommune=${kommune}`;
}
