import type { ApiKey } from '@kdi-status/sdk/admin';
import { publicKey } from '@kdi-status/sdk/export';
import { keyRejection, parseToken } from '../domain/api-keys.js';
import { UnauthorizedError } from '../domain/errors.js';
import type { Store } from '../store/store.js';

/** Runs a key lookup for one client, told whether the key was good. */
type LookupGuard = <T>(lookup: () => Promise<T>, good: (result: T) => boolean) => Promise<T>;

/** last-used is written at most this often per key: it is for humans, not an audit of every call. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Checks a bearer token against the stored keys: missing, malformed, unknown, wrong, expired and
 * revoked keys all get a 401 (with a reason that tells which, but never whether an id exists
 * with another secret).
 *
 * @example
 * const authenticate = createAuthenticator(store, () => new Date());
 * const principal = await authenticate(request.headers.authorization);
 */
export function createAuthenticator(store: Store, now: () => Date) {
  const touched = new Map<string, number>();

  /**
   * `guard`, when given, runs the lookup of a well-formed token and is told whether the key was
   * good (see `createLookupGuard`). A missing or malformed token costs no lookup and is not counted.
   */
  return async function authenticate(header: string | undefined, guard?: LookupGuard): Promise<ApiKey> {
    if (!header) throw new UnauthorizedError('missing_credentials', 'Send an API key: "Authorization: Bearer <token>".');
    const [scheme, token = ''] = header.trim().split(/\s+/, 2);
    const parsed = scheme?.toLowerCase() === 'bearer' ? parseToken(token) : null;
    if (!parsed) throw new UnauthorizedError('invalid_credentials', 'The Authorization header does not hold a kdi-status API key.');
    const at = now();
    const lookup = () => store.key(parsed.id);
    const stored = guard ? await guard(lookup, (key) => keyRejection(key, parsed.secret, at) === null) : await lookup();
    const rejection = keyRejection(stored, parsed.secret, at);
    if (rejection === 'unknown key' || rejection === 'wrong secret')
      throw new UnauthorizedError('invalid_credentials', 'The API key is not valid.');
    if (rejection)
      throw new UnauthorizedError(
        rejection.includes('revoked') ? 'key_revoked' : 'key_expired',
        `The API key cannot be used: ${rejection}.`,
      );
    const key = publicKey(stored!);
    if (at.getTime() - (touched.get(key.id) ?? 0) >= TOUCH_INTERVAL_MS) {
      touched.set(key.id, at.getTime());
      await store.touchKey(key.id, at.toISOString());
    }
    return key;
  };
}
