import type { StatusView } from '../read/status-view.js';

/**
 * The effective status the hub last published, one JSON string per component: the changed set
 * of a commit is found by comparing them once per commit (not once per filter), and a group's
 * status frame is put together from the strings without serializing anything again.
 *
 * @example
 * const statuses = createStatusFrames();
 * statuses.advance(view); // Set { 'sts', 'ky', … }: what moved since the last view
 * statuses.frame(['ky'], 42); // <Buffer 69 64 3a 20 34 32 0a 64 61 74 61 3a …>
 */
export function createStatusFrames() {
  let seen: StatusView | undefined;
  let effective = new Map<string, string>();

  return {
    /** The view the strings describe. */
    get view(): StatusView | undefined {
      return seen;
    },

    /** Moves to `view`; returns the components whose effective status changed, appeared or went. */
    advance(view: StatusView): Set<string> {
      const changed = new Set<string>();
      if (view === seen) return changed;
      const next = new Map<string, string>();
      for (const component of view.summary.components) {
        const json = JSON.stringify(component.effective);
        next.set(component.id, json);
        if (effective.get(component.id) !== json) changed.add(component.id);
      }
      for (const id of effective.keys()) if (!next.has(id)) changed.add(id);
      seen = view;
      effective = next;
      return changed;
    },

    /**
     * The `status` event for these components (null: all), byte for byte what
     * `encodeEvent({ type: 'status', seq, data: { components: [{ id, effective }, …] } })` gives.
     */
    frame(ids: readonly string[] | null, seq: number): Buffer {
      const parts: string[] = [];
      for (const id of ids ?? effective.keys()) {
        const json = effective.get(id);
        if (json !== undefined) parts.push(`{"id":${JSON.stringify(id)},"effective":${json}}`);
      }
      return Buffer.from(`id: ${seq}\ndata: {"type":"status","seq":${seq},"data":{"components":[${parts.join(',')}]}}\n\n`);
    },
  };
}

export type StatusFrames = ReturnType<typeof createStatusFrames>;
