import { z } from 'zod/mini';

/**
 * What a kommunekode looks like: four digits, as DAGI writes it (`0101` København, `0851`
 * Aalborg). Which codes exist is the SDK's list of the 98 municipalities (`MUNICIPALITIES`).
 *
 * @example
 * MUNICIPALITY_CODE_PATTERN.test('0101'); // true
 */
export const MUNICIPALITY_CODE_PATTERN = /^[0-9]{4}$/;

/**
 * A kommunekode: the municipality an incident or maintenance affects, a widget shows status for
 * (`municipality="0101"`) or a subscriber follows.
 *
 * @example
 * MunicipalityCodeSchema.parse('0147'); // Frederiksberg
 */
export const MunicipalityCodeSchema = z.string().check(z.regex(MUNICIPALITY_CODE_PATTERN, 'must be a kommunekode: four digits, e.g. 0101'));
export type MunicipalityCode = z.infer<typeof MunicipalityCodeSchema>;

/**
 * The municipalities an incident or maintenance affects. Absent: all of them (the default, and
 * what every record written before this field existed means).
 *
 * @example
 * affectsMunicipality({ municipalities: ['0101'] }, '0147'); // false
 */
export const AffectedMunicipalitiesSchema = z.optional(z.array(MunicipalityCodeSchema));

/**
 * Whether a record that names the municipalities it affects (or none: all) affects `code`. No
 * code (a reader that did not choose one) sees everything.
 *
 * @example
 * summary.incidents.filter((incident) => affectsMunicipality(incident, '0101'));
 */
export function affectsMunicipality(record: { municipalities?: readonly string[] | undefined }, code: string | undefined): boolean {
  return code === undefined || record.municipalities === undefined || record.municipalities.includes(code);
}
