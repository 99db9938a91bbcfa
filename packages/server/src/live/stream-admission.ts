import { TryLaterError } from '../domain/errors.js';

/** How long a refused client is asked to wait before it tries the stream again. */
export const STREAM_RETRY_AFTER_SECONDS = 30;

/** A stream's reserved slot, from its admission until its socket closes. */
export interface Admission {
  readonly address: string;
  released: boolean;
}

/**
 * Caps on open streams, per client address and in total. A slot is reserved when the request is
 * admitted, before the hub has subscribed it, so a burst of connects cannot all pass while their
 * subscriptions wait in the hub's queue.
 *
 * @example
 * const admission = createStreamAdmission({ maxStreamsPerAddress: 1000, maxStreams: 20_000 });
 * const slot = admission.admit('10.0.0.7'); // throws TryLaterError (429 or 503) when full
 * admission.release(slot);
 */
export function createStreamAdmission(caps: { maxStreamsPerAddress: number; maxStreams: number }) {
  const perAddress = new Map<string, number>();
  let total = 0;
  const refused = { perAddress: 0, total: 0 };

  /** Why a stream from `address` would be refused now, or null. */
  function refusal(address: string): TryLaterError | null {
    if ((perAddress.get(address) ?? 0) >= caps.maxStreamsPerAddress)
      return new TryLaterError(
        429,
        'too_many_streams',
        `At most ${caps.maxStreamsPerAddress} streams per client address; close one or try again later.`,
        STREAM_RETRY_AFTER_SECONDS,
      );
    if (total >= caps.maxStreams)
      return new TryLaterError(
        503,
        'stream_capacity',
        `The server holds its maximum of ${caps.maxStreams} streams; try again later.`,
        STREAM_RETRY_AFTER_SECONDS,
      );
    return null;
  }

  return {
    /** Throws the refusal a stream from `address` would get now (for HEAD), or returns. */
    check(address: string): void {
      const error = refusal(address);
      if (error) throw error;
    },

    /** Reserves a slot for a stream from `address`, or throws TryLaterError: 429 over the address's cap, 503 over the total. */
    admit(address: string): Admission {
      const error = refusal(address);
      if (error) {
        refused[error.status === 429 ? 'perAddress' : 'total']++;
        throw error;
      }
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      total++;
      return { address, released: false };
    },

    /** Frees a slot; a second release of the same one does nothing. */
    release(slot: Admission): void {
      if (slot.released) return;
      slot.released = true;
      total--;
      const left = (perAddress.get(slot.address) ?? 1) - 1;
      if (left > 0) perAddress.set(slot.address, left);
      else perAddress.delete(slot.address);
    },

    /** Slots held, distinct addresses holding them, and refusals so far. */
    stats() {
      return { streams: total, addresses: perAddress.size, refusedPerAddress: refused.perAddress, refusedTotal: refused.total };
    },
  };
}
