import { SLUG_PATTERN } from '@kdi-status/sdk';

/**
 * The ids in a `components="ky, ksd"` attribute: trimmed, without empties, duplicates and what
 * cannot be an id (`KSD`, `ky;ksd`): one mistyped id must not make the server refuse the list,
 * and an id the summary lacks is told as `KDI_STATUS_UNKNOWN_COMPONENT` by the element.
 *
 * @example
 * parseComponentIds(' ky,ksd,,ky,KSD '); // ['ky', 'ksd']
 */
export function parseComponentIds(value: unknown): string[] {
  // A property may be set to anything (an array from a framework: `String` makes it a list).
  if (!value) return [];
  return [
    ...new Set(
      String(value)
        .split(',')
        .map((id) => id.trim()),
    ),
  ].filter((id) => SLUG_PATTERN.test(id));
}
