import type { LiveEvent } from '@kdi-status/sdk';

/**
 * Server-Sent Events framing. Every frame is encoded once and the same bytes are written to
 * every client that gets it: nothing is built per client on the hot path.
 */

/** The response head, written straight to the socket: no chunked encoding, the body ends when the connection does. */
export const SSE_HEAD = Buffer.from(
  [
    'HTTP/1.1 200 OK',
    'Content-Type: text/event-stream; charset=utf-8',
    'Cache-Control: no-cache, no-transform',
    'Access-Control-Allow-Origin: *',
    'X-Accel-Buffering: no',
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    '',
  ].join('\r\n'),
);

/** A comment line: keeps proxies and the client's idle timers from closing a quiet stream. */
export const HEARTBEAT = Buffer.from(': hb\n\n');

/**
 * One message: `id:` is the event's sequence number, so a reconnecting client resumes after it.
 * JSON has no raw newlines, so the data fits one `data:` line.
 *
 * @example
 * encodeEvent({ type: 'summary', seq: 3, data: summary }); // <Buffer 69 64 3a 20 33 0a 64 61 74 61 3a …>
 */
export function encodeEvent(event: LiveEvent): Buffer {
  return Buffer.from(`id: ${event.seq}\ndata: ${JSON.stringify(event)}\n\n`);
}

/**
 * How long a client should wait before reconnecting.
 *
 * @example
 * encodeRetry(3000); // 'retry: 3000\n\n'
 */
export function encodeRetry(ms: number): Buffer {
  return Buffer.from(`retry: ${Math.round(ms)}\n\n`);
}
