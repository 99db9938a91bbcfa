import type { StatusView } from '../read/status-view.js';

const COMMA = Buffer.from(',');
const END = Buffer.from(']}}\n\n');

/**
 * The effective status the hub last published, one JSON string per component: the changed set
 * of a commit is found by comparing them once per commit (not once per filter), and a group's
 * status frame is copied together from bytes encoded once per commit, without serializing or
 * encoding anything per group.
 *
 * @example
 * const statuses = createStatusFrames();
 * statuses.advance(view); // Set { 'sts', 'ky', … }: what moved since the last view
 * statuses.frame(['ky'], 42); // <Buffer 69 64 3a 20 34 32 0a 64 61 74 61 3a …>
 */
export function createStatusFrames() {
  let seen: StatusView | undefined;
  let effective = new Map<string, string>();
  /** Per component, `{"id":…,"effective":…}` as bytes, encoded when first asked for after a change. */
  let entries = new Map<string, Buffer>();
  let head: { seq: number; bytes: Buffer } | undefined;

  const entry = (id: string): Buffer | undefined => {
    let bytes = entries.get(id);
    const json = effective.get(id);
    if (!bytes && json !== undefined) {
      bytes = Buffer.from(`{"id":${JSON.stringify(id)},"effective":${json}}`);
      entries.set(id, bytes);
    }
    return bytes;
  };

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
      if (changed.size > 0) entries = new Map();
      return changed;
    },

    /**
     * The `status` event for these components (null: all), after `before` (the events it
     * follows, sent in the same write): byte for byte what
     * `encodeEvent({ type: 'status', seq, data: { components: [{ id, effective }, …] } })` gives.
     */
    frame(ids: readonly string[] | null, seq: number, before?: Buffer): Buffer {
      if (head?.seq !== seq) head = { seq, bytes: Buffer.from(`id: ${seq}\ndata: {"type":"status","seq":${seq},"data":{"components":[`) };
      const parts = before ? [before, head.bytes] : [head.bytes];
      for (const id of ids ?? effective.keys()) {
        const bytes = entry(id);
        if (!bytes) continue;
        if (parts.length > (before ? 2 : 1)) parts.push(COMMA);
        parts.push(bytes);
      }
      parts.push(END);
      return Buffer.concat(parts);
    },
  };
}

export type StatusFrames = ReturnType<typeof createStatusFrames>;
