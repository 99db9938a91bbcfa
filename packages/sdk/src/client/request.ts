import type { Problem } from '../schemas/problem.js';
import type { Check } from './check.js';
import { HttpError, NetworkError, SchemaValidationError, TimeoutError } from './errors.js';

/** What every client is configured with. */
export interface ClientOptions {
  /** Where the server is, e.g. `https://status.example.dk`. */
  baseUrl: string;
  /** A fetch implementation; defaults to the global one (browsers, Node 20). */
  fetch?: typeof fetch;
  /** Aborts every request of this client (e.g. when a widget is removed). */
  signal?: AbortSignal;
  /** Milliseconds before a request fails with `TimeoutError`. Default 10 000. */
  timeout?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Milliseconds before this request counts as failed; default the client's `timeout`. */
  timeout?: number;
}

export interface Response304 {
  notModified: true;
}

/**
 * The `HttpError` for a non-2xx answer, carrying its problem+json body when it has one (and it
 * passes `checkProblem`).
 *
 * @example
 * if (!response.ok) throw await httpErrorFrom(response, url, zodCheck(ProblemSchema));
 */
export async function httpErrorFrom(response: Response, url: string, checkProblem: Check<Problem>): Promise<HttpError> {
  // No body, or one that is not JSON or not a problem: the error carries none.
  const checked = await response
    .json()
    .then(checkProblem)
    .catch(() => undefined);
  return new HttpError(response.status, url, checked?.ok ? checked.data : undefined);
}

/**
 * A query string from the defined parameters (`?a=1&b=x`, or '' when there are none).
 *
 * @example
 * queryString({ state: 'recent', limit: undefined }); // '?state=recent'
 */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** One signal that aborts when any of `signals` does (`AbortSignal.any` where the browser has it). */
function anySignal(signals: AbortSignal[]): AbortSignal {
  if (AbortSignal.any) return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    // The first aborted one gives the reason; no listener is added once the controller aborted.
    if (signal.aborted) controller.abort(signal.reason);
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

/** Sends one request and validates the answer (with the given checks); internal to the clients. */
export function createRequester(options: ClientOptions, checkProblem: Check<Problem>) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeout ?? 10_000;

  async function send(path: string, init: RequestOptions & { method?: string; body?: string }): Promise<Response> {
    const url = base + path;
    const ms = init.timeout ?? timeoutMs;
    const timeout = AbortSignal.timeout(ms);
    const signals = [timeout, options.signal, init.signal].filter((s): s is AbortSignal => !!s);
    try {
      // fetch takes an undefined method as GET, and an undefined body as none.
      return await (options.fetch ?? globalThis.fetch)(url, {
        method: init.method,
        headers: { accept: 'application/json', ...init.headers },
        body: init.body,
        signal: anySignal(signals),
      });
    } catch (error) {
      if (timeout.aborted) throw new TimeoutError(url, ms);
      // A caller's own abort is not a failure of ours: pass it on as it came.
      if (options.signal?.aborted || init.signal?.aborted) throw error;
      throw new NetworkError(url, error);
    }
  }

  const requester = {
    base,
    checkProblem,
    send,

    /** GET and validate; resolves to `{ notModified: true }` on 304 (conditional requests). */
    async get<T>(check: Check<T>, path: string, init: RequestOptions = {}): Promise<{ data: T; etag: string | null } | Response304> {
      const response = await send(path, init);
      if (response.status === 304) return { notModified: true };
      return { data: await answer(requester, check, response, path), etag: response.headers.get('etag') };
    },
  };
  return requester;
}

export type Requester = ReturnType<typeof createRequester>;

/**
 * The validated data of an answer to `path`: an `HttpError` when it is not 2xx, a
 * `SchemaValidationError` when its body is not JSON or does not pass `check`. A 204 has no body:
 * its data is `undefined`.
 */
async function answer<T>(requester: Requester, check: Check<T>, response: Response, path: string): Promise<T> {
  const url = response.url || requester.base + path;
  if (!response.ok) throw await httpErrorFrom(response, url, requester.checkProblem);
  let data: unknown;
  try {
    if (response.status !== 204) data = await response.json();
  } catch (error) {
    throw new SchemaValidationError(url, [{ path: '', message: `body is not JSON (${String(error)})` }]);
  }
  const checked = check(data);
  if (checked.ok) return checked.data;
  throw new SchemaValidationError(url, checked.issues);
}

/**
 * Any method, with `body` (when given) sent as JSON, and the answer validated. A 204 has no
 * body: it is validated as `undefined`, so a route that answers 204 takes a check of
 * `z.undefined()`. Apart from the requester so the read path's bundles leave it out.
 *
 * @example
 * await sendJson(request, zodCheck(IncidentSchema), 'POST', '/api/v1/admin/incidents', { body });
 */
export async function sendJson<T>(
  requester: Requester,
  check: Check<T>,
  method: string,
  path: string,
  init: RequestOptions & { body?: unknown } = {},
): Promise<T> {
  const { body, ...rest } = init;
  const withBody = body !== undefined;
  const response = await requester.send(path, {
    ...rest,
    method,
    headers: withBody ? { 'content-type': 'application/json', ...rest.headers } : { ...rest.headers },
    ...(withBody ? { body: JSON.stringify(body) } : {}),
  });
  return answer(requester, check, response, path);
}
