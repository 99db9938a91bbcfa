import { createHash } from 'node:crypto';
import type { LogFailureReason } from '@kdi-status/sdk/admin';

/**
 * One row of the `events` table exactly as it is stored: every column as its text (`actor` and
 * `data` are the JSON the writer produced, kept byte for byte by SQLite `TEXT` and PostgreSQL
 * `json`). The chain hash covers all of it, so changing any byte of a stored event shows.
 */
export interface StoredEventRow {
  seq: number;
  at: string;
  actor: string;
  actorId: string;
  type: string;
  subjectId: string;
  components: string;
  vendors: string;
  data: string;
}

/** A stored row with its hash (null: a row written without one, which verify reports). */
export interface HashedEventRow extends StoredEventRow {
  hash: string | null;
}

/** What the chain starts from: the "previous hash" of sequence number 1. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The text an event's hash is computed over: a JSON array of the previous hash and the row's
 * columns in table order (`seq` as a number). JSON makes it unambiguous (no column can run into
 * the next); see docs/adr/0021-tamper-evident-log.md.
 *
 * @example
 * canonicalEventText(GENESIS_HASH, row); // '["000…",1,"2026-11-26T08:00:00.000Z","{\"type\":\"system\",…}",…]'
 */
export function canonicalEventText(previousHash: string, row: StoredEventRow): string {
  return JSON.stringify([previousHash, ...eventColumns(row)]);
}

/**
 * The row's columns in table order, `seq` first: what the hash covers after the previous hash,
 * and the values of every store's `INSERT INTO events (seq, at, actor, actor_id, type,
 * subject_id, components, vendors, data …)`.
 *
 * @example
 * run(INSERT_EVENT, ...eventColumns(row), hash);
 */
export function eventColumns(row: StoredEventRow): [number, string, string, string, string, string, string, string, string] {
  return [row.seq, row.at, row.actor, row.actorId, row.type, row.subjectId, row.components, row.vendors, row.data];
}

/**
 * The hash of one event in the chain: SHA-256 (lowercase hex) of its canonical text, which
 * includes the previous event's hash (or `GENESIS_HASH` for the first).
 *
 * @example
 * const hash = eventHash(previous?.hash ?? GENESIS_HASH, row);
 */
export function eventHash(previousHash: string, row: StoredEventRow): string {
  return createHash('sha256').update(canonicalEventText(previousHash, row), 'utf8').digest('hex');
}

/** Lists of ids in the event log are stored as `,a,b,` (one `LIKE '%,a,%'` filters them). */
export const idList = (ids: readonly string[]) => `,${ids.join(',')},`;

/**
 * The row an event becomes: the columns the stores write, from the event's parts and its scope.
 *
 * @example
 * const row = eventRow(seq, at, actor, 'incident.changed', incident.id, eventScope(change, actor), incident);
 */
export function eventRow(
  seq: number,
  at: string,
  actor: { id: string },
  type: string,
  subjectId: string,
  scope: { components: readonly string[]; vendors: readonly string[] },
  data: unknown,
): StoredEventRow {
  return {
    seq,
    at,
    actor: JSON.stringify(actor),
    actorId: actor.id,
    type,
    subjectId,
    components: idList(scope.components),
    vendors: idList(scope.vendors),
    data: JSON.stringify(data),
  };
}

/** The first sequence number of a chain that does not verify, why, and a sentence saying so. */
export interface ChainFailure {
  seq: number;
  reason: LogFailureReason;
  message: string;
}

/**
 * Walks a chain one stored row at a time, in sequence order, and says of each row whether it
 * verifies: its hash must be what its columns and the previous row's hash give. A row whose hash
 * does not match after a gap in the sequence is reported as the gap (the first missing number):
 * events were removed. A gap the hashes were computed across (an old, pruned log imported)
 * verifies: the hashes are the authority, the gap only the better diagnosis.
 *
 * @example
 * const walker = chainWalker();
 * for (const row of rows) { const failure = walker.check(row); if (failure) return failure; }
 */
