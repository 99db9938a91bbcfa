import type { Problem } from '../schemas/problem.js';

const brand = Symbol.for('kdi-status.error');

// Names are set as strings, not from the class: minifiers rename classes, and the type guards
// below compare names. Fields are `declare`d: each constructor assigns its own, and a field
// definition would only repeat that in the bundle.

/**
 * Base of every error the SDK throws: the request failures `HttpError`, `NetworkError` and
 * `TimeoutError`, and apart from them `SchemaValidationError` (the request worked, the data did not). Check with {@link isKdiStatusError}, which works across
 * realms (iframes, duplicated bundles) where `instanceof` does not.
 *
 * @example
 * try { await client.summary(); } catch (e) { if (isKdiStatusError(e)) console.warn(e.code); }
 */
export class KdiStatusError extends Error {
  readonly [brand] = true;
  /** Stable machine-readable code. */
  declare readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KdiStatusError';
    this.code = code;
  }
}

/**
 * The server answered with a non-2xx status. `problem` holds its problem+json body when it sent one.
 *
 * @example
 * if (isHttpError(e) && e.status === 404) showNotFound(e.problem?.detail);
 */
export class HttpError extends KdiStatusError {
  declare readonly status: number;
  declare readonly problem: Problem | undefined;

  constructor(status: number, url: string, problem: Problem | undefined) {
    super(problem?.code ?? `http_${status}`, problem?.detail ?? problem?.title ?? `HTTP ${status} from ${url}`);
    this.name = 'HttpError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * The request never got an answer: offline, DNS, refused connection, CORS.
 *
 * @example
 * if (isNetworkError(e)) keepShowingLastKnownState();
 */
export class NetworkError extends KdiStatusError {
  constructor(url: string, cause: unknown) {
    super('network_error', `Could not reach ${url}`, { cause });
    this.name = 'NetworkError';
  }
}

/**
 * No answer within the client's `timeout`.
 *
 * @example
 * createStatusClient({ baseUrl, timeout: 5000 });
 */
export class TimeoutError extends KdiStatusError {
  constructor(url: string, timeoutMs: number) {
    super('timeout', `No answer from ${url} within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * The request worked but the data did not match the schema: a server/SDK version mismatch or a
 * proxy in the way. `issues` lists where. Apart from the three request failures (retrying will
 * not help, so `isHttpError`/`isNetworkError`/`isTimeoutError` are all false for it), but still
 * under `KdiStatusError`, so one `isKdiStatusError` catches everything the SDK throws (ADR 8).
 *
 * @example
 * if (isSchemaValidationError(e)) console.error(e.issues);
 */
export class SchemaValidationError extends KdiStatusError {
  declare readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(url: string, issues: ReadonlyArray<{ path: string; message: string }>) {
    super('schema_validation', `Unexpected response from ${url}: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'SchemaValidationError';
    this.issues = issues;
  }
}

function is<T extends KdiStatusError>(name: string) {
  return (error: unknown): error is T =>
    typeof error === 'object' && error !== null && brand in error && (name === '' || (error as { name?: unknown }).name === name);
}

/**
 * True for any SDK error, from any realm.
 *
 * @example
 * isKdiStatusError(new TimeoutError('/x', 1)); // true
 */
export const isKdiStatusError = is<KdiStatusError>('');
/**
 * @example
 * isHttpError(e) && e.status === 404;
 */
export const isHttpError = is<HttpError>('HttpError');
/**
 * @example
 * isNetworkError(e);
 */
export const isNetworkError = is<NetworkError>('NetworkError');
/**
 * @example
 * isTimeoutError(e);
 */
export const isTimeoutError = is<TimeoutError>('TimeoutError');
/**
 * @example
 * isSchemaValidationError(e);
 */
export const isSchemaValidationError = is<SchemaValidationError>('SchemaValidationError');
