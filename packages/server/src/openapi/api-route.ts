import type { z } from 'zod/mini';

/** A zod schema with the name it has under `components.schemas` in the OpenAPI document. */
export interface NamedSchema {
  name: string;
  schema: z.ZodMiniType;
}

/**
 * Names a schema for the document's `components.schemas` (answers reference it with `$ref`).
 *
 * @example
 * named('Summary', SummarySchema); // { name: 'Summary', schema: SummarySchema }
 */
export function named(name: string, schema: z.ZodMiniType): NamedSchema {
  return { name, schema };
}

/** One successful answer of a route. */
export interface ApiAnswer {
  description: string;
  /** The body's shape (JSON), when it has one. */
  schema?: NamedSchema;
  /** The body's media type when it is not `application/json` (`text/event-stream`). */
  type?: string;
}

/** One path parameter (`:id` in the path): what it names, and its shape when it has one. */
export interface ApiParam {
  description: string;
  schema?: z.ZodMiniType;
}

/** Who may call a route: anyone, or an API key sent as `Authorization: Bearer <token>`. */
export type ApiAuth = 'none' | 'bearer';

/** The groups of the API reference (OpenAPI tags). */
export type ApiTag = 'public' | 'admin' | 'statuspage' | 'meta';

/**
 * One row of the route table: everything the OpenAPI document and the reference page say about
 * one method and path. Schemas are the zod schemas the route validates with (request parts) or
 * the SDK checks answers with (responses): the document is generated from them.
 */
export interface ApiRoute {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify's form, as registered: `/api/v1/components/:id`. */
  path: string;
  operationId: string;
  tag: ApiTag;
  /** One line, English (the reference page shows it in both languages). */
  summary: string;
  description?: string;
  auth: ApiAuth;
  /** The query's schema (a strict object: its properties are the query parameters). */
  query?: z.ZodMiniType;
  params?: Readonly<Record<string, ApiParam>>;
  /** The JSON body's schema. */
  body?: z.ZodMiniType;
  /** Successful answers by status. */
  responses: Readonly<Record<number, ApiAnswer>>;
  /** Problem codes (openapi/problem-codes.ts) the route can answer with; grouped by status in the document. */
  problems: readonly string[];
  /** The answer has an ETag: `If-None-Match` gives a 304 when it is current. */
  etag?: boolean;
  /** Request headers the route reads, besides `Authorization` and (on writes) `Idempotency-Key`. */
  headers?: Readonly<Record<string, ApiParam>>;
}
