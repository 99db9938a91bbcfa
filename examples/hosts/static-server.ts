import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** A host origin: a node:http server on 127.0.0.1 (not `localhost`, so never the status server's origin). */
export interface HostServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves what `handle` answers on a free port of 127.0.0.1; `handle` returning false is a 404.
 *
 * @example
 * const host = await startHostServer((req, res) => (res.end('hi'), true));
 */
export async function startHostServer(
  handle: (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>,
): Promise<HostServer> {
  const server = createServer((request, response) => {
    Promise.resolve(handle(request, response)).then(
      (handled) => {
        if (!handled && !response.headersSent) response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      },
      (error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serves the files of `dir` (a built app); `/` is its index.html.
 *
 * @example
 * const host = await serveDirectory('/tmp/react-build');
 */
export function serveDirectory(dir: string): Promise<HostServer> {
  return startHostServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const file = normalize(join(dir, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dir)) return false;
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      return true;
    } catch {
      return false;
    }
  });
}