export function chainWalker(start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH }) {
  let previous = start;
  return {
    /** The last row that verified (seq 0 and the genesis hash before the first). */
    get head() {
      return previous;
    },
    /** The hash the row must have after the rows checked so far. */
    expected(row: StoredEventRow): string {
      return eventHash(previous.hash, row);
    },
    check(row: HashedEventRow): ChainFailure | undefined {
      if (row.seq <= previous.seq)
        return { seq: row.seq, reason: 'seq_gap', message: `Event ${row.seq} comes after event ${previous.seq}: the log is out of order.` };
      if (row.hash === null) return { seq: row.seq, reason: 'missing_hash', message: `Event ${row.seq} has no hash.` };
      if (eventHash(previous.hash, row) !== row.hash) {
        const missing = previous.seq + 1;
        if (row.seq !== missing) {
          const which = row.seq - 1 === missing ? `Event ${missing} is` : `Events ${missing} to ${row.seq - 1} are`;
          return { seq: missing, reason: 'seq_gap', message: `${which} missing from the log.` };
        }
        return {
          seq: row.seq,
          reason: 'hash_mismatch',
          message: `Event ${row.seq} does not match its hash: it was changed after it was written (or its hash was).`,
        };
      }
      previous = { seq: row.seq, hash: row.hash };
      return undefined;
    },
  };
}

/**
 * A log that does not verify where it must: an import whose chain is broken, named by the first
 * sequence number that does not verify.
 *
 * @example
 * if (error instanceof LogChainError) console.error(`refused at seq ${error.seq}`);
 */
export class LogChainError extends Error {
  constructor(readonly failure: ChainFailure) {
    super(`The event log does not verify at sequence ${failure.seq} (${failure.reason}): ${failure.message}`);
    this.name = 'LogChainError';
  }
}

/**
 * The rows an exported log becomes, with their hashes: computed when the export has none (it was
 * made before the chain), checked when it has them — every event must carry one, and each must be
 * what the event and the previous hash give, or the import is refused naming the sequence number.
 * `scope` derives the scope columns as the stores write them.
 *
 * @example
 * const rows = chainImport(doc.events, (event) => eventScope(event, event.actor));
 */
export function chainImport<
  E extends { seq: number; at: string; actor: { id: string }; type: string; data: { id: string }; hash?: string },
>(events: readonly E[], scope: (event: E) => { components: readonly string[]; vendors: readonly string[] }): HashedEventRow[] {
  const hashed = events.some((event) => event.hash !== undefined);
  const walker = chainWalker();
  return events.map((event) => {
    const row = eventRow(event.seq, event.at, event.actor, event.type, event.data.id, scope(event), event.data);
    const hash = hashed ? (event.hash ?? null) : walker.expected(row);
    const failure = walker.check({ ...row, hash });
    if (failure) throw new LogChainError(failure);
    return { ...row, hash };
  });
}

/**
 * Computes the hashes of a log written before the chain (the migration that adds it), page by
 * page in sequence order; `update` stores each.
 *
 * @example
 * backfillHashes((after) => page.all(after), (seq, hash) => update.run(hash, seq));
 */
export function backfillHashes(page: (afterSeq: number) => StoredEventRow[], update: (seq: number, hash: string) => void): void {
  let previous = GENESIS_HASH;
  let after = 0;
  for (let rows = page(after); rows.length > 0; rows = page(after)) {
    for (const row of rows) {
      previous = eventHash(previous, row);
      update(row.seq, previous);
      after = row.seq;
    }
  }
}

/**
 * Refuses a checkpoint whose hash is not the chain's at its sequence number (`hash`: the chain's,
 * undefined when the log has no such event).
 *
 * @example
 * assertCheckpointOnChain(checkpoint, hashes.get(checkpoint.seq));
 */
export function assertCheckpointOnChain(checkpoint: { seq: number; hash: string }, hash: string | null | undefined): void {
  if (hash === undefined)
    throw new LogChainError({
      seq: checkpoint.seq,
      reason: 'checkpoint_beyond_log',
      message: `A checkpoint names event ${checkpoint.seq}, which the log does not have.`,
    });
  if (hash !== checkpoint.hash)
    throw new LogChainError({
      seq: checkpoint.seq,
      reason: 'checkpoint_mismatch',
      message: `The checkpoint of event ${checkpoint.seq} names another hash than the log has.`,
    });
}
