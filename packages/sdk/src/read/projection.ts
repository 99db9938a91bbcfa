import { z } from 'zod/mini';

// A read projection: which fields of a zod schema's data a reader reads. One spec gives both the
// projected zod schema the lean table is compiled from (project(), build time) and the type the
// reader is handed (View<T, S>, types only), so the two cannot drift apart.

type Primitive = string | number | boolean | bigint | symbol;

type IsUnion<T, U = T> = T extends unknown ? ([U] extends [T] ? false : true) : never;

/** The `type` literals of a union of objects (every union of the SDK's schemas is discriminated by `type`). */
type TypeOf<T> = T extends { type: infer V extends string } ? V : never;

/**
 * What of a `T` is read: `true` for all of it; for an object, the fields read (each with its own
 * spec; the rest is neither checked nor typed); for an array, the spec of its items; for a union
 * of objects, a spec per `type` (every variant named; `type` itself is always kept). A field `T`
 * does not have is a type error, so a typo or a field removed from a schema fails the build.
 *
 * @example
 * const vendor = { id: true, name: true } as const satisfies Spec<Vendor>;
 */
export type Spec<T> = true | SpecOf<NonNullable<T>>;

type SpecOf<T> = [T] extends [Primitive]
  ? true
  : true extends IsUnion<T>
    ? { readonly [V in TypeOf<T>]: Spec<Extract<T, { type: V }>> }
    : T extends readonly (infer E)[]
      ? Spec<E>
      : { readonly [K in keyof T]?: Spec<T[K]> };

/**
 * `T` picked down to the spec `S` (see {@link Spec}): optional and nullable fields stay so.
 *
 * @example
 * type VendorView = View<Vendor, { id: true; name: true }>; // { id: string; name: string }
 */
export type View<T, S> = S extends true ? T : Extract<T, null | undefined> | ViewOf<Exclude<T, null | undefined>, S>;

type ViewOf<T, S> = true extends IsUnion<T> ? VariantView<T, S> : T extends readonly (infer E)[] ? View<E, S>[] : Fields<T, S>;

type VariantView<T, S> = T extends { type: infer V extends keyof S } ? (S[V] extends true ? T : Fields<T, S[V] & { type: true }>) : never;

type Fields<T, S> = { [K in keyof T as K extends keyof S ? K : never]: View<T[K], S[K & keyof S]> };

interface Def {
  type: string;
  checks?: unknown[];
  [key: string]: unknown;
}

type Schema = z.ZodMiniType & { _zod: { def: Def } };

const ids = new WeakMap<object, number>();
let nextId = 0;
/** A number per schema object: projected fields are the same when they are the same schemas. */
function idOf(schema: object): number {
  if (!ids.has(schema)) ids.set(schema, nextId++);
  return ids.get(schema)!;
}

function refuse(what: string): never {
  throw new Error(`read projection: ${what}`);
}

/** The options of a union, nested unions flattened, by their `type` literal. */
function variants(def: Def): Map<unknown, Schema> {
  const byType = new Map<unknown, Schema>();
  for (const option of def.options as Schema[]) {
    const inner = option._zod.def;
    if (inner.type === 'union') {
      for (const [type, schema] of variants(inner)) byType.set(type, schema);
      continue;
    }
    const tag = (inner.shape as Record<string, Schema> | undefined)?.type?._zod.def;
    if (inner.type !== 'object' || tag?.type !== 'literal' || (tag.values as unknown[]).length !== 1)
      refuse('a union option without a `type` literal');
    byType.set((tag.values as unknown[])[0], option);
  }
  return byType;
}

/**
 * The zod schema of what `spec` reads of `schema`: the fields outside it gone (so they are ignored,
 * as a stripping object ignores unknown keys), every constraint of the fields kept as the schema
 * has it. Throws on a spec that names what the schema does not have. Build time only.
 *
 * @example
 * project(VendorSchema, { id: true, name: true }).safeParse({ id: 'kombit', name: 'KOMBIT', servicedesk: 1 }).success; // true
 */
export function project<T>(schema: z.ZodMiniType<T>, spec: Spec<T>): z.ZodMiniType {
  const walk = (schema: Schema, spec: unknown, at: string): Schema => {
    if (spec === true) return schema;
    if (typeof spec !== 'object' || spec === null) refuse(`${at}: a spec is true or an object`);
    const def = schema._zod.def;
    const fields = spec as Record<string, unknown>;
    switch (def.type) {
      case 'optional':
        return z.optional(walk(def.innerType as Schema, spec, at)) as unknown as Schema;
      case 'nullable':
        return z.nullable(walk(def.innerType as Schema, spec, at)) as unknown as Schema;
      case 'array':
        if (def.checks?.length) refuse(`${at}: an array with checks`);
        return z.array(walk(def.element as Schema, spec, `${at}[]`)) as unknown as Schema;
      case 'union': {
        const byType = variants(def);
        for (const type of Object.keys(fields)) if (!byType.has(type)) refuse(`${at}: no variant "${type}"`);
        // Variants that keep the same fields of the same schemas (events of which only `seq` is
        // read) become one option whose `type` is any of theirs: one node for them all.
        const groups = new Map<string, { option?: Schema; types?: unknown[]; shape?: Record<string, Schema> }>();
        for (const [type, option] of byType) {
          const variant = fields[String(type)];
          if (variant === undefined) refuse(`${at}: variant "${String(type)}" not in the spec`);
          if (variant === true) {
            groups.set(`=${idOf(option)}`, { option });
            continue;
          }
          const projected = walk(option, { type: true, ...(variant as object) }, `${at}<${String(type)}>`);
          const { type: _, ...shape } = projected._zod.def.shape as Record<string, Schema>;
          const key = Object.entries(shape)
            .map(([field, schema]) => `${field}:${idOf(schema)}`)
            .join();
          const group = groups.get(key);
          if (group?.types) group.types.push(type);
          else groups.set(key, { types: [type], shape });
        }
        const options = [...groups.values()].map(
          ({ option, types, shape }) => option ?? (z.object({ type: z.literal(types as [string]), ...shape }) as unknown as Schema),
        );
        return z.union(options as [Schema, ...Schema[]]) as unknown as Schema;
      }
      case 'object': {
        const shape = def.shape as Record<string, Schema>;
        const picked: Record<string, Schema> = {};
        for (const [key, inner] of Object.entries(fields)) {
          if (!Object.hasOwn(shape, key)) refuse(`${at}: no field "${key}"`);
          picked[key] = walk(shape[key]!, inner, at ? `${at}.${key}` : key);
        }
        return z.object(picked) as unknown as Schema;
      }
      default:
        return refuse(`${at}: fields of a ${def.type}`);
    }
  };
  return walk(schema as Schema, spec, '');
}
