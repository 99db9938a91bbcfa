import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** The status of the first answer, or null when the server closed without one. */
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/**
 * Speaks HTTP/1.1 by hand over one TCP connection: writes `chunks` (`gapMs` apart, as a slow or
 * hostile client would), then waits until the server closes the connection (at most
 * `waitMs`; then the socket is destroyed and `closedAfterMs` is Infinity).
 *
 * @example
 * const answer = await rawHttp(baseUrl, ['POST /api/v1/admin/incidents HTTP/1.1\r\nHost: x\r\n', 'Content-Length: 9\r\n\r\n'], { gapMs: 300 });
 */
export async function rawHttp(
  baseUrl: string,
  chunks: (string | Buffer)[],
  { gapMs = 0, waitMs = 10_000, localAddress }: { gapMs?: number; waitMs?: number; localAddress?: string } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  const started = Date.now();
  const socket = await openSocket(hostname, Number(port), localAddress);
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  const closed = new Promise<number>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(Infinity);
    }, waitMs);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
  socket.on('error', () => {});
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0 && gapMs > 0) await new Promise((resolve) => setTimeout(resolve, gapMs));
    if (socket.destroyed) break;
    socket.write(chunk);
  }
  const closedAfterMs = await closed;
  return { ...parseAnswer(received), closedAfterMs };
}

/**
 * An open TCP connection (from `localAddress`, e.g. 127.0.0.2, to act as another client), for
 * tests that hold connections open.
 *
 * @example
 * const socket = await openSocket('127.0.0.1', port);
 */
export function openSocket(host: string, port: number, localAddress?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, ...(localAddress ? { localAddress } : {}) }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function parseAnswer(text: string): Omit<RawAnswer, 'closedAfterMs'> {
  const end = text.indexOf('\r\n\r\n');
  if (!text.startsWith('HTTP/1.1 ') || end === -1) return { status: null, headers: {}, body: text };
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    }),
  );
  return { status: Number(statusLine!.split(' ')[1]), headers, body: Buffer.from(text.slice(end + 4), 'latin1').toString('utf8') };
}
