/** One dispatched Server-Sent Events message, as `EventSource` would hand it to a listener. */
export interface SseMessage {
  /** The `event:` field; `'message'` when the server sent none. */
  event: string;
  /** The `data:` lines joined with `\n`. */
  data: string;
  /** The last `id:` seen on this stream (it carries over to later messages without one). */
  lastEventId: string;
}

export interface SseParserHandlers {
  onMessage(message: SseMessage): void;
  /** A valid `retry:` field: the server's reconnection time in milliseconds. */
  onRetry?(ms: number): void;
}

export interface SseParser {
  /** Feeds decoded text; a chunk may end anywhere, even between `\r` and `\n`. */
  push(chunk: string): void;
}

/**
 * A streaming parser for `text/event-stream` following the WHATWG HTML algorithm: lines end
 * with CRLF, LF or CR; `:` starts a comment; one space after the colon is dropped; `id` with a
 * NUL is ignored; `retry` only with ASCII digits; an event is dispatched at a blank line and
 * only when it has data, so a last event without its blank line is never dispatched. Feed it
 * text already decoded with a streaming `TextDecoder` (which also drops a leading BOM).
 *
 * @example
 * const parser = createSseParser({ onMessage: (m) => console.log(m.lastEventId, m.data) });
 * parser.push('id: 1\ndata: {"a"'); parser.push(':1}\n\n'); // logs 1 {"a":1}
 */
export function createSseParser(handlers: SseParserHandlers, initialLastEventId = ''): SseParser {
  let pending = '';
  let scanned = 0;
  // A chunk ended with CR: if the next one starts with LF, that LF belongs to the same line end.
  let skipLeadingLf = false;
  let first = true;
  let data = '';
  let hasData = false;
  let event = '';
  let lastEventId = initialLastEventId;

  function dispatch(): void {
    if (hasData) handlers.onMessage({ event: event || 'message', data, lastEventId });
    data = '';
    hasData = false;
    event = '';
  }

  function line(text: string): void {
    if (text === '') return dispatch();
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        data = hasData ? `${data}\n${value}` : value;
        hasData = true;
        break;
      case 'event':
        event = value;
        break;
      case 'id':
        if (!value.includes('\0')) lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
    }
  }

  return {
    push(chunk) {
      let text = chunk;
      if (first && text.length > 0) {
        first = false;
        if (text.startsWith('\uFEFF')) text = text.slice(1);
      }
      if (skipLeadingLf && text.length > 0) {
        skipLeadingLf = false;
        if (text.startsWith('\n')) text = text.slice(1);
      }
      pending += text;
      // Only the text after `scanned` can hold a line end: a long line arriving in many chunks
      // is not searched again from its start each time.
      let start = 0;
      let cr = pending.indexOf('\r', scanned);
      let lf = pending.indexOf('\n', scanned);
      while (cr !== -1 || lf !== -1) {
        const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
        line(pending.slice(start, end));
        if (end === cr) {
          if (end + 1 === pending.length) {
            skipLeadingLf = true;
            start = end + 1;
            break;
          }
          start = pending[end + 1] === '\n' ? end + 2 : end + 1;
        } else {
          start = end + 1;
        }
        if (cr !== -1 && cr < start) cr = pending.indexOf('\r', start);
        if (lf !== -1 && lf < start) lf = pending.indexOf('\n', start);
      }
      pending = pending.slice(start);
      scanned = pending.length;
    },
  };
}
