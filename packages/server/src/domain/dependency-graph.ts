import type { Component } from '@kdi-status/sdk';
import { UnprocessableError } from './errors.js';

/**
 * A dependency cycle, if the components have one: the ids around it, the first repeated at the
 * end (`['a', 'b', 'a']`). Depth-first search with three colours.
 *
 * @example
 * findCycle([{ id: 'a', dependsOn: ['b'] }, { id: 'b', dependsOn: ['a'] }]); // ['a', 'b', 'a']
 */
export function findCycle(components: ReadonlyArray<Pick<Component, 'id' | 'dependsOn'>>): string[] | null {
  const deps = new Map(components.map((c) => [c.id, c.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];

  const visit = (id: string): string[] | null => {
    if (state.get(id) === 'done') return null;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const cycle = deps.has(dep) ? visit(dep) : null;
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return null;
  };

  for (const { id } of components) {
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return null;
}

/**
 * Rejects a landscape whose dependencies name unknown components or form a cycle, naming them
 * (422). `field` says where the dependencies came from in the request.
 *
 * @example
 * assertValidDependencies(components, 'dependsOn'); // throws UnprocessableError('dependency_cycle', …'a → b → a') on a cycle
 */
export function assertValidDependencies(components: ReadonlyArray<Pick<Component, 'id' | 'dependsOn'>>, field = 'dependsOn'): void {
  const ids = new Set(components.map((c) => c.id));
  const unknown = components.flatMap((c) =>
    c.dependsOn.filter((dep) => !ids.has(dep)).map((dep) => ({ field, message: `"${c.id}" depends on unknown component "${dep}"` })),
  );
  if (unknown.length) throw new UnprocessableError('unknown_dependency', unknown);
  const cycle = findCycle(components);
  if (cycle)
    throw new UnprocessableError('dependency_cycle', [{ field, message: `dependencies would form a cycle: ${cycle.join(' → ')}` }]);
}

/**
 * The ids asked for and everything they depend on, transitively. An id no component has stays in
 * (it names nothing, and if such a component is made later, the closure is rebuilt to hold it).
 * The one definition the live stream's filter and the filtered summary share.
 *
 * @example
 * dependencyClosure(['ky'], components); // Set { 'ky', 'serviceplatformen', 'sts', 'cpr', … }
 */
export function dependencyClosure(ids: Iterable<string>, components: ReadonlyArray<Pick<Component, 'id' | 'dependsOn'>>): Set<string> {
  const byId = new Map(components.map((c) => [c.id, c.dependsOn]));
  const closure = new Set<string>();
  const stack = [...ids];
  while (stack.length) {
    const id = stack.pop()!;
    if (closure.has(id)) continue;
    closure.add(id);
    stack.push(...(byId.get(id) ?? []));
  }
  return closure;
}
