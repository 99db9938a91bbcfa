import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ChangeEvent, StatusEvent } from '@kdi-status/sdk';
import type { ReadModelHolder } from '../read/read-model.js';
import type { StatusView } from '../read/status-view.js';
import type { Store } from '../store/store.js';
import { encodeEvent, encodeRetry, HEARTBEAT, SSE_HEAD } from './sse-frames.js';
import { concerns, streamFilter, type StreamFilter } from './stream-filter.js';

export interface LiveHubOptions {
  store: Store;
  readModel: ReadModelHolder;
  /** A comment line this often keeps idle streams open through proxies. Default 25 s. */
  heartbeatMs?: number;
  /** A client with more than this many bytes unsent is too slow: it is dropped, not buffered for. Default 256 KiB. */
  maxBufferedBytes?: number;
  /** A `Last-Event-ID` further back than this many events gets a fresh summary instead of a replay. Default 1000. */
  replayLimit?: number;
  /** The reconnect delay advertised to clients. Default 3 s. */
  retryMs?: number;
}

/** Subscribers with the same filter: every frame is encoded once for all of them. */
interface Group {
  filter: StreamFilter;
  sockets: Set<Socket>;
  /** The last status data sent, as JSON: a status event goes out only when it changes. */
  lastStatus: string;
}

/**
 * Live push over Server-Sent Events. Follows the event log through `store.onCommit` (so commits
 * made by another instance on the same database arrive too), and sends each subscriber the
 * events that concern its components, then their effective status when it moved. Everything
 * runs through one queue, so a subscriber's replay and the live events after it neither overlap
 * nor leave a gap.
 *
 * @example
 * const hub = createLiveHub({ store, readModel });
 * hub.start();
 * hub.subscribe(request.raw.socket, ['ky'], lastEventId);
 */
