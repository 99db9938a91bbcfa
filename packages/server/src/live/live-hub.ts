import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ChangeEvent } from '@kdi-status/sdk';
import type { ReadModelHolder, SerializedSummary } from '../read/read-model.js';
import { StoreUnavailableError, type Store } from '../store/store.js';
import { createFilterIndex, type FilterGroup } from './filter-index.js';
import { encodeEvent, encodeRetry, HEARTBEAT, SSE_HEAD } from './sse-frames.js';
import { createStatusFrames } from './status-frames.js';
import { createStreamAdmission, type Admission } from './stream-admission.js';
import { concerns, streamFilter, type StreamFilter } from './stream-filter.js';

type Group = FilterGroup<Socket>;

/**
 * Subscribers of one municipality with one filter. They get no change events: after each batch
 * that concerns their components, a fresh `summary` of what affects the municipality (its
 * effective status computed without the other municipalities' incidents), which the SDK's
 * `applyLiveEvent` takes whole. ADR 0019 says why.
 */
interface MunicipalGroup {
  key: string;
  filter: StreamFilter;
  municipality: string;
  members: Set<Socket>;
}

/** Sockets written between two turns of the event loop while a batch goes out. */
const FANOUT_SLICE = 200;
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface LiveHubOptions {
  store: Store;
  readModel: ReadModelHolder;
  /** A comment line this often keeps idle streams open through proxies. Default 25 s. */
  heartbeatMs?: number;
  /** A client with more than this many bytes unsent is too slow: it is dropped, not buffered for. Default 256 KiB. */
  maxBufferedBytes?: number;
  /** A `Last-Event-ID` further back than this many events gets a fresh summary instead of a replay. Default 1000. */
  replayLimit?: number;
  // The three limits have their defaults in config.ts (DEFAULTS), which app.ts passes.
  /** A replay that would send more than this many bytes of events gets a fresh summary instead. */
  replayMaxBytes: number;
  /** Open streams per client address (a municipality's caseworkers may all come from one NAT address); more get 429. */
  maxStreamsPerAddress: number;
  /** Open streams in total; more get 503. */
  maxStreams: number;
  /** The reconnect delay advertised to clients. Default 3 s. */
  retryMs?: number;
}

/**
 * Live push over Server-Sent Events. Follows the event log through `store.onCommit` (so commits
 * made by another instance on the same database arrive too), and sends each subscriber the
 * events that concern its components, then their effective status when it moved. Everything
 * runs through one queue, so a subscriber's replay and the live events after it neither overlap
 * nor leave a gap. A commit costs what it concerns: each event is encoded once, routed through
 * an index of the filters' closures, and a status frame is built only for the filters whose
 * components' effective status changed (live/filter-index.ts).
 *
 * @example
 * const hub = createLiveHub({ store, readModel });
 * hub.start();
 * const slot = hub.admit(request.ip); // in the route, before hijacking: throws 429/503 when full
 * hub.subscribe(request.raw.socket, ['ky'], lastEventId, slot);
 */
