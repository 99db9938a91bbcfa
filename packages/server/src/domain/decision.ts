import type { LocalizedText } from '@kdi-status/sdk';
import type { Change } from '../store/store.js';

/** What a write command decides: the changes to commit, and what to answer. */
export interface Decision<T> {
  changes: Change[];
  result: T;
}

type ChangeType = Exclude<Change['type'], 'content.deleted' | 'key.changed'>;
type EntityOf<K extends ChangeType> = Extract<Change, { type: K }>['data'];

/**
 * The decision to store `after` as one change of `type`. Given `before` (an edit), none when the
 * edit changes nothing but `updatedAt`, so an empty PATCH leaves no event in the log.
 *
 * @example
 * return changed('component.changed', edited, component);
 */
export function changed<K extends ChangeType>(type: K, after: EntityOf<K>, before?: EntityOf<K>): Decision<EntityOf<K>> {
  if (before !== undefined) {
    const strip = (entity: object) => {
      const { updatedAt: _updated, ...rest } = entity as { updatedAt?: string };
      return JSON.stringify(rest);
    };
    if (strip(before) === strip(after)) return { changes: [], result: before };
  }
  return { changes: [{ type, data: after } as Change], result: after };
}

/**
 * `record` with each field `patch` gives a value (an absent or `undefined` field is left as it was).
 *
 * @example
 * patched(component, { name: 'Ny navn', dependsOn: undefined }); // name changed, dependsOn kept
 */
export function patched<T extends object>(record: T, patch: { readonly [K in keyof T]?: T[K] | undefined }): T {
  const next = { ...record };
  for (const key of Object.keys(patch) as (keyof T)[]) {
    const value = patch[key];
    if (value !== undefined) next[key] = value as T[keyof T];
  }
  return next;
}

/**
 * `record` with its citizen text as a PATCH asks: a new one, removed for `null`, kept as it was
 * when absent (the field is optional in the record, so "removed" leaves no key, not a null).
 *
 * @example
 * withCitizenText(incident, null); // incident without citizenText
 */
export function withCitizenText<T extends { citizenText?: LocalizedText }>(record: T, patch: LocalizedText | null | undefined): T {
  if (patch === undefined) return record;
  const { citizenText: _old, ...rest } = record;
  return (patch === null ? rest : { ...rest, citizenText: patch }) as T;
}
