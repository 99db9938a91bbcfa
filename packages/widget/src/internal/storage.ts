/**
 * Web Storage that never throws: private mode, a full quota, a SecurityError (a sandboxed
 * iframe, blocked cookies) and unparsable content all read as `undefined` and write as nothing.
 * Everything the widget keeps is a convenience; losing it must not cost the host page anything.
 *
 * @example
 * writeStored('kdi-status:x', { a: 1 });
 * readStored('kdi-status:x'); // { a: 1 }, or undefined where storage is unavailable
 */
export function readStored(key: string, area: 'localStorage' | 'sessionStorage' = 'localStorage'): unknown {
  try {
    return JSON.parse(globalThis[area].getItem(key) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/** Stores `value` as JSON; false when it could not (see {@link readStored}). @example writeStored('k', [1]); */
export function writeStored(key: string, value: unknown, area: 'localStorage' | 'sessionStorage' = 'localStorage'): boolean {
  try {
    globalThis[area].setItem(key, JSON.stringify(value));
    return true;
  } catch {
    // Storage unavailable or full: the widget works without it.
    return false;
  }
}
