import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Coding } from './accept-encoding.js';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** One representation of the bundle: its bytes and their strong ETag. */
export interface Representation {
  body: Buffer;
  etag: string;
}

/** The widget bundle ready to serve: its names, its SRI hash, and a body per coding. */
export interface WidgetBundle {
  /** The first 10 hex digits of the bytes' SHA-256: the versioned file name's part. */
  version: string;
  /** `/widget/kdi-status.<version>.js`: served `immutable`. */
  versionedPath: string;
  /** `sha384-…` of the uncoded bytes, as a browser checks `integrity=`. */
  integrity: string;
  /** The body per coding, compressed once (brotli quality 11, gzip level 9). */
  representations: Promise<Record<Coding, Representation>>;
}

/** Compressed once per process per bundle: app instances (tests make many) share the work. */
const prepared = new Map<string, WidgetBundle>();

/**
 * Hashes the bundle now and compresses it off the main thread (zlib's pool), once: the bodies
 * are a promise the first request awaits, so start-up does not wait for brotli 11.
 *
 * @example
 * const bundle = prepareWidgetBundle(readFileSync(path));
 * bundle.versionedPath; // '/widget/kdi-status.3f2a9c01de.js'
 * (await bundle.representations).br.body.length; // ~20 KB
 */
export function prepareWidgetBundle(bytes: Buffer): WidgetBundle {
  const sha256 = createHash('sha256').update(bytes).digest();
  const key = sha256.toString('hex');
  const cached = prepared.get(key);
  if (cached) return cached;
  const version = key.slice(0, 10);
  const tag = sha256.toString('base64url');
  const representations = (async () => {
    const [br, gz] = await Promise.all([
      brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
      gzipped(bytes, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    // One strong ETag per representation (RFC 9110 §8.8.3): the coded bytes differ.
    return {
      br: { body: br, etag: `"${tag}-br"` },
      gzip: { body: gz, etag: `"${tag}-gz"` },
      identity: { body: bytes, etag: `"${tag}"` },
    };
  })();
  // A failure is the request's (a 500 problem); the next start tries again.
  representations.catch(() => prepared.delete(key));
  const bundle: WidgetBundle = {
    version,
    versionedPath: `/widget/kdi-status.${version}.js`,
    integrity: `sha384-${createHash('sha384').update(bytes).digest('base64')}`,
    representations,
  };
  prepared.set(key, bundle);
  return bundle;
}