export function createLiveHub(options: LiveHubOptions) {
  const { store, readModel } = options;
  const maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
  const replayLimit = options.replayLimit ?? 1000;
  const groups = new Map<string, Group>();
  let lastSeq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;
  let closed = false;
  let summaryFrame: { seq: number; frame: Buffer } | undefined;
  const dropped = { slow: 0 };
  /** How long the last commit took to reach the write loop, and the loop itself (ms): for benchmarks and health. */
  const timing = { commitToPublishMs: 0, publishMs: 0 };

  const enqueue = (work: () => Promise<void> | void) => {
    const next = queue.then(work).catch((error: unknown) => console.error('live hub failed', error));
    queue = next;
    return next;
  };

  const groupOf = new Map<Socket, Group>();

  function remove(socket: Socket, group: Group) {
    group.sockets.delete(socket);
    groupOf.delete(socket);
    if (group.sockets.size === 0) groups.delete(group.filter.key);
  }

  // Socket listeners are made here, once, not per subscriber: a closure made in subscribe() would
  // keep that moment's read model and frames alive for as long as the socket lives.
  function onSocketClose(this: Socket) {
    const group = groupOf.get(this);
    if (group) remove(this, group);
  }
  function onSocketError(this: Socket) {
    this.destroy();
  }

  /** Writes unless the client stopped reading: then it is dropped, and its memory with it. */
  function send(socket: Socket, group: Group, bytes: Buffer) {
    if (socket.destroyed) return remove(socket, group);
    if (socket.writableLength > maxBuffered) {
      dropped.slow++;
      socket.destroy();
      return remove(socket, group);
    }
    socket.write(bytes);
  }

  function statusOf(group: Pick<Group, 'filter'>, view: StatusView): StatusEvent['data'] {
    const ids = group.filter.ids ?? [...view.componentsById.keys()];
    return {
      components: ids.flatMap((id) => (view.componentsById.has(id) ? [{ id, effective: view.componentsById.get(id)!.effective }] : [])),
    };
  }

  /** The whole summary as a frame, built from the read model's serialized bytes once per sequence. */
  function currentSummaryFrame(): Buffer {
    const { view, summaryBody } = readModel.current();
    const seq = view.summary.sequence;
    if (summaryFrame?.seq !== seq) {
      summaryFrame = {
        seq,
        frame: Buffer.concat([Buffer.from(`id: ${seq}\ndata: {"type":"summary","seq":${seq},"data":`), summaryBody, Buffer.from('}\n\n')]),
      };
    }
    return summaryFrame.frame;
  }

  /** Sends a batch to every group; one group's failure is logged and does not cost the others the batch. */
  function publish(events: ChangeEvent[], seq: number) {
    const { view } = readModel.current();
    const components = view.summary.components;
    // A dependency edit can widen a closure: rebuild filters when a component changed.
    const rebuild = events.some((e) => e.type === 'component.changed');
    for (const group of groups.values()) {
      try {
        if (rebuild && group.filter.ids) group.filter = streamFilter(group.filter.ids, components);
        const frames = events.filter((e) => concerns(e, group.filter)).map(encodeEvent);
        const status = statusOf(group, view);
        const statusJson = JSON.stringify(status);
        if (statusJson !== group.lastStatus) {
          group.lastStatus = statusJson;
          frames.push(encodeEvent({ type: 'status', seq, data: status }));
        }
        if (frames.length === 0) continue;
        const bytes = frames.length === 1 ? frames[0]! : Buffer.concat(frames);
        for (const socket of group.sockets) send(socket, group, bytes);
      } catch (error) {
        console.error(`live hub: publishing to group "${group.filter.key}" failed`, error);
      }
    }
  }

  /**
   * Reads what the log has beyond what was sent, refreshes the read model, publishes. `lastSeq`
   * moves only once a batch is published, so a failure is retried at the next commit.
   */
  async function catchUp(seq: number, committedAt: number) {
    while (seq > lastSeq && !closed) {
      const events = await store.eventsAfter(lastSeq, 1000);
      if (events.length === 0) break;
      const last = events.at(-1)!.seq;
      await readModel.refreshTo(last);
      const started = performance.now();
      publish(events, last);
      lastSeq = last;
      timing.commitToPublishMs = started - committedAt;
      timing.publishMs = performance.now() - started;
    }
  }

  /**
   * Publishes everything the log holds before a subscriber joins. The read model may already be
   * ahead of the hub (its own commit listener runs first); a subscriber's summary, replay and
   * status must all describe the same sequence as the hub, or an event would come twice or a
   * status change not at all.
   */
  async function catchUpFully() {
    do await catchUp(Number.MAX_SAFE_INTEGER, performance.now());
    while (!closed && readModel.current().view.summary.sequence > lastSeq);
  }

  return {
    /** Follows the event log from where the read model is. */
    start() {
      lastSeq = readModel.current().view.summary.sequence;
      unsubscribe = store.onCommit((seq) => {
        const committedAt = performance.now();
        void enqueue(() => catchUp(seq, committedAt));
      });
      heartbeat = setInterval(() => {
        for (const group of groups.values()) for (const socket of group.sockets) send(socket, group, HEARTBEAT);
      }, options.heartbeatMs ?? 25_000);
      heartbeat.unref();
    },

    /**
     * Takes over a socket whose request asked for the stream (the HTTP layer validated it and
     * hijacked the reply). Without `lastEventId`: the summary first. With one: exactly the events
     * after it that concern the filter, in order, then the current status — or a summary when the
     * gap is longer than the replay limit.
     */
    subscribe(socket: Socket, ids: readonly string[] | null, lastEventId: number | null): Promise<unknown> {
      return enqueue(async () => {
        if (closed || socket.destroyed) {
          socket.destroy();
          return;
        }
        try {
          await catchUpFully();
          const { view } = readModel.current();
          const filter = streamFilter(ids, view.summary.components);
          const frames = [SSE_HEAD, encodeRetry(options.retryMs ?? 3000)];
          if (lastEventId === null || lastEventId > lastSeq) {
            // New, or from a log this server does not have (a restored or reset database): start over.
            frames.push(currentSummaryFrame());
          } else if (lastEventId < lastSeq) {
            const missed = await store.eventsAfter(lastEventId, replayLimit + 1);
            if (missed.length > replayLimit) frames.push(currentSummaryFrame());
            else {
              frames.push(...missed.filter((e) => e.seq <= lastSeq && concerns(e, filter)).map(encodeEvent));
              frames.push(encodeEvent({ type: 'status', seq: lastSeq, data: statusOf({ filter }, view) }));
            }
          }
          const group = groups.get(filter.key) ?? { filter, sockets: new Set(), lastStatus: JSON.stringify(statusOf({ filter }, view)) };
          groups.set(filter.key, group);
          socket.setNoDelay(true);
          socket.setKeepAlive(true, 60_000);
          socket.setTimeout(0);
          socket.on('close', onSocketClose);
          socket.on('error', onSocketError);
          group.sockets.add(socket);
          groupOf.set(socket, group);
          send(socket, group, Buffer.concat(frames));
        } catch (error) {
          // No half-answered stream: the client reconnects and resumes.
          console.error('live hub: subscribing failed', error);
          socket.destroy();
        }
      });
    },

    /**
     * Tells every client to come back — each after its own random delay, so a restart does not
     * bring them all back at once — and closes the streams.
     */
    async close(spreadMs = 10_000) {
      closed = true;
      unsubscribe?.();
      clearInterval(heartbeat);
      await queue;
      for (const group of groups.values()) {
        for (const socket of group.sockets) {
          // Closed once the retry hint is out; a client that does not read (or keeps its side
          // open) must not hold the shutdown, so at most 2 s.
          socket.end(encodeRetry(1000 + Math.random() * spreadMs), () => socket.destroy());
          setTimeout(() => socket.destroy(), 2000).unref();
        }
      }
      groups.clear();
      groupOf.clear();
    },

    /** Connected clients, filter groups, and clients dropped for not reading. */
    stats() {
      let clients = 0;
      for (const group of groups.values()) clients += group.sockets.size;
      return { clients, groups: groups.size, droppedSlow: dropped.slow, sequence: lastSeq, ...timing };
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
