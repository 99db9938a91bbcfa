import type { Socket } from 'node:net';

interface HttpParser {
  _consumed?: boolean;
  socket?: unknown;
  incoming?: unknown;
  outgoing?: unknown;
  onIncoming?: unknown;
  unconsume?: () => void;
  finish?: () => void;
  remove?: () => void;
  close?: () => void;
}

// Module-level, not closures: a closure made in detachFromHttp would share its scope, and with it
// the parser, for as long as the socket lives.
const ignore = () => undefined;
/** For 'error' and 'end': the stream is over. */
function destroySocket(this: Socket) {
  this.destroy();
}

/**
 * Frees a hijacked socket from node:http, as node:http itself does for an `upgrade`: the parser
 * stops consuming it and is freed, and the request and response objects are let go. A stream
 * then costs what a raw socket costs (memory and write time), which is what lets one process
 * hold 10 000 subscribers (docs/adr/0007-live-push.md). Every step is guarded: on a Node whose
 * internals differ, the socket simply stays as it was.
 *
 * @example
 * reply.hijack();
 * detachFromHttp(request.raw.socket);
 */
export function detachFromHttp(socket: Socket): void {
  const internal = socket as Socket & { parser?: HttpParser | null; _httpMessage?: unknown };
  // node:http's own listeners; 'close' among them keeps the request object alive for the socket's life.
  for (const event of ['data', 'end', 'drain', 'timeout', 'pause', 'resume', 'close', 'error']) socket.removeAllListeners(event);
  internal._httpMessage = null;
  // Whatever a subscriber sends after its request is read and dropped; errors end the stream.
  socket.on('data', ignore);
  socket.on('error', destroySocket);
  // A subscriber that sends its FIN has gone: close at once rather than at the next heartbeat.
  socket.on('end', destroySocket);
  const parser = internal.parser;
  if (!parser) return;
  internal.parser = null;
  // At once: no further request on this connection may reach node:http (a pipelined request
  // would otherwise be served on a socket that is no longer node:http's). This is what
  // node:http's cleanParser does: drop the fields and the callbacks (numeric slots
  // kOnMessageBegin … kOnTimeout), which also close over the connection's state and requests.
  // The parser checks each callback is a function before calling it.
  parser.socket = parser.incoming = parser.outgoing = parser.onIncoming = null;
  for (let slot = 0; slot <= 6; slot++) (parser as unknown as Record<number, unknown>)[slot] = null;
  // We are called from inside the parser's own callback: take it apart on the next turn, as
  // node:http does for an upgrade (freeParser, then closeParserInstance in setImmediate).
  setImmediate(() => {
    if (parser._consumed && typeof parser.unconsume === 'function') parser.unconsume();
    parser._consumed = false;
    parser.finish?.();
    parser.remove?.();
    // Frees the native parser (its header buffers): it is not going back to node:http's pool.
    parser.close?.();
  });
}
