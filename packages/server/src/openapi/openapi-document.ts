import { readFileSync } from 'node:fs';
import { ProblemSchema } from '@kdi-status/sdk';
import { z } from 'zod/mini';
import type { ApiRoute, ApiTag, NamedSchema } from './api-route.js';
import { PROBLEM_CODES, problemPath, type ProblemCode } from './problem-codes.js';

/** A JSON Schema (2020-12, OpenAPI 3.1's dialect) as zod writes it. */
export type JsonSchema = Record<string, unknown>;

/** The parts of an OpenAPI 3.1 document this module writes (and the reference page reads). */
export interface OpenApiDocument {
  openapi: '3.1.1';
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string }>;
  tags: Array<{ name: ApiTag; description: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  schema: JsonSchema;
}

export interface OpenApiResponse {
  description: string;
  headers?: Record<string, { description: string; schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema }>;
  /** The problem codes answered with this status (an extension: the reference page lists them). */
  'x-problem-codes'?: string[];
}

export interface OpenApiOperation {
  operationId: string;
  tags: ApiTag[];
  summary: string;
  description?: string;
  security?: Array<Record<string, string[]>>;
  parameters?: OpenApiParameter[];
  requestBody?: { required: true; content: { 'application/json': { schema: JsonSchema } } };
  responses: Record<string, OpenApiResponse>;
}

const TAGS: OpenApiDocument['tags'] = [
  { name: 'public', description: 'The public read API: anyone, any origin (CORS), no key.' },
  { name: 'admin', description: 'The admin API: a bearer API key on every request; a vendor key changes only its vendor’s components.' },
  { name: 'statuspage', description: 'The Statuspage v2 read API, for tools that read status pages (docs/adr/0013).' },
  { name: 'meta', description: 'The server itself.' },
];

/** The server package's version (this file sits in src/openapi or dist/openapi alike). */
function serverVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

/**
 * A zod schema as JSON Schema: `input` for what a client sends (defaults optional), `output`
 * for what the server answers. Transforms and refinements have no JSON Schema; they become
 * `{}` (anything) rather than failing, the checks the server runs stay its own.
 */
export function jsonSchemaOf(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  // An answer may gain fields (the SDK's read schemas strip what they do not know): a client
  // checking answers against this document must not break on the next one. Requests stay strict.
  return io === 'output' ? openObjects(rest) : rest;
}

/** `schema` with every `additionalProperties: false` left out, at any depth. */
function openObjects(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema)) return schema.map((item) => openObjects(item as JsonSchema)) as unknown as JsonSchema;
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'additionalProperties' && value === false))
      .map(([key, value]) => [key, openObjects(value as JsonSchema)]),
  ) as JsonSchema;
}

/** What any request can meet whatever its route: the server stopping, an over-long path parameter. */
const ANY_ROUTE = ['shutting_down'] as const;
/** Statuses whose answer carries `Retry-After`. */
const RETRY_AFTER_STATUSES = new Set([429, 503]);

/** `/api/v1/components/:id` → `/api/v1/components/{id}`. */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z]\w*)/g, '{$1}');

