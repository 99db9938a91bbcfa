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
  // The line being received (no line end in it yet), and the fields of the event being built:
  // `data` holds each data line followed by LF, as the algorithm's data buffer does.
  let pending = '';
  let data = '';
  let event = '';
  let lastEventId = initialLastEventId;
  let started = false;
  // A chunk ended with CR: if the next one starts with LF, that LF belongs to the same line end.
  let skipLeadingLf = false;

  function line(text: string): void {
    if (text === '') {
      // Dispatch only an event with data, without the data buffer's last LF.
      if (data) handlers.onMessage({ event: event || 'message', data: data.slice(0, -1), lastEventId });
      data = event = '';
      return;
    }
    // A comment (`:` first) has the field name '', which is none of those below. One space after the colon is dropped.
    const [, field, value] = /^([^:]*):? ?([^]*)/.exec(text) as unknown as [string, string, string];
    if (field === 'data') data += `${value}\n`;
    else if (field === 'event') event = value;
    else if (field === 'id') {
      if (!value.includes('\0')) lastEventId = value;
    } else if (field === 'retry' && /^\d+$/.test(value)) handlers.onRetry?.(Number(value));
  }

  return {
    push(chunk) {
      if (!chunk) return;
      if (!started) {
        started = true;
        if (chunk.startsWith('\uFEFF')) chunk = chunk.slice(1);
      }
      if (skipLeadingLf && chunk.startsWith('\n')) chunk = chunk.slice(1);
      skipLeadingLf = chunk.endsWith('\r');
      // Only the new chunk is searched for line ends: a long line arriving in many chunks is not
      // searched again from its start each time.
      const lines = chunk.split(/\r\n|\r|\n/);
      lines[0] = pending + lines[0];
      pending = lines.pop()!;
      lines.forEach(line);
    },
  };
}
