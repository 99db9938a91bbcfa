import { Agent, request } from 'node:http';

/** One request as the fuzz suite sends it: the path exactly as written (raw %-escapes kept), raw body bytes. */
export interface RawRequest {
  method: string;
  /** Path and query as sent on the request line; not normalised or re-encoded. */
  path: string;
  headers?: Record<string, string>;
  /** Sent as given: a string is UTF-8, a Buffer may hold any bytes (invalid UTF-8 included). */
  body?: string | Buffer;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Per request, so a server that stops answering fails the case instead of hanging the suite. */
const TIMEOUT_MS = 10_000;

/**
 * An HTTP/1.1 client over one keep-alive agent that sends bytes as given: node:http keeps a
 * path's %-escapes (and bytes 0x80-0xff, written as latin1), and a Buffer body goes out as is,
 * which `fetch` would not allow.
 *
 * @example
 * const http = rawHttpClient('http://127.0.0.1:3000');
 * const res = await http.send({ method: 'GET', path: '/api/v1/incidents/%00' });
 * http.close();
 */
export function rawHttpClient(baseUrl: string): { send: (req: RawRequest) => Promise<RawResponse>; close: () => void } {
  const { hostname, port } = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const send = (req: RawRequest, retried = false): Promise<RawResponse> =>
    new Promise<RawResponse>((resolve, reject) => {
      const body = req.body === undefined ? undefined : typeof req.body === 'string' ? Buffer.from(req.body, 'utf8') : req.body;
      const headers: Record<string, string> = { ...req.headers };
      if (body !== undefined) headers['content-length'] = String(body.length);
      const outgoing = request({ agent, host: hostname, port, method: req.method, path: req.path, headers, timeout: TIMEOUT_MS }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS} ms: ${req.method} ${req.path}`)));
      outgoing.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed just as it was reused: the request never reached
        // it, so it is sent once more on a fresh socket (as the node:http docs advise).
        if (!retried && outgoing.reusedSocket && error.code === 'ECONNRESET') resolve(send(req, true));
        else reject(error);
      });
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

/**
 * Opens a request on its own socket and resolves with the status and headers only, then closes
 * the socket: for the live stream, whose body never ends.
 *
 * @example
 * const { status } = await headOnly('http://127.0.0.1:3000', { method: 'GET', path: '/api/v1/stream' });
 */
export function headOnly(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise<RawResponse>((resolve, reject) => {
    const outgoing = request(
      { agent: false, host: hostname, port, method: req.method, path: req.path, headers: req.headers, timeout: TIMEOUT_MS },
      (res) => {
        const chunks: Buffer[] = [];
        const isStream = String(res.headers['content-type'] ?? '').startsWith('text/event-stream');
        if (isStream) {
          resolve({ status: res.statusCode!, headers: res.headers, body: '' });
          res.destroy();
          outgoing.destroy();
          return;
        }
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${TIMEOUT_MS} ms: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}
