import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Channel, Delivery, DeliveryOutcome } from '../store/notification-store.js';
import type { Store } from '../store/store.js';

/**
 * How one attempt to send went: sent; failed (`permanent`: no retry will help, e.g. SMTP 550);
 * or not to be sent at all (`skip`: the subscriber or the endpoint is gone).
 */
export type Attempt = { ok: true } | { ok: false; permanent: boolean; error: string } | { skip: string };

/** Sends one delivery of a channel. Must not throw; a throw counts as a transient failure. */
export type Sender = (delivery: Delivery) => Promise<Attempt>;

export interface OutboxWorkerOptions {
  store: Store;
  now: () => Date;
  senders: Partial<Record<Channel, Sender>>;
  /** Expands due notices into deliveries before each round (fan-out.ts). */
  expand: (at: Date) => Promise<unknown>;
  /** Called once a delivery has been given up (a webhook endpoint is then disabled). Must not throw. */
  onGiveUp?: (delivery: Delivery, error: string) => Promise<void>;
  /** Deliveries in flight at once per channel (SMTP connections, HTTP requests). */
  concurrency?: number;
  /** A claimed delivery not finished within this is claimed again (its sender died). */
  leaseMs?: number;
  /** Retry after `baseMs · 2^(attempt − 1)`, at most `maxMs`, less up to a quarter at random. */
  backoff?: { baseMs: number; maxMs: number };
  /** A round runs at least this often, and at once after a commit. */
  tickMs?: number;
  /** Called when a round fails (the database is down, say); the next round tries again. */
  onError?: (error: unknown) => void;
  /** Who claims: unique per process. */
  instanceId?: string;
}

export const OUTBOX_DEFAULTS = {
  concurrency: 4,
  leaseMs: 60_000,
  backoff: { baseMs: 10_000, maxMs: 30 * 60_000 },
  tickMs: 1_000,
} as const;

/** When a failed attempt is tried again. */
export function nextAttemptDelay(attempts: number, backoff: { baseMs: number; maxMs: number }, random = Math.random): number {
  const full = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(full * (1 - random() / 4));
}

/**
 * Sends what the outbox holds: each round expands due notices, then per channel claims a batch of
 * deliveries (each by this worker only, leased), sends them `concurrency` at a time, and records
 * each outcome. A failure is retried with exponential backoff until the delivery's give-up time,
 * then marked `failed`. A process killed mid-batch leaves its claims `sending`; when their lease
 * runs out they are claimed again — by this process restarted or by another instance — so nothing
 * is lost, and only what was in flight at the kill can arrive twice, under the same delivery id
 * (Message-ID, `webhook-id`).
 *
 * @example
 * const worker = createOutboxWorker({ store, now, senders: { mail: sendMail }, expand: (at) => expandDueNotices(fanOut, at) });
 * worker.start();
 * await worker.stop();
 */
export function createOutboxWorker(options: OutboxWorkerOptions) {
  const { store, now, senders } = options;
  const concurrency = options.concurrency ?? OUTBOX_DEFAULTS.concurrency;
  const leaseMs = options.leaseMs ?? OUTBOX_DEFAULTS.leaseMs;
  const backoff = options.backoff ?? OUTBOX_DEFAULTS.backoff;
  const tickMs = options.tickMs ?? OUTBOX_DEFAULTS.tickMs;
  const worker = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const onError = options.onError ?? ((error: unknown) => console.error('outbox round failed', error));
  let timer: ReturnType<typeof setInterval> | undefined;
  let unsubscribe: (() => void) | undefined;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;

  async function attempt(send: Sender, delivery: Delivery): Promise<void> {
    let result: Attempt;
    try {
      result = await send(delivery);
    } catch (error) {
      result = { ok: false, permanent: false, error: error instanceof Error ? error.message : String(error) };
    }
    const at = now();
    const iso = at.toISOString();
    let outcome: DeliveryOutcome;
    if ('skip' in result) outcome = { state: 'skipped', at: iso, error: result.skip };
    else if (result.ok) outcome = { state: 'sent', at: iso };
    else {
      const next = at.getTime() + nextAttemptDelay(delivery.attempts, backoff);
      outcome =
        result.permanent || next > Date.parse(delivery.giveUpAt)
          ? { state: 'failed', at: iso, error: result.error }
          : { state: 'retry', at: iso, nextAttemptAt: new Date(next).toISOString(), error: result.error };
    }
    await store.finishDelivery(delivery.id, worker, outcome);
    if (outcome.state === 'failed') await options.onGiveUp?.(delivery, outcome.error);
  }

  /** Claims and sends batches of one channel until none is due. */
  async function drain(channel: Channel, send: Sender): Promise<void> {
    while (!stopped) {
      const batch = await store.claimDeliveries({ channel, at: now().toISOString(), limit: concurrency * 4, leaseMs, worker });
      if (batch.length === 0) return;
      let next = 0;
      const lane = async () => {
        while (next < batch.length) await attempt(send, batch[next++]!);
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
    }
  }

  async function round(): Promise<void> {
    try {
      await options.expand(now());
      await Promise.all(Object.entries(senders).map(([channel, send]) => drain(channel as Channel, send)));
    } catch (error) {
      onError(error);
    }
  }

  /** One round at a time; a wake during a round runs one more after it. */
  function wake(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await round();
      } while (again && !stopped);
      running = null;
    })();
    return running;
  }

  return {
    /** Which worker this is (the claims' `claimedBy`). */
    id: worker,
    start(): void {
      stopped = false;
      timer = setInterval(() => void wake(), tickMs);
      timer.unref();
      unsubscribe = store.onCommit(() => void wake());
      void wake();
    },
    /** Runs one round now (tests, the CLI); resolves when it is done. */
    runOnce: wake,
    /** Stops claiming; resolves when the deliveries in flight are finished. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      unsubscribe?.();
      await running;
    },
  };
}

export type OutboxWorker = ReturnType<typeof createOutboxWorker>;
