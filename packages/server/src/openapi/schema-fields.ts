import type { JsonSchema } from './openapi-document.js';

/** One field of a body as the reference page lists it. */
export interface SchemaField {
  /** A dotted path: `title.da`, `components[].id`. */
  field: string;
  required: boolean;
  /** The type in words: `string (1–200)`, `"minor" | "major"`, `array (1–50) of object`. */
  type: string;
  description?: string;
}

type Schema = JsonSchema & {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  $ref?: string;
  description?: string;
};

/** zod writes ±2^53−1 as the bounds of a plain int: not worth saying. */
const SAFE = 9007199254740991;

const range = (min: number | undefined, max: number | undefined): string => {
  const lo = min !== undefined && Math.abs(min) !== SAFE ? min : undefined;
  const hi = max !== undefined && Math.abs(max) !== SAFE ? max : undefined;
  if (lo === undefined && hi === undefined) return '';
  if (lo === undefined) return ` (≤ ${hi})`;
  if (hi === undefined) return ` (≥ ${lo})`;
  return ` (${lo}–${hi})`;
};

/**
 * A JSON Schema's type in a few words, for a table cell.
 *
 * @example
 * typeInWords({ type: 'string', minLength: 1, maxLength: 200 }); // 'string (1–200)'
 * typeInWords({ type: 'string', enum: ['a', 'b'] }); // '"a" | "b"'
 */
export function typeInWords(schema: Schema): string {
  if (schema.$ref) return schema.$ref.split('/').at(-1)!;
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeInWords).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (type === 'string') return `string${schema.format ? ` (${schema.format})` : ''}${range(schema.minLength, schema.maxLength)}`;
  if (type === 'integer' || type === 'number') return `${type}${range(schema.minimum, schema.maximum)}`;
  if (type === 'array') return `array${range(schema.minItems, schema.maxItems)} of ${schema.items ? typeInWords(schema.items) : 'any'}`;
  return type;
}

/** The object schema among `anyOf` alternatives (a nullable object), if there is one. */
const objectOf = (schema: Schema): Schema | undefined =>
  schema.properties ? schema : (schema.anyOf ?? schema.oneOf)?.find((s) => s.properties);

/**
 * The fields of an object schema, nested objects and arrays of objects flattened into dotted
 * paths, down to `depth` levels.
 *
 * @example
 * schemaFields({ type: 'object', properties: { title: { type: 'object', properties: { da: { type: 'string' } }, required: ['da'] } }, required: ['title'] });
 * // [{ field: 'title', required: true, type: 'object' }, { field: 'title.da', required: true, type: 'string' }]
 */
export function schemaFields(schema: JsonSchema, depth = 4, prefix = ''): SchemaField[] {
  const object = objectOf(schema as Schema);
  if (!object || depth === 0) return [];
  const fields: SchemaField[] = [];
  for (const [name, property] of Object.entries(object.properties!)) {
    const field = `${prefix}${name}`;
    fields.push({
      field,
      required: object.required?.includes(name) ?? false,
      type: typeInWords(property),
      ...(typeof property.description === 'string' ? { description: property.description } : {}),
    });
    if (objectOf(property)) fields.push(...schemaFields(property, depth - 1, `${field}.`));
    else if (property.type === 'array' && property.items && objectOf(property.items))
      fields.push(...schemaFields(property.items, depth - 1, `${field}[].`));
  }
  return fields;
}
