import { z } from 'zod/mini';
import { regexes } from 'zod/v4/core';
import type { LeanNode } from './lean-schema.js';

// Build-time only (scripts/generate-read-schemas.ts and the tests): never imported by the browser path.

/** The parts of a zod schema's definition the compiler reads (zod 4's `_zod.def`). */
interface Def {
  type: string;
  check?: string;
  format?: string;
  pattern?: RegExp;
  protocol?: RegExp;
  checks?: Array<{ _zod: { def: Def & Record<string, unknown> } }>;
  [key: string]: unknown;
}

interface Schema {
  _zod: { def: Def };
}

const TRIM = String((z.trim() as unknown as { _zod: { def: { tx: unknown } } })._zod.def.tx);

/** Refuses what the lean check cannot do exactly: the build fails rather than checking less. */
function refuse(what: string): never {
  throw new Error(`lean schema: ${what} is not supported; extend compile-lean-schema.ts and lean-schema.ts together`);
}

/** A string's own format (z.iso.datetime(), z.email(), z.url()) or a format check, as patterns and url. */
function stringFormat(def: Def, patterns: RegExp[], url: { value?: readonly [RegExp | 0, RegExp | 0] }): void {
  if (def.format === 'url') {
    if ('hostname' in def && def.hostname) refuse('z.url({ hostname })');
    // zod insists on `//` after an http(s) protocol unless it normalizes (parseURLObject).
    const prefix = def.protocol && def.protocol.source === regexes.httpProtocol.source && !def.normalize ? /^https?:\/\//i : 0;
    url.value = [def.protocol ?? 0, prefix];
  } else if (def.pattern instanceof RegExp) {
    patterns.push(def.pattern);
  } else {
    refuse(`string format "${def.format}"`);
  }
}

/**
 * Compiles zod schemas into one lean table ({@link LeanNode}), sharing what they share.
 * Refuses (throws) any type or check it does not know, so a schema change the lean check could
 * not follow fails the build instead of being checked less strictly.
 *
 * @example
 * const { table, roots } = compileLean({ SUMMARY: SummarySchema });
 */
export function compileLean(schemas: Record<string, unknown>): { table: LeanNode[]; roots: Record<string, number> } {
  const table: LeanNode[] = [];
  const byKey = new Map<string, number>();
  const bySchema = new Map<unknown, number>();

  const add = (node: LeanNode): number => {
    const key = render(node);
    let index = byKey.get(key);
    if (index === undefined) {
      index = table.push(node) - 1;
      byKey.set(key, index);
    }
    return index;
  };

  const compile = (schema: unknown): number => {
    const known = bySchema.get(schema);
    if (known !== undefined) return known;
    const index = add(nodeOf(schema as Schema));
    bySchema.set(schema, index);
    return index;
  };

  const nodeOf = (schema: Schema): LeanNode => {
    const def = schema._zod.def;
    const checks = (def.checks ?? []).map((check) => check._zod.def);
    if (def.type !== 'string' && def.type !== 'number' && checks.length) refuse(`a check on ${def.type}`);
    switch (def.type) {
      case 'string': {
        let trim: 0 | 1 = 0;
        let min = 0;
        let max = Infinity;
        const patterns: RegExp[] = [];
        const url: { value?: readonly [RegExp | 0, RegExp | 0] } = {};
        if (def.check === 'string_format') stringFormat(def, patterns, url);
        checks.forEach((check, i) => {
          if (check.check === 'overwrite' && String(check.tx) === TRIM && i === 0 && def.check === undefined) trim = 1;
          else if (check.check === 'min_length') min = Math.max(min, check.minimum as number);
          else if (check.check === 'max_length') max = Math.min(max, check.maximum as number);
          else if (check.check === 'string_format') stringFormat(check, patterns, url);
          else refuse(`string check "${check.check}"`);
        });
        return url.value ? ['s', trim, min, max, patterns, url.value] : ['s', trim, min, max, patterns];
      }
      case 'number': {
        let int: 0 | 1 = 0;
        let min: number | null = null;
        let minInclusive: 0 | 1 = 1;
        let max: number | null = null;
        let maxInclusive: 0 | 1 = 1;
        for (const check of def.check === 'number_format' ? [def, ...checks] : checks) {
          if (check.check === 'number_format') {
            if (check.format !== 'safeint') refuse(`number format "${check.format}"`);
            int = 1;
          } else if (check.check === 'greater_than' && min === null) {
            min = check.value as number;
            minInclusive = check.inclusive ? 1 : 0;
          } else if (check.check === 'less_than' && max === null) {
            max = check.value as number;
            maxInclusive = check.inclusive ? 1 : 0;
          } else {
            refuse(`number check "${check.check}"`);
          }
        }
        return ['n', int, min, minInclusive, max, maxInclusive];
      }
      case 'boolean':
        return ['b'];
      case 'enum':
        return ['v', Object.values(def.entries as Record<string, unknown>)];
      case 'literal':
        return ['v', def.values as unknown[]];
      case 'optional':
        return ['?', compile(def.innerType)];
      case 'nullable':
        return ['0', compile(def.innerType)];
      case 'array':
        return ['a', compile(def.element)];
      case 'union':
        // A discriminated union accepts what one of its options accepts: the same as any-of,
        // since each option's discriminator is a literal of its own.
        return ['u', (def.options as unknown[]).map(compile)];
      case 'object': {
        const catchall = (def.catchall as Schema | undefined)?._zod.def.type;
        if (catchall !== undefined && catchall !== 'never') refuse(`an object catchall of ${catchall}`);
        const shape: Record<string, number> = {};
        for (const [key, value] of Object.entries(def.shape as Record<string, unknown>)) shape[key] = compile(value);
        return ['o', shape, catchall === 'never' ? 1 : 0];
      }
      default:
        return refuse(`zod type "${def.type}"`);
    }
  };

  const roots: Record<string, number> = {};
  for (const [name, schema] of Object.entries(schemas)) roots[name] = compile(schema);
  return { table, roots };
}

/** A value as TypeScript source: regular expressions as literals, Infinity by name. */
function render(value: unknown): string {
  if (value instanceof RegExp) return String(value);
  if (value === Infinity) return 'Infinity';
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, v]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: ${render(v)}`);
    return `{ ${entries.join(', ')} }`;
  }
  return JSON.stringify(value);
}

/**
 * The source of read-schemas.generated.ts: the table and one exported index per root.
 *
 * @example
 * writeFileSync(path, generatedSource({ SUMMARY: SummarySchema }));
 */
export function generatedSource(schemas: Record<string, unknown>): string {
  const { table, roots } = compileLean(schemas);
  return [
    '// Generated from the SDK zod schemas by packages/sdk/scripts/generate-read-schemas.ts: do not edit.',
    '// The SDK build writes it again; lean-check.test.ts fails when it is stale. See lean-schema.ts for the format.',
    "// zod's own patterns, as zod writes them.",
    '/* eslint-disable no-useless-escape */',
    "import type { LeanNode } from './lean-schema.js';",
    '',
    'export const table: readonly LeanNode[] = [',
    ...table.map((node, i) => `  /* ${i} */ ${render(node)},`),
    '];',
    '',
    ...Object.entries(roots).map(([name, index]) => `export const ${name} = ${index};`),
    '',
  ].join('\n');
}
