import type { Component } from '@kdi-status/sdk';

/** How a notice reaches one of a recipient's components: the dependency path from it to an affected component, itself first. */
export interface Reach {
  component: string;
  /** `['ky', 'serviceplatformen']`: KY depends on Serviceplatformen, which is affected. An affected component's own path is `[id]`. */
  path: string[];
}

/** Who chose what: a subscriber or a webhook endpoint, with its components (null: everything). */
export interface Audience {
  id: string;
  components: readonly string[] | null;
}

/**
 * For every component that an incident or window on `affected` reaches — the affected ones and
 * everything that depends on them, transitively — the shortest dependency path to an affected
 * one. Breadth first over the reversed dependency edges, so each component is visited once.
 *
 * @example
 * reachOf(['serviceplatformen'], components).get('ky'); // ['ky', 'serviceplatformen']
 */
export function reachOf(affected: Iterable<string>, components: ReadonlyArray<Pick<Component, 'id' | 'dependsOn'>>): Map<string, string[]> {
  const dependents = new Map<string, string[]>();
  for (const c of components) for (const dep of c.dependsOn) dependents.set(dep, [...(dependents.get(dep) ?? []), c.id]);
  const paths = new Map<string, string[]>();
  const queue: string[] = [];
  for (const id of affected) {
    if (paths.has(id)) continue;
    paths.set(id, [id]);
    queue.push(id);
  }
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    for (const dependent of dependents.get(id) ?? []) {
      if (paths.has(dependent)) continue;
      paths.set(dependent, [dependent, ...paths.get(id)!]);
      queue.push(dependent);
    }
  }
  return paths;
}

/**
 * The audience a notice concerns, each with how it reaches them: one who chose components hears
 * of it when any of them is reached (a subscriber to KY hears of a Serviceplatformen incident,
 * through Serviceplatformen); one who chose everything hears of every notice, told the affected
 * components themselves. Nobody else.
 *
 * @example
 * recipientsOf(reachOf(['sp'], components), ['sp'], subscribers); // [{ id: 'sub_1', affected: [{ component: 'ky', path: ['ky', 'sp'] }] }]
 */
export function recipientsOf<A extends Audience>(
  reach: ReadonlyMap<string, string[]>,
  affected: readonly string[],
  audience: readonly A[],
): Array<{ audience: A; affected: Reach[] }> {
  const direct = affected.map((id) => ({ component: id, path: [id] }));
  const found: Array<{ audience: A; affected: Reach[] }> = [];
  for (const one of audience) {
    if (one.components === null) {
      found.push({ audience: one, affected: direct });
      continue;
    }
    const reached = one.components.flatMap((id) => {
      const path = reach.get(id);
      return path ? [{ component: id, path }] : [];
    });
    if (reached.length) found.push({ audience: one, affected: reached });
  }
  return found;
}
