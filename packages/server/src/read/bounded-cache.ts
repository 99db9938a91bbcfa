/**
 * A least-recently-used cache bounded in entries and in bytes: a flood of distinct keys (every
 * combination of component ids someone cares to ask for) costs at most the bound, and the keys
 * asked for most stay. A value larger than the whole byte budget is not kept at all.
 *
 * @example
 * const cache = createBoundedCache<Buffer>({ maxEntries: 500, maxBytes: 16 << 20, sizeOf: (b) => b.length });
 * cache.get('ky') ?? cache.set('ky', Buffer.from('…'));
 */
export function createBoundedCache<V>(options: { maxEntries: number; maxBytes: number; sizeOf: (value: V) => number }) {
  // A Map iterates in insertion order: re-inserting on a hit makes the first key the least recent.
  const entries = new Map<string, V>();
  let bytes = 0;

  const drop = (key: string) => {
    const value = entries.get(key);
    if (value === undefined) return;
    entries.delete(key);
    bytes -= options.sizeOf(value);
  };

  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value === undefined) return undefined;
      entries.delete(key);
      entries.set(key, value);
      return value;
    },

    /** Keeps `value` (evicting the least recent to make room) and returns it. */
    set(key: string, value: V): V {
      drop(key);
      const size = options.sizeOf(value);
      if (size > options.maxBytes) return value;
      while (entries.size > 0 && (entries.size >= options.maxEntries || bytes + size > options.maxBytes))
        drop(entries.keys().next().value!);
      entries.set(key, value);
      bytes += size;
      return value;
    },

    /** Entries and bytes held. */
    size(): { entries: number; bytes: number } {
      return { entries: entries.size, bytes };
    },
  };
}