export function createLiveHub(options: LiveHubOptions) {
  const { store, readModel, replayMaxBytes } = options;
  const maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
  const replayLimit = options.replayLimit ?? 1000;
  const admission = createStreamAdmission({
    maxStreamsPerAddress: options.maxStreamsPerAddress,
    maxStreams: options.maxStreams,
  });
  const index = createFilterIndex<Socket>();
  const statuses = createStatusFrames();
  let lastSeq = 0;
  let queue: Promise<unknown> = Promise.resolve();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;
  let closed = false;
  /** Summary frames of the current sequence, one per distinct filter (their summaries are cached, bounded, by the read model). */
  let summaryFrames: { seq: number; frames: WeakMap<SerializedSummary, Buffer> } | undefined;
  const counts = { droppedSlow: 0, summariesForLongReplays: 0 };
  /** How long the last commit took to reach the write loop, and the loop itself (ms, wall time, its turns of the event loop included): for benchmarks and health. */
  const timing = { commitToPublishMs: 0, publishMs: 0 };

  const enqueue = (work: () => Promise<void> | void) => {
    const next = queue.then(work).catch((error: unknown) => console.error('live hub failed', error));
    queue = next;
    return next;
  };

  const groupOf = new Map<Socket, Group>();
  const slotOf = new Map<Socket, Admission>();
  const municipalGroups = new Map<string, MunicipalGroup>();
  const municipalOf = new Map<Socket, MunicipalGroup>();

  function remove(socket: Socket) {
    const group = groupOf.get(socket);
    if (group) index.remove(socket, group);
    groupOf.delete(socket);
    const municipal = municipalOf.get(socket);
    if (municipal) {
      municipal.members.delete(socket);
      if (municipal.members.size === 0) municipalGroups.delete(municipal.key);
    }
    municipalOf.delete(socket);
  }

  function addMunicipal(socket: Socket, filter: StreamFilter, municipality: string) {
    const key = `${filter.key}@${municipality}`;
    let group = municipalGroups.get(key);
    if (!group) municipalGroups.set(key, (group = { key, filter, municipality, members: new Set() }));
    group.members.add(socket);
    municipalOf.set(socket, group);
  }

  /** Every subscribed socket, of the filter index and of the municipalities. */
  function* allSockets(): Generator<Socket> {
    for (const group of index.groups()) yield* group.members;
    for (const group of municipalGroups.values()) yield* group.members;
  }

  // Socket listeners are made here, once, not per subscriber: a closure made in subscribe() would
  // keep that moment's read model and frames alive for as long as the socket lives.
  function onSocketClose(this: Socket) {
    remove(this);
    const slot = slotOf.get(this);
    if (slot) admission.release(slot);
    slotOf.delete(this);
  }
  function onSocketError(this: Socket) {
    this.destroy();
  }

  /** Writes unless the client stopped reading: then it is dropped, and its memory with it. */
  function send(socket: Socket, bytes: Buffer) {
    if (socket.destroyed) return remove(socket);
    if (socket.writableLength > maxBuffered) {
      counts.droppedSlow++;
      socket.destroy();
      return remove(socket);
    }
    socket.write(bytes);
  }

  /**
   * The summary for a filter's components (null: all) as a frame: the same filtered summary the
   * summary route answers, built from the read model's serialized bytes once per sequence and filter.
   */
  function currentSummaryFrame(ids: readonly string[] | null, municipality: string | null = null): Buffer {
    const model = readModel.current();
    const seq = model.view.summary.sequence;
    if (summaryFrames?.seq !== seq) summaryFrames = { seq, frames: new WeakMap() };
    const summary = model.summaryFor(ids, municipality);
    let frame = summaryFrames.frames.get(summary);
    if (!frame) {
      frame = Buffer.concat([Buffer.from(`id: ${seq}\ndata: {"type":"summary","seq":${seq},"data":`), summary.body, Buffer.from('}\n\n')]);
      summaryFrames.frames.set(summary, frame);
    }
    return frame;
  }

  /**
   * Sends a batch: the events to the scopes they concern (the same bytes to every group with the
   * same closure, and to scopes that get the same events), then a status frame to each group one
   * of whose components' effective status changed. Every FANOUT_SLICE sockets it lets the event
   * loop turn, so a commit that reaches thousands of streams does not hold up the requests that
   * arrive meanwhile (the queue keeps the next batch and any new subscriber behind this one).
   */
  async function publish(events: ChangeEvent[], seq: number) {
    const { view } = readModel.current();
    // A dependency edit can widen a closure: rebuild the filters that hold an edited component.
    const edited = events.flatMap((e) => (e.type === 'component.changed' ? [e.data.id] : []));
    if (edited.length > 0) {
      index.refilter(edited, view.summary.components);
      for (const group of municipalGroups.values()) group.filter = streamFilter(group.filter.ids, view.summary.components);
    }
    const route = index.route(events, statuses.advance(view));
    const encoded: Buffer[] = [];
    const frame = (i: number) => (encoded[i] ??= encodeEvent(events[i]!));
    const byEvents = new Map<string, Buffer>();
    let written = 0;
    const deliver = async (group: Group, bytes: Buffer) => {
      try {
        for (const socket of group.members) {
          send(socket, bytes);
          if (++written % FANOUT_SLICE === 0) await nextTurn();
        }
      } catch (error) {
        console.error(`live hub: publishing to group "${group.filter.key}" failed`, error);
      }
    };
    for (const [scope, indices] of route.events) {
      const key = indices.join(',');
      let bytes = byEvents.get(key);
      if (!bytes) {
        bytes = indices.length === 1 ? frame(indices[0]!) : Buffer.concat(indices.map(frame));
        byEvents.set(key, bytes);
      }
      for (const group of scope.groups)
        await deliver(group, route.status.delete(group) ? statuses.frame(group.filter.ids, seq, bytes) : bytes);
    }
    for (const group of route.status) await deliver(group, statuses.frame(group.filter.ids, seq));
    let built = 0;
    for (const group of [...municipalGroups.values()]) {
      if (!events.some((event) => concerns(event, group.filter))) continue;
      // A municipality's summary costs about a millisecond or two to build (ADR 0019): the loop turns between a few.
      if (++built % 8 === 0) await nextTurn();
      const bytes = currentSummaryFrame(group.filter.ids, group.municipality);
      for (const socket of [...group.members]) {
        send(socket, bytes);
        if (++written % FANOUT_SLICE === 0) await nextTurn();
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
      await publish(events, last);
      lastSeq = last;
      timing.commitToPublishMs = started - committedAt;
      timing.publishMs = performance.now() - started;
    }
  }

  /**
   * Publishes everything the log holds before a subscriber joins. The read model may already be
   * ahead of the hub (its own commit listener runs first); a subscriber's summary, replay and
   * status must all describe the same sequence as the hub, or an event would come twice or a
   * status change not at all. The status the hub last published must be the current view's too:
   * a new subscriber's group then shares the hub's record of what was sent.
   */
  async function catchUpFully() {
    do await catchUp(Number.MAX_SAFE_INTEGER, performance.now());
    while (!closed && readModel.current().view.summary.sequence > lastSeq);
    if (!closed && statuses.view !== readModel.current().view) await publish([], lastSeq);
  }

  /**
   * The missed events that concern `filter`, encoded, or null when they are more than the replay
   * allows — or when the database cannot be read now (the summary in memory serves instead).
   */
  async function replay(lastEventId: number, filter: StreamFilter): Promise<Buffer[] | null> {
    const missed = await store.eventsAfter(lastEventId, replayLimit + 1).catch((error: unknown) => {
      if (error instanceof StoreUnavailableError) return null;
      throw error;
    });
    if (missed === null || missed.length > replayLimit) return null;
    const frames: Buffer[] = [];
    let bytes = 0;
    for (const event of missed) {
      if (event.seq > lastSeq || !concerns(event, filter)) continue;
      const frame = encodeEvent(event);
      bytes += frame.length;
      if (bytes > replayMaxBytes) return null;
      frames.push(frame);
    }
    return frames;
  }

  return {
    /** Follows the event log from where the read model is. */
    start() {
      lastSeq = readModel.current().view.summary.sequence;
      statuses.advance(readModel.current().view);
      unsubscribe = store.onCommit((seq) => {
        const committedAt = performance.now();
        void enqueue(() => catchUp(seq, committedAt));
      });
      heartbeat = setInterval(() => {
        for (const socket of [...allSockets()]) send(socket, HEARTBEAT);
      }, options.heartbeatMs ?? 25_000);
      heartbeat.unref();
    },

    /**
     * Reserves a stream's slot for a client address, synchronously, before the HTTP layer hijacks
     * the reply; throws TryLaterError (429 `too_many_streams` over the per-address cap, 503
     * `stream_capacity` over the total). The slot is freed when the stream's socket closes.
     */
    admit(address: string): Admission {
      return admission.admit(address);
    },

    /** Throws what `admit` would throw now, reserving nothing (for HEAD). */
    checkAdmission(address: string): void {
      admission.check(address);
    },

    /** Frees a slot that never reached `subscribe` (the HTTP layer failed in between). */
    release(slot: Admission): void {
      admission.release(slot);
    },

    /**
     * Takes over a socket whose request asked for the stream (the HTTP layer validated it,
     * admitted it and hijacked the reply). Without `lastEventId`: the summary first. With one:
     * exactly the events after it that concern the filter, in order, then the current status — or
     * a summary when the gap is longer than the replay limit in events or in bytes. With a
     * `municipality` (a known kommunekode): a summary of what affects it, unless `lastEventId` is
     * where the hub is, and a fresh one after each batch that concerns the filter.
     */
    subscribe(
      socket: Socket,
      ids: readonly string[] | null,
      lastEventId: number | null,
      slot: Admission,
      municipality: string | null = null,
    ): Promise<unknown> {
      // At once, not when the queue gets to it: a client that leaves while queued frees its slot.
      slotOf.set(socket, slot);
      socket.on('close', onSocketClose);
      socket.on('error', onSocketError);
      if (socket.destroyed) onSocketClose.call(socket);
      return enqueue(async () => {
        if (closed || socket.destroyed) {
          socket.destroy();
          return;
        }
        try {
          await catchUpFully().catch((error: unknown) => {
            // The database away: a hub in step with the read model still serves from memory.
            if (!(error instanceof StoreUnavailableError) || readModel.current().view.summary.sequence !== lastSeq) throw error;
          });
          const { view } = readModel.current();
          const filter = streamFilter(ids, view.summary.components);
          const frames = [SSE_HEAD, encodeRetry(options.retryMs ?? 3000)];
          if (municipality !== null) {
            if (lastEventId !== lastSeq) frames.push(currentSummaryFrame(filter.ids, municipality));
          } else if (lastEventId === null || lastEventId > lastSeq) {
            // New, or from a log this server does not have (a restored or reset database): start over.
            frames.push(currentSummaryFrame(filter.ids));
          } else if (lastEventId < lastSeq) {
            const missed = await replay(lastEventId, filter);
            if (missed === null) {
              counts.summariesForLongReplays++;
              frames.push(currentSummaryFrame(filter.ids));
            } else frames.push(...missed, statuses.frame(filter.ids, lastSeq));
          }
          if (socket.destroyed) return;
          socket.setNoDelay(true);
          socket.setKeepAlive(true, 60_000);
          socket.setTimeout(0);
          if (municipality !== null) addMunicipal(socket, filter, municipality);
          else groupOf.set(socket, index.add(socket, filter));
          send(socket, Buffer.concat(frames));
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
      for (const socket of [...allSockets()]) {
        // Closed once the retry hint is out; a client that does not read (or keeps its side
        // open) must not hold the shutdown, so at most 2 s.
        socket.end(encodeRetry(1000 + Math.random() * spreadMs), () => socket.destroy());
        setTimeout(() => socket.destroy(), 2000).unref();
      }
      index.clear();
      groupOf.clear();
      municipalGroups.clear();
      municipalOf.clear();
    },

    /**
     * Subscribed clients, distinct filters (`groups`) and closures (`scopes`), admitted streams
     * (subscribed or queued) and the addresses holding them, refusals, clients dropped for not
     * reading, resumes answered with a summary because the replay was too long.
     */
    stats() {
      return {
        clients: groupOf.size + municipalOf.size,
        ...index.size(),
        municipalGroups: municipalGroups.size,
        ...admission.stats(),
        droppedSlow: counts.droppedSlow,
        summariesForLongReplays: counts.summariesForLongReplays,
        sequence: lastSeq,
        ...timing,
      };
    },
  };
}

export type LiveHub = ReturnType<typeof createLiveHub>;
