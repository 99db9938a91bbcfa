import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { NotFoundError, TryLaterError } from '../domain/errors.js';

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

/**
 * Serves the widget bundle at `/widget/kdi-status.js` (any origin may load it as a module) and,
 * when `examplesDir` is given, each example host app at `/examples/<name>/`.
 *
 * @example
 * registerStaticRoutes(app, { examplesDir: '/repo/examples' });
 */
export function registerStaticRoutes(app: FastifyInstance, options: { examplesDir?: string | undefined }): void {
  // Resolved once, at start: a resolution that fails later (out of file descriptors) would be
  // cached by Node and turn into a 404 for good. Read per request only until the first success:
  // the bundle does not change under a running server.
  const path = widgetBundlePath();
  let bundle: Buffer | undefined;
  app.get('/widget/kdi-status.js', (_request, reply) => {
    bundle ??= readBundle(path);
    return reply.header('access-control-allow-origin', '*').header('cache-control', 'public, max-age=300').type(TYPES['.js']!).send(bundle);
  });

  const { examplesDir } = options;
  if (!examplesDir) return;
  const files = new Map<string, Buffer>();
  for (const example of readdirSync(examplesDir, { withFileTypes: true })) {
    if (!example.isDirectory()) continue;
    for (const name of readdirSync(join(examplesDir, example.name))) {
      if (name === 'package.json' || name.endsWith('.test.ts') || !TYPES[extname(name)]) continue;
      files.set(`/examples/${example.name}/${name === 'index.html' ? '' : name}`, readFileSync(join(examplesDir, example.name, name)));
    }
  }
  app.get('/examples/*', (request, reply) => {
    const path = request.url.split('?')[0]!;
    const body = files.get(path);
    if (!body) throw new NotFoundError('not_found', `No file ${path}.`);
    const type = TYPES[extname(path)] ?? TYPES['.html']!;
    return reply.header('content-security-policy', STRICT_CSP).header('cache-control', 'no-cache').type(type).send(body);
  });
  app.get('/', (_request, reply) => reply.redirect('/examples/plain-html/'));
}
