import type { Check, CheckIssue } from '../client/check.js';

/**
 * One node of a lean schema table: what is left of a zod schema when only accepting or
 * rejecting JSON matters. Compiled from the SDK's zod schemas at build time
 * (compile-lean-schema.ts), so there is still one definition of every shape; checked by
 * {@link leanCheck} with no zod runtime. Children are indexes into the same table (shared
 * sub-schemas appear once). Arrays rather than objects, to keep the generated table small:
 *
 * - `['s', trim, min, max, patterns, url?]` a string: trimmed first when `trim` is 1 (as
 *   `z.trim()`), length in [min, max], matching every pattern; `url` = `[protocol, prefix]`
 *   (each a RegExp or 0) for `z.url()`.
 * - `['n', int, min, minInclusive, max, maxInclusive]` a finite number (a safe integer when
 *   `int` is 1), bounds `null` when there are none.
 * - `['b']` a boolean.
 * - `['v', values]` one of these literal values (`z.enum`, `z.literal`).
 * - `['o', shape, strict]` an object (not an array) whose keys in `shape` pass their node;
 *   other keys are rejected when `strict` is 1, else ignored (zod strips them).
 * - `['a', item]` an array of `item`.
 * - `['u', options]` any of the options (`z.union`, `z.discriminatedUnion`).
 * - `['?', inner]` undefined or `inner`; `['0', inner]` null or `inner`.
 *
 * @example
 * const slug: LeanNode = ['s', 0, 0, Infinity, [/^[a-z0-9][a-z0-9-]{0,62}$/]];
 */
export type LeanNode =
  | readonly ['s', 0 | 1, number, number, readonly RegExp[], (readonly [RegExp | 0, RegExp | 0])?]
  | readonly ['n', 0 | 1, number | null, 0 | 1, number | null, 0 | 1]
  | readonly ['b']
  | readonly ['v', readonly unknown[]]
  | readonly ['o', Readonly<Record<string, number>>, 0 | 1]
  | readonly ['a', number]
  | readonly ['u', readonly number[]]
  | readonly ['?' | '0', number];

function urlOk(value: string, [protocol, prefix]: readonly [RegExp | 0, RegExp | 0]): boolean {
  // As zod's url check: the trimmed value, an http(s) URL spelled with `//`, then the protocol.
  const trimmed = value.trim();
  if (prefix && !prefix.test(trimmed)) return false;
  try {
    return !protocol || protocol.test(new URL(trimmed).protocol.slice(0, -1));
  } catch {
    return false;
  }
}

/**
 * A {@link Check} of node `root` of `table`: accepts exactly what the zod schema it was compiled
 * from accepts (lean-check.test.ts holds it to that) and returns the data as given (zod would
 * return it with unknown keys stripped and text trimmed; the server sends neither).
 *
 * @example
 * const checkSummary = leanCheck<Summary>(table, SUMMARY);
 * const result = checkSummary(JSON.parse(text));
 */
export function leanCheck<T>(table: readonly LeanNode[], root: number): Check<T> {
  const walk = (index: number, value: unknown, path: string): CheckIssue | undefined => {
    const node = table[index]!;
    const fail = (message: string) => ({ path, message });
    const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
    switch (node[0]) {
      case '?':
        return value === undefined ? undefined : walk(node[1], value, path);
      case '0':
        return value === null ? undefined : walk(node[1], value, path);
      case 'b':
        return typeof value === 'boolean' ? undefined : fail('expected boolean');
      case 'v':
        return node[1].includes(value) ? undefined : fail(`expected one of ${JSON.stringify(node[1])}`);
      case 'n': {
        const [, int, min, minInclusive, max, maxInclusive] = node;
        if (typeof value !== 'number' || !Number.isFinite(value)) return fail('expected number');
        if (int && !Number.isSafeInteger(value)) return fail('expected integer');
        if (min !== null && (minInclusive ? value < min : value <= min)) return fail(`too small (${min})`);
        if (max !== null && (maxInclusive ? value > max : value >= max)) return fail(`too big (${max})`);
        return undefined;
      }
      case 's': {
        const [, trim, min, max, patterns, url] = node;
        if (typeof value !== 'string') return fail('expected string');
        const text = trim ? value.trim() : value;
        if (text.length < min || text.length > max) return fail(`length not in [${min}, ${max}]`);
        for (const pattern of patterns) {
          pattern.lastIndex = 0;
          if (!pattern.test(text)) return fail(`does not match ${pattern}`);
        }
        return url && !urlOk(text, url) ? fail('invalid url') : undefined;
      }
      case 'a':
        if (!Array.isArray(value)) return fail('expected array');
        for (let i = 0; i < value.length; i++) {
          const issue = walk(node[1], value[i], at(i));
          if (issue) return issue;
        }
        return undefined;
      case 'o': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('expected object');
        const object = value as Record<string, unknown>;
        for (const key in node[1]) {
          const issue = walk(node[1][key]!, object[key], at(key));
          if (issue) return issue;
        }
        if (node[2]) for (const key in object) if (!Object.hasOwn(node[1], key)) return fail(`unknown key "${key}"`);
        return undefined;
      }
      case 'u':
        return node[1].some((option) => !walk(option, value, path)) ? undefined : fail('matches no option');
    }
  };
  return (data) => {
    const issue = walk(root, data, '');
    return issue ? { ok: false, issues: [issue] } : { ok: true, data: data as T };
  };
}
