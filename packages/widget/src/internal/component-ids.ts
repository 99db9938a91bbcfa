/**
 * The ids in a `components="ky, ksd"` attribute: trimmed, without empties and duplicates.
 *
 * @example
 * parseComponentIds(' ky,ksd,,ky '); // ['ky', 'ksd']
 */
export function parseComponentIds(value: string | null | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(',').map((id) => id.trim()))].filter((id) => id !== '');
}
