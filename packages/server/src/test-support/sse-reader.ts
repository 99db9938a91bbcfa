/** A message as the wire carried it. */
export interface SseMessage {
  id: string | undefined;
  data: string;
}

/**
 * A plain SSE reader for the server's tests, deliberately independent of the SDK's client (the
 * server is tested against the protocol, not against our own client): connects with fetch and
 * collects messages, `retry:` values and comments.
 *
 * @example
 * const stream = await openSse(`${base}/api/v1/stream?components=ky`);
 * await stream.until((m) => m.length >= 2);
 */
export async function openSse(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  let buffer = '';
  let ended = false;
  const waiters = new Set<() => void>();

  const parse = () => {
    let index: number;
    while ((index = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, index);
      buffer = buffer.slice(index + 2);
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) comments.push(line.slice(1).trim());
        else if (line.startsWith('id: ')) id = line.slice(4);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
        else if (line.startsWith('retry: ')) retries.push(Number(line.slice(7)));
      }
      if (data.length) messages.push({ id, data: data.join('\n') });
    }
  };

  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        parse();
        for (const wake of waiters) wake();
      }
    } catch {
      // aborted by close(), or the server closed the connection
    } finally {
      ended = true;
      for (const wake of waiters) wake();
    }
  })();

  return {
    response,
    messages,
    retries,
    comments,
    /** The parsed JSON of each message. */
    events: () => messages.map((m) => JSON.parse(m.data) as { type: string; seq: number; data: unknown }),
    get ended() {
      return ended;
    },
    /** Waits until `condition` holds on the messages (or the stream ends), at most `timeoutMs`. */
    async until(condition: (messages: SseMessage[]) => boolean, timeoutMs = 5000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!condition(messages)) {
        if (ended) throw new Error(`stream ended before the condition held; got ${messages.length} messages`);
        if (Date.now() > deadline)
          throw new Error(`timed out; got ${messages.length} messages: ${messages.map((m) => m.data.slice(0, 60)).join(' | ')}`);
        await new Promise<void>((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            resolve();
          };
          waiters.add(wake);
          setTimeout(wake, 50);
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
    /** Resolves when the server has closed the stream. */
    closed: () => pump,
  };
}
