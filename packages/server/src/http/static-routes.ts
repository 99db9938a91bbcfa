import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError, TryLaterError } from '../domain/errors.js';
import { etagOf } from '../read/etag.js';
import { chooseCoding } from './accept-encoding.js';
import { matchesIfNoneMatch } from './if-none-match.js';
import { prepareWidgetBundle, type WidgetBundle } from './widget-bundle.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The example host pages run under the strict policy a careful fagløsning would set: no inline
 * script or style, no eval. The widget has to work under it.
 */
const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Where the single-file widget bundle is: the widget package's `./bundle` export (null: no such package). */
function widgetBundlePath(): string | null {
  try {
    return fileURLToPath(import.meta.resolve('@kdi-status/widget/bundle'));
  } catch {
    return null;
  }
}

/** The bundle's bytes: a 404 when it is not built, a 503 when no file can be opened just now. */
function readBundle(path: string | null): Buffer {
  const notBuilt = () => new NotFoundError('widget_not_built', 'The widget bundle is not built: run `pnpm build`.');
  if (path === null) throw notBuilt();
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EMFILE' || code === 'ENFILE')
      throw new TryLaterError(503, 'too_many_open_files', 'The server cannot open the widget bundle just now.', 5);
    throw notBuilt();
  }
}

/** A versioned bundle URL's file name: `kdi-status.<10 hex>.js`. */
const VERSIONED = /^kdi-status\.([0-9a-f]{10})\.js$/;
/** A versioned URL names one exact file: it may be kept for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The plain URL (existing snippets) and the manifest: revalidated with their ETag after five minutes. */
const SHORT = 'public, max-age=300';

/**
 * Serves the widget bundle (any origin may load it as a module), read once and compressed once,
 * by `Accept-Encoding` (brotli, gzip, none), each coding with its own ETag:
 *
 * - `/widget/kdi-status.<first 10 hex of its SHA-256>.js`, cached for a year (`immutable`); a
 *   version this server does not have is a 404;
 * - `/widget/kdi-status.js`, for the snippets already out there: five minutes, then a 304;
 * - `/widget/kdi-status.json`: `{ url, integrity }`, the versioned path and its SRI hash.
 *
 * When `examplesDir` is given, each example host app at `/examples/<name>/`.
 *
 * @example
 * registerStaticRoutes(app, { examplesDir: '/repo/examples' });
 */
export function registerStaticRoutes(app: FastifyInstance, options: { examplesDir?: string | undefined }): void {
  // Resolved and read once, at start: a resolution that fails later (out of file descriptors)
  // would be cached by Node and turn into a 404 for good. Read again per request only until the
  // first success: the bundle does not change under a running server.
  const path = widgetBundlePath();
  let bundle: WidgetBundle | undefined;
  const widget = () => (bundle ??= prepareWidgetBundle(readBundle(path)));
  try {
    widget();
  } catch {
    // Not built (a 404 per request), or no file descriptor just now (a 503): the requests say so.
  }

  /** Sends the bundle in the coding the client takes best, or a 304 to its ETag. */
  const sendBundle = async (request: FastifyRequest, reply: FastifyReply, cacheControl: string) => {
    const representations = await widget().representations;
    const coding = chooseCoding(request.headers['accept-encoding']);
    const { body, etag } = representations[coding];
    reply
      .header('access-control-allow-origin', '*')
      .header('cache-control', cacheControl)
      .header('vary', 'Accept-Encoding')
      .header('etag', etag);
    if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    if (coding !== 'identity') reply.header('content-encoding', coding);
    return reply.type(TYPES['.js']!).send(body);
  };

  app.get<{ Params: { file: string } }>('/widget/:file', async (request, reply) => {
    const { file } = request.params;
    if (file === 'kdi-status.js') return sendBundle(request, reply, SHORT);
    if (file === 'kdi-status.json') {
      const { versionedPath, integrity } = widget();
      const body = Buffer.from(JSON.stringify({ url: versionedPath, integrity }));
      const etag = etagOf(body);
      reply.header('access-control-allow-origin', '*').header('cache-control', SHORT).header('etag', etag);
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(body);
    }
    const version = VERSIONED.exec(file)?.[1];
    if (version !== undefined && version === widget().version) return sendBundle(request, reply, IMMUTABLE);
    if (version !== undefined)
      throw new NotFoundError('widget_version_not_found', `This server has no widget bundle ${file}: see /widget/kdi-status.json.`);
    throw new NotFoundError('not_found', `No file /widget/${file}.`);
  });

  const { examplesDir } = options;
  if (!examplesDir) return;
  const files = new Map<string, Buffer>();
  for (const example of readdirSync(examplesDir, { withFileTypes: true })) {
    if (!example.isDirectory()) continue;
    // An example with a build step (examples/react) is served as built, its `dist/` with its
    // assets; a plain one from its folder, top level only.
    const built = join(examplesDir, example.name, 'dist');
    const served = existsSync(join(built, 'index.html'))
      ? readdirSync(built, { recursive: true, encoding: 'utf8' }).map((name) => [name, join(built, name)] as const)
      : readdirSync(join(examplesDir, example.name)).map((name) => [name, join(examplesDir, example.name, name)] as const);
    for (const [name, file] of served) {
      if (name === 'package.json' || name.endsWith('.test.ts') || !TYPES[extname(name)]) continue;
      files.set(`/examples/${example.name}/${name === 'index.html' ? '' : name.split(sep).join('/')}`, readFileSync(file));
    }
  }
  app.get('/examples/*', (request, reply) => {
    const path = request.url.split('?')[0]!;
    const body = files.get(path);
    if (!body) throw new NotFoundError('not_found', `No file ${path}.`);
    const type = TYPES[extname(path)] ?? TYPES['.html']!;
    return reply.header('content-security-policy', STRICT_CSP).header('cache-control', 'no-cache').type(type).send(body);
  });
}