/** The problem codes of a route, grouped by their HTTP status. */
function problemsByStatus(codes: readonly string[], table: Readonly<Record<string, ProblemCode>>): Map<number, string[]> {
  const byStatus = new Map<number, string[]>();
  for (const code of new Set(codes)) {
    const row = table[code];
    if (!row) throw new Error(`route table names problem code "${code}", which problem-codes.ts does not explain`);
    byStatus.set(row.status, [...(byStatus.get(row.status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

/**
 * Builds the OpenAPI 3.1 document from the route table: every schema is generated from the
 * zod schema the route validates with or answers in; answers reference named schemas under
 * `components.schemas`; each problem status lists its codes and the pages explaining them.
 *
 * @example
 * const document = buildOpenApiDocument(API_ROUTES);
 * document.paths['/api/v1/summary'].get.responses['200'].content['application/json'].schema;
 * // { $ref: '#/components/schemas/Summary' }
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[], problems = PROBLEM_CODES): OpenApiDocument {
  const schemas: Record<string, JsonSchema> = { Problem: jsonSchemaOf(ProblemSchema, 'output') };
  const namedBy = new Map<string, z.ZodMiniType>([['Problem', ProblemSchema]]);
  const ref = ({ name, schema }: NamedSchema): JsonSchema => {
    const known = namedBy.get(name);
    if (known && known !== schema) throw new Error(`two different schemas are named "${name}"`);
    if (!known) {
      namedBy.set(name, schema);
      schemas[name] = jsonSchemaOf(schema, 'output');
    }
    return { $ref: `#/components/schemas/${name}` };
  };

  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const method = route.method.toLowerCase();
    const operations = (paths[path] ??= {});
    if (operations[method]) throw new Error(`two rows for ${route.method} ${route.path}`);

    const parameters: OpenApiParameter[] = [];
    const declared = [...route.path.matchAll(/:([A-Za-z]\w*)/g)].map((m) => m[1]!);
    for (const name of declared) {
      const param = route.params?.[name];
      if (!param) throw new Error(`${route.method} ${route.path}: path parameter "${name}" has no description`);
      parameters.push({
        name,
        in: 'path',
        required: true,
        description: param.description,
        // Fastify refuses a path parameter over 100 characters with 414 (maxParamLength).
        schema: param.schema ? jsonSchemaOf(param.schema, 'input') : { type: 'string', minLength: 1, maxLength: 100 },
      });
    }
    for (const name of Object.keys(route.params ?? {}))
      if (!declared.includes(name)) throw new Error(`${route.method} ${route.path}: no path parameter "${name}"`);
    if (route.query) {
      const query = jsonSchemaOf(route.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        const { description, ...rest } = schema as JsonSchema & { description?: string };
        parameters.push({
          name,
          in: 'query',
          required: query.required?.includes(name) ?? false,
          ...(typeof description === 'string' ? { description } : {}),
          schema: rest,
        });
      }
    }

    const headers: Record<string, { description: string }> = { ...route.headers };
    if (route.etag) headers['If-None-Match'] = { description: 'The ETag of an answer you hold: 304 and no body while it is current.' };
    if (route.problems.includes('idempotency_key_reused'))
      headers['Idempotency-Key'] = { description: 'Makes a retry safe: a repeat of the same request gets the first answer.' };
    for (const [name, { description }] of Object.entries(headers))
      parameters.push({ name, in: 'header', required: false, description, schema: { type: 'string' } });

    const responses: Record<string, OpenApiResponse> = {};
    for (const [status, answer] of Object.entries(route.responses)) {
      const type = answer.type ?? 'application/json';
      responses[status] = {
        description: answer.description,
        ...(answer.schema
          ? {
              content: {
                [type]: {
                  schema:
                    type === 'application/json'
                      ? ref(answer.schema)
                      : {
                          type: 'string',
                          description: `Events; each \`data\` is a ${answer.schema.name}: ${ref(answer.schema).$ref as string}`,
                        },
                },
              },
            }
          : type === 'application/json'
            ? {}
            : { content: { [type]: { schema: { type: 'string' } } } }),
      };
    }
    const codes = new Set([
      ...route.problems,
      ...ANY_ROUTE,
      ...(declared.length ? ['path_parameter_too_long'] : []),
      // An admin request looks its key up in the database, so it can find the database away.
      ...(route.auth === 'bearer' ? ['database_unavailable'] : []),
    ]);
    if (route.etag) responses['304'] = { description: 'Not modified: the ETag sent in `If-None-Match` is current.' };
    for (const [status, codesOfStatus] of problemsByStatus([...codes], problems)) {
      responses[String(status)] = {
        description: codesOfStatus.map((code) => `\`${code}\`: ${problems[code]!.en.title} (${problemPath(code)})`).join('; '),
        ...(RETRY_AFTER_STATUSES.has(status)
          ? { headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } } }
          : {}),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        'x-problem-codes': codesOfStatus,
      };
    }

    operations[method] = {
      operationId: route.operationId,
      tags: [route.tag],
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      ...(route.auth === 'bearer' ? { security: [{ bearerAuth: [] }] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'kdi-status',
      version: serverVersion(),
      description:
        'Driftsstatus for the Danish municipal IT landscape. Every 4xx/5xx is application/problem+json (RFC 9457) with a stable `code`; its `type` is this server’s page explaining the code (`/problems/<code>`). Generated from the zod schemas of @kdi-status/sdk.',
    },
    servers: [{ url: '/' }],
    tags: TAGS,
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key made with the CLI (`kdi-status keys create`).' },
      },
    },
  };
}
