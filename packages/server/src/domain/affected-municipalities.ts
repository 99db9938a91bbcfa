import { isMunicipalityCode } from '@kdi-status/sdk';
import { UnprocessableError, type FieldError } from './errors.js';

/**
 * The municipalities a request limits an incident or maintenance to, checked: each one of the 98
 * kommunekoder and named once, or a 422 `unknown_municipality` naming `municipalities.<i>`.
 * Sorted, so the same set is stored (and compared) the same way however it was written.
 *
 * @example
 * checkedMunicipalities(['0147', '0101']); // ['0101', '0147']
 * checkedMunicipalities(['0411']); // throws: municipalities.0: "0411" is not a kommunekode of a municipality
 */
export function checkedMunicipalities(codes: readonly string[]): string[] {
  const errors: FieldError[] = [];
  codes.forEach((code, index) => {
    const field = `municipalities.${index}`;
    if (!isMunicipalityCode(code)) errors.push({ field, message: `"${code}" is not the kommunekode of one of the 98 municipalities` });
    else if (codes.indexOf(code) !== index) errors.push({ field, message: `"${code}" is named twice` });
  });
  if (errors.length) throw new UnprocessableError('unknown_municipality', errors);
  return [...codes].sort();
}

/**
 * `record` limited to the municipalities a request names: a new list, all of them again for
 * `null` (the field removed: absent means all), as it was when absent.
 *
 * @example
 * withMunicipalities(incident, ['0101']); // { …incident, municipalities: ['0101'] }
 * withMunicipalities(incident, null); // incident without municipalities
 */
export function withMunicipalities<T extends { municipalities?: string[] }>(record: T, patch: readonly string[] | null | undefined): T {
  if (patch === undefined) return record;
  const { municipalities: _old, ...rest } = record;
  return (patch === null ? rest : { ...rest, municipalities: checkedMunicipalities(patch) }) as T;
}

/**
 * The municipality a reader chose (`?municipality=` of the API, `?kommune=` of the site), or null
 * for none: a well-formed code that is not one of the 98 is a 422 `unknown_municipality` naming
 * `field`, so a misspelt code never quietly shows everything.
 *
 * @example
 * chosenMunicipality(query.municipality, 'municipality'); // '0101', or null when absent
 */
export function chosenMunicipality(code: string | undefined, field: string): string | null {
  if (code === undefined) return null;
  if (!isMunicipalityCode(code))
    throw new UnprocessableError('unknown_municipality', [
      { field, message: `"${code}" is not the kommunekode of one of the 98 municipalities` },
    ]);
  return code;
}
