import { eventScope, type ChangeEvent, type Component } from '@kdi-status/sdk';
import { isPrivateEvent, streamFilter, type StreamFilter } from './stream-filter.js';

/** Subscribers with the same filter (the same components asked for): they get the same status frames. */
export interface FilterGroup<T> {
  filter: StreamFilter;
  members: Set<T>;
  scope: Scope<T>;
}

/** The groups whose filters have the same dependency closure: they get the same change events. */
export interface Scope<T> {
  /** The closure's ids, sorted and joined; `*` for everything. */
  key: string;
  groups: Set<FilterGroup<T>>;
}

/** Where a commit goes. */
export interface Route<T> {
  /** Per scope that gets any of the commit's events: their indices, in order. */
  events: Map<Scope<T>, number[]>;
  /** The groups one of whose components' effective status changed. */
  status: Set<FilterGroup<T>>;
}

const EVERYTHING = '*';
const closureKey = (filter: StreamFilter) => (filter.closure ? [...filter.closure].sort().join(',') : EVERYTHING);

/**
 * The live hub's subscribers, indexed so that a commit costs what it concerns, not what is
 * connected: groups (same filter) sit in scopes (same dependency closure), scopes are indexed by
 * every component of their closure and groups by every component they asked for. `route` finds
 * the scopes an event concerns through the index, and the groups whose status moved through the
 * changed components, without looking at any other.
 *
 * @example
 * const index = createFilterIndex<Socket>();
 * const group = index.add(socket, streamFilter(['ky'], components));
 * index.route(events, new Set(['sts'])); // { events: Map { scope of ky => [0] }, status: Set { group } }
 */
export function createFilterIndex<T>() {
  const groups = new Map<string, FilterGroup<T>>();
  const scopes = new Map<string, Scope<T>>();
  const scopesByComponent = new Map<string, Set<Scope<T>>>();
  const groupsByComponent = new Map<string, Set<FilterGroup<T>>>();

  const addTo = <V>(index: Map<string, Set<V>>, id: string, value: V) => {
    const set = index.get(id);
    if (set) set.add(value);
    else index.set(id, new Set([value]));
  };
  const removeFrom = <V>(index: Map<string, Set<V>>, id: string, value: V) => {
    const set = index.get(id);
    set?.delete(value);
    if (set?.size === 0) index.delete(id);
  };

  /** The scope of a filter's closure, made (and indexed) when it is the first. */
  function scopeFor(filter: StreamFilter): Scope<T> {
    const key = closureKey(filter);
    let scope = scopes.get(key);
    if (!scope) {
      scope = { key, groups: new Set() };
      scopes.set(key, scope);
      for (const id of filter.closure ?? []) addTo(scopesByComponent, id, scope);
    }
    return scope;
  }

  function leave(group: FilterGroup<T>) {
    const { scope } = group;
    scope.groups.delete(group);
    if (scope.groups.size > 0) return;
    scopes.delete(scope.key);
    for (const id of group.filter.closure ?? []) removeFrom(scopesByComponent, id, scope);
  }

  return {
    /** Adds a member to the group of its filter (made when it is the first). */
    add(member: T, filter: StreamFilter): FilterGroup<T> {
      let group = groups.get(filter.key);
      if (!group) {
        group = { filter, members: new Set(), scope: scopeFor(filter) };
        group.scope.groups.add(group);
        groups.set(filter.key, group);
        for (const id of filter.ids ?? []) addTo(groupsByComponent, id, group);
      }
      group.members.add(member);
      return group;
    },

    /** Removes a member; its group goes when it was the last. */
    remove(member: T, group: FilterGroup<T>): void {
      group.members.delete(member);
      if (group.members.size > 0 || groups.get(group.filter.key) !== group) return;
      groups.delete(group.filter.key);
      for (const id of group.filter.ids ?? []) removeFrom(groupsByComponent, id, group);
      leave(group);
    },

    /**
     * After components changed (a new dependency widens a closure; a retired one narrows it):
     * rebuilds the filters whose closure holds one of them. No other closure can have moved,
     * for a closure is made only of its members' dependencies.
     */
    refilter(changedIds: Iterable<string>, components: readonly Component[]): void {
      const affected = new Set<FilterGroup<T>>();
      for (const id of changedIds)
        for (const scope of scopesByComponent.get(id) ?? []) for (const group of scope.groups) affected.add(group);
      for (const group of affected) {
        const filter = streamFilter(group.filter.ids, components);
        if (closureKey(filter) === group.scope.key) {
          group.filter = filter;
          continue;
        }
        leave(group);
        group.filter = filter;
        group.scope = scopeFor(filter);
        group.scope.groups.add(group);
      }
    },

    /** Which scopes get which of `events`, and which groups a status frame, given the components whose effective status changed. */
    route(events: readonly ChangeEvent[], changed: ReadonlySet<string>): Route<T> {
      const perScope = new Map<Scope<T>, number[]>();
      const add = (scope: Scope<T>, index: number) => {
        const list = perScope.get(scope);
        if (!list) perScope.set(scope, [index]);
        else if (list.at(-1) !== index) list.push(index);
      };
      const everything = scopes.get(EVERYTHING);
      events.forEach((event, index) => {
        if (isPrivateEvent(event)) return; // API keys and webhook endpoints are never public
        if (event.type === 'vendor.changed') {
          for (const scope of scopes.values()) add(scope, index);
          return;
        }
        if (everything) add(everything, index);
        for (const id of eventScope(event, event.actor).components) for (const scope of scopesByComponent.get(id) ?? []) add(scope, index);
      });
      const status = new Set<FilterGroup<T>>();
      if (changed.size > 0) {
        const all = groups.get(EVERYTHING);
        if (all) status.add(all);
        for (const id of changed) for (const group of groupsByComponent.get(id) ?? []) status.add(group);
      }
      return { events: perScope, status };
    },

    /** Every group, for heartbeats, shutdown and stats. */
    groups(): IterableIterator<FilterGroup<T>> {
      return groups.values();
    },

    /** Distinct filters and distinct closures. */
    size(): { groups: number; scopes: number } {
      return { groups: groups.size, scopes: scopes.size };
    },

    clear(): void {
      groups.clear();
      scopes.clear();
      scopesByComponent.clear();
      groupsByComponent.clear();
    },
  };
}

export type FilterIndex<T> = ReturnType<typeof createFilterIndex<T>>;
