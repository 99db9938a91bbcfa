import pg from 'pg';
import type { PoolClient } from 'pg';
import {
  eventScope,
  type Actor,
  type ChangeEvent,
  type Checkpoint,
  type ContentItem,
  type Incident,
  type Maintenance,
} from '@kdi-status/sdk';
import type { ApiKey } from '@kdi-status/sdk/admin';
import { publicKey, type ExportDocument, type StoredKey } from '@kdi-status/sdk/export';
import {
  assertCheckpointOnChain,
  chainImport,
  eventColumns,
  eventHash,
  eventRow,
  GENESIS_HASH,
  type HashedEventRow,
} from '../event-chain.js';
import {
  FINISHED_MAINTENANCE_SQL,
  guardUnavailable,
  type Change,
  type CommitResult,
  type IdempotentResponse,
  type Snapshot,
  type Store,
  type StoredSigningKey,
} from '../store.js';
import type { NoticeDraft } from '../notification-store.js';
import { POSTGRES_STORED_EVENT_COLUMNS, postgresMigrations } from './migrations.js';
import { postgresNotifications } from './postgres-notifications.js';

/** The channel every commit that appends events notifies, with its last sequence number. */
export const COMMIT_CHANNEL = 'kdi_status_events';

/** Advisory locks are two ints: our namespace ('kdi' in ASCII) and which lock. */
const LOCK_SPACE = 0x6b6469;
const MIGRATE_LOCK = 1;
const EXCLUSIVE_LOCK = 2;

const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;
/** A connection that cannot be made in this time, or a query not answered in this, means the database is away. */
const CONNECT_TIMEOUT_MS = 3_000;
const QUERY_TIMEOUT_MS = 15_000;

/** Node's socket errors that mean the server is not there (or not reachable). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  // Out of file descriptors: no new connection can be made now.
  'EMFILE',
  'ENFILE',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** SQLSTATEs of a server going away or unable to take work: shutting down, starting up, out of room. */
const UNAVAILABLE_SQLSTATES = /^(08|57P0[1-4]|53)/;
/** What pg itself says when a connection ended, never opened in time, or a query got no answer. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|Connection ended/i;

/**
 * Why an error of pg means "PostgreSQL is not available just now" (restarting, unreachable, out
 * of connections or disk), or undefined for every other error (a constraint, a bug).
 */
function unavailable(error: unknown): string | undefined {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return `PostgreSQL cannot be reached (${code}).`;
  if (typeof code === 'string' && UNAVAILABLE_SQLSTATES.test(code)) return `PostgreSQL is not available (${code}).`;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message)) return 'PostgreSQL is not available (connection lost).';
  // A failed connect to several addresses (localhost → ::1 and 127.0.0.1) comes as an AggregateError.
  if (error instanceof AggregateError) return error.errors.map(unavailable).find((why) => why !== undefined);
  return undefined;
}

// `json` columns come back parsed (pg parses them with JSON.parse), BIGINT as a string.
type DocRow = { doc: unknown };
type EventRow = { seq: string; at: string; actor: Actor; type: string; data: unknown; hash?: string | null };
type CheckpointRow = { seq: string; hash: string; at: string; key_id: string; signature: string };
type LogKeyRow = { key_id: string; public_key: string; created_at: string };
type KeyRow = { doc: ApiKey; secret_hash: string; last_used_at: string | null };

const docs = <T>(rows: DocRow[]): T[] => rows.map((r) => r.doc as T);
const json = (value: unknown) => JSON.stringify(value);
const toEvent = (row: EventRow) => ({ seq: Number(row.seq), at: row.at, actor: row.actor, type: row.type, data: row.data }) as ChangeEvent;
const toExportedEvent = (row: EventRow) => ({ ...toEvent(row), ...(row.hash ? { hash: row.hash } : {}) });
const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  seq: Number(row.seq),
  hash: row.hash,
  at: row.at,
  keyId: row.key_id,
  signature: row.signature,
});
const toLogKey = (row: LogKeyRow) => ({ keyId: row.key_id, publicKey: row.public_key, createdAt: row.created_at });
const toKey = (row: KeyRow): StoredKey => ({ ...row.doc, lastUsedAt: row.last_used_at, secretHash: row.secret_hash });
const cutoff = (now: string) => new Date(Date.parse(now) - IDEMPOTENCY_TTL_MS).toISOString();

/** One upsert per entity table; the change's entity is stored whole, with the columns queries use. */
const UPSERTS: Record<
  Exclude<Change['type'], 'content.deleted' | 'key.changed' | 'webhook.changed'>,
  { sql: string; params: (data: never) => unknown[] }
> = {
  'vendor.changed': {
    sql: 'INSERT INTO vendors (id, doc) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    params: (v: { id: string }) => [v.id, json(v)],
  },
  'component.changed': {
    sql: `INSERT INTO components (id, vendor, doc) VALUES ($1, $2, $3)
          ON CONFLICT (id) DO UPDATE SET vendor = excluded.vendor, doc = excluded.doc`,
    params: (c: { id: string; vendor: string }) => [c.id, c.vendor, json(c)],
  },
  'incident.changed': {
    sql: `INSERT INTO incidents (id, status, started_at, resolved_at, doc) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
            resolved_at = excluded.resolved_at, doc = excluded.doc`,
    params: (i: Incident) => [i.id, i.status, i.startedAt, i.resolvedAt, json(i)],
  },
  'maintenance.changed': {
    sql: `INSERT INTO maintenances (id, status, starts_at, ends_at, doc) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, starts_at = excluded.starts_at,
            ends_at = excluded.ends_at, doc = excluded.doc`,
    params: (m: Maintenance) => [m.id, m.status, m.startsAt, m.endsAt, json(m)],
  },
  'content.changed': {
    sql: `INSERT INTO content_items (id, component_id, type, date, doc) VALUES ($1, $2, $3, $4, $5)
          ON CONFLICT (id) DO UPDATE SET component_id = excluded.component_id, type = excluded.type, date = excluded.date,
            doc = excluded.doc`,
    params: (c: ContentItem) => [c.id, c.componentId, c.type, c.date, json(c)],
  },
};

const INSERT_EVENT = `INSERT INTO events (seq, at, actor, actor_id, type, subject_id, components, vendors, data, hash)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

/** A write transaction that appends events: it holds the event counter's row lock until it ends. */
interface Appender {
  client: PoolClient;
  /** Appends one event with the next sequence number. */
  append(type: string, subjectId: string, data: unknown, actor: Actor, at: string, scope: ReturnType<typeof eventScope>): Promise<number>;
  /** After an import: new events continue above `seq`. */
  continueAfter(seq: number): void;
}

/**
 * The store for several server instances sharing one PostgreSQL database (`DATABASE_URL=postgres://…`).
 * Same tables, same answers as the SQLite store; across processes, `exclusive` is an advisory lock
 * and `onCommit` hears every instance's commits through LISTEN/NOTIFY.
 *
 * @example
 * const store = openPostgresStore('postgres://status@db.internal/kdi_status');
 * await store.migrate();
 * store.onCommit((seq) => void readModel.refreshTo(seq));
 */
export function openPostgresStore(url: string, options: { poolSize?: number } = {}): Store {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    application_name: 'kdi-status',
    // Bounded, so a request meets a 503 rather than a hang when the database is away.
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
  });
  // An idle client whose connection dies is dropped by the pool and the next query opens a new
  // one; without a handler the 'error' event would crash the process.
  pool.on('error', () => undefined);
  // The pool listens only while a client is idle: one checked out (holding the advisory lock
  // while the work runs on others) would crash the process when the server shuts down. Its next
  // query fails instead, and the client is then destroyed, not reused.
  pool.on('connect', (client) => client.on('error', () => undefined));

  const listeners = new Set<(seq: number) => void>();
  /** The highest sequence number listeners were told: a commit is told once, in order, however it arrives. */
  let told = 0;
  let closed = false;
  let closing: Promise<void> | undefined;

  function tell(seq: number): void {
    if (closed || seq <= told) return;
    told = seq;
    for (const listener of listeners) listener(seq);
  }

  /** Runs `work` in `BEGIN … COMMIT` on one pooled client; any error rolls it all back. */
  async function transaction<T>(work: (client: PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query(begin);
      try {
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // With the connection gone a ROLLBACK would only wait for its own timeout: the server
        // rolls back what a lost connection left open.
        if (unavailable(error) !== undefined) broken = true;
        else await client.query('ROLLBACK').catch(() => (broken = true));
        throw error;
      }
    } catch (error) {
      if (unavailable(error) !== undefined) broken = true;
      throw error;
    } finally {
      // A client whose rollback failed may still be inside the transaction: never reuse it.
      client.release(broken);
    }
  }

  /**
   * A write transaction that may append events. Locking the counter row first serializes every
   * appending transaction across all instances, so sequence numbers are handed out in commit order;
   * the NOTIFY is sent by PostgreSQL only if and when the transaction commits.
   */
  async function appending<T>(work: (tx: Appender) => Promise<T>): Promise<T> {
    let first = 0;
    let last = 0;
    const result = await transaction(async (client) => {
      const { rows } = await client.query<{ last_seq: string }>('SELECT last_seq FROM event_counter FOR UPDATE');
      first = last = Number(rows[0]!.last_seq);
      // The previous hash is read under the counter's lock, so no other instance appends between.
      let previousHash: string | undefined;
      const result = await work({
        client,
        async append(type, subjectId, data, actor, at, scope) {
          if (previousHash === undefined) {
            const previous = await client.query<{ hash: string | null }>(
              'SELECT hash FROM events WHERE seq <= $1 ORDER BY seq DESC LIMIT 1',
              [last],
            );
            previousHash = previous.rows[0]?.hash ?? GENESIS_HASH;
          }
          last += 1;
          const row = eventRow(last, at, actor, type, subjectId, scope, data);
          previousHash = eventHash(previousHash, row);
          await client.query(INSERT_EVENT, [...eventColumns(row), previousHash]);
          return last;
        },
        continueAfter(seq) {
          last = Math.max(last, seq);
        },
      });
      if (last !== first) {
        await client.query('UPDATE event_counter SET last_seq = $1', [last]);
        await client.query('SELECT pg_notify($1, $2)', [COMMIT_CHANNEL, String(last)]);
      }
      return result;
    });
    // Our own commits are told at once (the notification that follows is then a no-op), so a
    // caller's listeners have heard of a commit by the time it resolves.
    if (last !== first) tell(last);
    return result;
  }

  /**
   * Runs `work` holding a session advisory lock on a dedicated client. The client is destroyed
   * unless the unlock went through: closing its connection is what frees the lock then.
   */
  async function holding<T>(lock: number, work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let unlocked = false;
    try {
      await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_SPACE, lock]);
      try {
        return await work(client);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_SPACE, lock]);
        unlocked = true;
      }
    } finally {
      client.release(!unlocked);
    }
  }

  async function apply(client: PoolClient, change: Change): Promise<void> {
    if (change.type === 'content.deleted') await client.query('DELETE FROM content_items WHERE id = $1', [change.data.id]);
    else if (change.type === 'key.changed') throw new Error('keys change through saveKey, which stores the hash');
    else if (change.type === 'webhook.changed')
      throw new Error('webhook endpoints change through saveWebhookEndpoint, which stores the secret');
    else {
      const upsert = UPSERTS[change.type];
      await client.query(upsert.sql, upsert.params(change.data as never));
    }
  }

  const notifications = postgresNotifications({ pool, transaction, appending });

  async function commitChanges(
    tx: Appender,
    changes: readonly Change[],
    actor: Actor,
    at: string,
    notices: readonly NoticeDraft[] = [],
  ): Promise<ChangeEvent[]> {
    const events: ChangeEvent[] = [];
    for (const change of changes) {
      await apply(tx.client, change);
      const seq = await tx.append(change.type, change.data.id, change.data, actor, at, eventScope(change, actor));
      events.push({ seq, at, actor, ...change } as ChangeEvent);
    }
    await notifications.writeNotices(tx.client, events, notices, at);
    return events;
  }

  async function storedResponse(client: PoolClient | pg.Pool, keyId: string, key: string, now: string) {
    const { rows } = await client.query<{ request_hash: string; status: number; body: unknown }>(
      'SELECT request_hash, status, body FROM idempotency_keys WHERE key_id = $1 AND idempotency_key = $2 AND created_at >= $3',
      [keyId, key, cutoff(now)],
    );
    const row = rows[0];
    return row && ({ keyId, key, requestHash: row.request_hash, status: row.status, body: row.body } satisfies IdempotentResponse);
  }

  const isEmpty = async (client: PoolClient) => (await client.query('SELECT 1 FROM events LIMIT 1')).rowCount === 0;
  const hasComponents = async (client: PoolClient) => (await client.query('SELECT 1 FROM components LIMIT 1')).rowCount !== 0;
  const doc = async <T>(sql: string, id: string) => (await pool.query<DocRow>(sql, [id])).rows[0]?.doc as T | undefined;

  // --- LISTEN: one dedicated connection per store, started by the first onCommit ---------------
  let listenClient: pg.Client | undefined;
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let reconnectDelay = RECONNECT_MIN_MS;

  function listen(): void {
    if (closed || listenClient) return;
    const client = new pg.Client({
      connectionString: url,
      application_name: 'kdi-status-listen',
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      keepAlive: true,
    });
    listenClient = client;
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      if (listenClient === client) listenClient = undefined;
      client.end().catch(() => undefined);
      if (closed) return;
      // Back off with jitter, so instances that lost the database together do not return together.
      reconnectTimer = setTimeout(listen, reconnectDelay * (0.5 + Math.random() / 2));
      reconnectTimer.unref?.();
      reconnectDelay = Math.min(reconnectDelay * 2, RECONNECT_MAX_MS);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (message) => {
      const seq = Number(message.payload);
      if (message.channel === COMMIT_CHANNEL && Number.isSafeInteger(seq)) tell(seq);
    });
    void (async () => {
      try {
        await client.connect();
        await client.query(`LISTEN ${COMMIT_CHANNEL}`);
        reconnectDelay = RECONNECT_MIN_MS;
        // Anything committed while we were not listening (before the first LISTEN, or while
        // reconnecting) is told now: listeners get the current last sequence number.
        const { rows } = await client.query<{ last_seq: string }>('SELECT last_seq FROM event_counter').catch(() => ({ rows: [] }));
        if (rows[0]) tell(Number(rows[0].last_seq));
      } catch {
        drop();
      }
    })();
  }

  const store: Store = {
    ...notifications.store,
    async migrate() {
      // The lock makes a second instance starting at the same time wait, then find it all done.
      await holding(MIGRATE_LOCK, async (client) => {
        await client.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
        );
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
        const applied = new Set(rows.map((r) => r.version));
        for (const migration of postgresMigrations) {
          if (applied.has(migration.version)) continue;
          await client.query('BEGIN');
          try {
            await client.query(migration.sql);
            await migration.after?.(client);
            await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
              migration.version,
              migration.name,
              new Date().toISOString(),
            ]);
            await client.query('COMMIT');
          } catch (error) {
            await client.query('ROLLBACK');
            throw error;
          }
        }
      });
    },

    async snapshot({ since }) {
      // One snapshot of the database for all five reads.
      return transaction(async (client): Promise<Snapshot> => {
        const last = (await client.query<{ seq: string; at: string }>('SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1')).rows[0];
        return {
          vendors: docs((await client.query<DocRow>('SELECT doc FROM vendors ORDER BY id')).rows),
          components: docs((await client.query<DocRow>('SELECT doc FROM components ORDER BY id')).rows),
          incidents: docs(
            (
              await client.query<DocRow>(
                'SELECT doc FROM incidents WHERE resolved_at IS NULL OR resolved_at >= $1 ORDER BY started_at DESC, id',
                [since],
              )
            ).rows,
          ),
          maintenances: docs(
            (
              await client.query<DocRow>(
                `SELECT doc FROM maintenances WHERE status NOT IN (${FINISHED_MAINTENANCE_SQL}) OR ends_at >= $1 ORDER BY starts_at, id`,
                [since],
              )
            ).rows,
          ),
          sequence: last ? Number(last.seq) : 0,
          lastEventAt: last?.at ?? null,
        };
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    async incident(id) {
      return doc<Incident>('SELECT doc FROM incidents WHERE id = $1', id);
    },
    async maintenance(id) {
      return doc<Maintenance>('SELECT doc FROM maintenances WHERE id = $1', id);
    },
    async incidentsDuring({ from, until }) {
      const { rows } = await pool.query<DocRow>(
        'SELECT doc FROM incidents WHERE started_at < $1 AND (resolved_at IS NULL OR resolved_at >= $2) ORDER BY started_at DESC, id',
        [until, from],
      );
      return docs(rows);
    },
    async finishedMaintenances({ limit, offset }) {
      const { rows } = await pool.query<DocRow>(
        `SELECT doc FROM maintenances WHERE status IN (${FINISHED_MAINTENANCE_SQL}) ORDER BY ends_at DESC, id LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      return docs(rows);
    },
    async contentItem(id) {
      return doc<ContentItem>('SELECT doc FROM content_items WHERE id = $1', id);
    },
    async contentItems({ componentId, type }) {
      const { rows } = await pool.query<DocRow>(
        `SELECT doc FROM content_items WHERE ($1::text IS NULL OR component_id = $1) AND ($2::text IS NULL OR type = $2)
         ORDER BY date DESC, id`,
        [componentId ?? null, type ?? null],
      );
      return docs(rows);
    },
    async incidentsOfComponent(componentIds, { limit, offset }) {
      // The affected components are inside the document: json_array_elements reads them.
      const where = `EXISTS (SELECT 1 FROM json_array_elements(incidents.doc->'components') AS c WHERE c->>'id' = ANY($1::text[]))`;
      const { rows } = await pool.query<DocRow & { total: string }>(
        `WITH matching AS (SELECT id, started_at, doc FROM incidents WHERE ${where})
         SELECT (SELECT count(*) FROM matching) AS total, page.doc
         FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT doc, started_at, id FROM matching ORDER BY started_at DESC, id LIMIT $2 OFFSET $3) AS page ON true
         ORDER BY page.started_at DESC, page.id`,
        [componentIds, limit, offset],
      );
      return { total: Number(rows[0]?.total ?? 0), incidents: docs<Incident>(rows.filter((r) => r.doc !== null)) };
    },
    async disputedIncidents() {
      const { rows } = await pool.query<DocRow>(
        `SELECT doc FROM incidents WHERE doc->'causedBy'->>'state' = 'disputed'
         ORDER BY (doc->'causedBy'->'dispute'->>'at') COLLATE "C", id`,
      );
      return docs(rows);
    },

    async commit(changes, actor, at, notices) {
      return appending((tx) => commitChanges(tx, changes, actor, at, notices));
    },
    async commitIdempotent(changes, actor, at, response, notices) {
      return appending(async (tx): Promise<CommitResult> => {
        await tx.client.query('DELETE FROM idempotency_keys WHERE created_at < $1', [cutoff(at)]);
        // The unique key decides: of two requests with one key, one inserts, the other replays.
        const inserted = await tx.client.query(
          `INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, status, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (key_id, idempotency_key) DO NOTHING`,
          [response.keyId, response.key, response.requestHash, response.status, json(response.body), at],
        );
        if (inserted.rowCount === 0) {
          const stored = await storedResponse(tx.client, response.keyId, response.key, at);
          if (!stored) throw new Error(`idempotency key "${response.key}" conflicts but has no stored response`);
          return { replay: stored };
        }
        return { events: await commitChanges(tx, changes, actor, at, notices) };
      });
    },
    async idempotentResponse(keyId, key, at = new Date().toISOString()) {
      return storedResponse(pool, keyId, key, at);
    },
    async commitIfNoComponents(changes, actor, at) {
      // Under the counter lock, so of two instances starting on an empty database one seeds and
      // the other, waiting for the lock, then finds its components.
      return appending(async (tx) => ((await hasComponents(tx.client)) ? null : commitChanges(tx, changes, actor, at)));
    },

    async eventsAfter(afterSeq, limit) {
      const { rows } = await pool.query<EventRow>('SELECT seq, at, actor, type, data FROM events WHERE seq > $1 ORDER BY seq LIMIT $2', [
        afterSeq,
        limit,
      ]);
      return rows.map(toEvent);
    },
    async audit(query) {
      const { rows } = await pool.query<EventRow>(
        `SELECT seq, at, actor, type, data FROM events
         WHERE seq > $1 AND ($2::text IS NULL OR components LIKE $2) AND ($3::text IS NULL OR vendors LIKE $3)
           AND ($4::text IS NULL OR actor_id = $4) AND ($5::text IS NULL OR at >= $5) AND ($6::text IS NULL OR at < $6)
         ORDER BY seq LIMIT $7`,
        [
          query.after ?? 0,
          query.component ? `%,${query.component},%` : null,
          query.vendor ? `%,${query.vendor},%` : null,
          query.actor ?? null,
          query.since ?? null,
          query.until ?? null,
          query.limit ?? 100,
        ],
      );
      return rows.map(toEvent);
    },

    async eventRows(afterSeq, limit) {
      const { rows } = await pool.query<Omit<HashedEventRow, 'seq'> & { seq: string }>(
        `SELECT ${POSTGRES_STORED_EVENT_COLUMNS}, hash FROM events WHERE seq > $1 ORDER BY seq LIMIT $2`,
        [afterSeq, limit],
      );
      return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
    },
    async chainHead() {
      const row = (await pool.query<{ seq: string; hash: string | null }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1'))
        .rows[0];
      return row ? { seq: Number(row.seq), hash: row.hash } : null;
    },
    async eventHash(seq) {
      return (await pool.query<{ hash: string | null }>('SELECT hash FROM events WHERE seq = $1', [seq])).rows[0]?.hash;
    },
    async generatedSigningKey(candidate) {
      // Of instances starting at once, one inserts; every one reads the row that won.
      await pool.query(
        `INSERT INTO log_signing_key (key_id, private_key, public_key, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (singleton) DO NOTHING`,
        [candidate.keyId, candidate.privateKey, candidate.publicKey, candidate.createdAt],
      );
      const row = (
        await pool.query<{ key_id: string; private_key: string; public_key: string; created_at: string }>(
          'SELECT key_id, private_key, public_key, created_at FROM log_signing_key',
        )
      ).rows[0]!;
      return {
        keyId: row.key_id,
        privateKey: row.private_key,
        publicKey: row.public_key,
        createdAt: row.created_at,
      } satisfies StoredSigningKey;
    },
    async saveLogKey(key) {
      await pool.query('INSERT INTO log_keys (key_id, public_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING', [
        key.keyId,
        key.publicKey,
        key.createdAt,
      ]);
    },
    async logKeys() {
      return (await pool.query<LogKeyRow>('SELECT key_id, public_key, created_at FROM log_keys ORDER BY created_at, key_id')).rows.map(
        toLogKey,
      );
    },
    async saveCheckpoint(checkpoint) {
      const inserted = await pool.query(
        'INSERT INTO log_checkpoints (seq, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING',
        [checkpoint.seq, checkpoint.hash, checkpoint.at, checkpoint.keyId, checkpoint.signature],
      );
      return (inserted.rowCount ?? 0) > 0;
    },
    async checkpoints({ limit, beforeSeq }) {
      const { rows } = await pool.query<CheckpointRow>(
        'SELECT seq, hash, at, key_id, signature FROM log_checkpoints WHERE $1::bigint IS NULL OR seq < $1 ORDER BY seq DESC LIMIT $2',
        [beforeSeq ?? null, limit],
      );
      return rows.map(toCheckpoint);
    },
    async saveKey(key, actor, at) {
      return appending(async (tx): Promise<ChangeEvent> => {
        const data = publicKey(key);
        await tx.client.query(
          `INSERT INTO api_keys (id, secret_hash, last_used_at, doc) VALUES ($1, $2, $3, $4)
           ON CONFLICT (id) DO UPDATE SET secret_hash = excluded.secret_hash, doc = excluded.doc`,
          [key.id, key.secretHash, key.lastUsedAt, json(data)],
        );
        const change = { type: 'key.changed', data } as const;
        const seq = await tx.append(change.type, key.id, data, actor, at, eventScope(change, actor));
        return { seq, at, actor, ...change };
      });
    },
    async key(id) {
      const row = (await pool.query<KeyRow>('SELECT doc, secret_hash, last_used_at FROM api_keys WHERE id = $1', [id])).rows[0];
      return row && toKey(row);
    },
    async keys() {
      const { rows } = await pool.query<KeyRow>('SELECT doc, secret_hash, last_used_at FROM api_keys ORDER BY id');
      return rows.map(toKey).map(publicKey);
    },
    async touchKey(id, at) {
      await pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
    },

    async exportState(at) {
      return transaction(async (client): Promise<ExportDocument> => {
        const rows = async <R extends object>(sql: string) => (await client.query<R>(sql)).rows;
        return {
          format: 'kdi-status-export',
          version: 1,
          exportedAt: at,
          vendors: docs(await rows('SELECT doc FROM vendors ORDER BY id')),
          components: docs(await rows('SELECT doc FROM components ORDER BY id')),
          incidents: docs(await rows('SELECT doc FROM incidents ORDER BY started_at, id')),
          maintenances: docs(await rows('SELECT doc FROM maintenances ORDER BY starts_at, id')),
          content: docs(await rows('SELECT doc FROM content_items ORDER BY component_id, date, id')),
          keys: (await rows<KeyRow>('SELECT doc, secret_hash, last_used_at FROM api_keys ORDER BY id')).map(toKey),
          events: (await rows<EventRow>('SELECT seq, at, actor, type, data, hash FROM events ORDER BY seq')).map(toExportedEvent),
          ...(await notifications.exportRows(client)),
          checkpoints: (await rows<CheckpointRow>('SELECT seq, hash, at, key_id, signature FROM log_checkpoints ORDER BY seq')).map(
            toCheckpoint,
          ),
          logKeys: (await rows<LogKeyRow>('SELECT key_id, public_key, created_at FROM log_keys ORDER BY created_at, key_id')).map(toLogKey),
        };
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    },
    async importState(state) {
      await appending(async (tx) => {
        if (!(await isEmpty(tx.client))) throw new Error('The database is not empty: import only into a new database.');
        for (const data of state.vendors) await apply(tx.client, { type: 'vendor.changed', data });
        for (const data of state.components) await apply(tx.client, { type: 'component.changed', data });
        for (const data of state.incidents) await apply(tx.client, { type: 'incident.changed', data });
        for (const data of state.maintenances) await apply(tx.client, { type: 'maintenance.changed', data });
        for (const data of state.content) await apply(tx.client, { type: 'content.changed', data });
        for (const key of state.keys) {
          await tx.client.query('INSERT INTO api_keys (id, secret_hash, last_used_at, doc) VALUES ($1, $2, $3, $4)', [
            key.id,
            key.secretHash,
            key.lastUsedAt,
            json(publicKey(key)),
          ]);
        }
        // Events keep their original sequence numbers and their chain (checked, or computed for an
        // export made before it); one statement, however long the log.
        const chained = chainImport(state.events, (event) => eventScope(event as Change, event.actor));
        const columns: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
        for (const row of chained) {
          const values = [...eventColumns(row), row.hash];
          values.forEach((value, i) => columns[i]!.push(value));
        }
        await tx.client.query(
          `INSERT INTO events (seq, at, actor, actor_id, type, subject_id, components, vendors, data, hash)
           SELECT * FROM unnest($1::bigint[], $2::text[], $3::json[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::json[], $10::text[])`,
          columns,
        );
        tx.continueAfter(state.events.reduce((max, e) => Math.max(max, e.seq), 0));
        await notifications.importRows(tx.client, state.subscribers ?? [], state.webhookEndpoints ?? []);
        for (const key of state.logKeys ?? [])
          await tx.client.query(
            'INSERT INTO log_keys (key_id, public_key, created_at) VALUES ($1, $2, $3) ON CONFLICT (key_id) DO NOTHING',
            [key.keyId, key.publicKey, key.createdAt],
          );
        const hashes = new Map(chained.map((row) => [row.seq, row.hash]));
        for (const checkpoint of state.checkpoints ?? []) {
          assertCheckpointOnChain(checkpoint, hashes.get(checkpoint.seq));
          await tx.client.query('INSERT INTO log_checkpoints (seq, hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5)', [
            checkpoint.seq,
            checkpoint.hash,
            checkpoint.at,
            checkpoint.keyId,
            checkpoint.signature,
          ]);
        }
      });
    },

    exclusive: (() => {
      // One waiter per process on the advisory lock: the others queue here, not on pooled clients
      // the work itself needs.
      let queue: Promise<unknown> = Promise.resolve();
      return <T>(work: () => Promise<T>): Promise<T> => {
        const next = queue.then(() => holding(EXCLUSIVE_LOCK, work));
        queue = next.catch(() => undefined);
        return next;
      };
    })(),
    onCommit(listener) {
      listeners.add(listener);
      listen();
      return () => listeners.delete(listener);
    },

    async close() {
      closing ??= (async () => {
        closed = true;
        listeners.clear();
        clearTimeout(reconnectTimer);
        await listenClient?.end().catch(() => undefined);
        await pool.end();
      })();
      return closing;
    },
  };
  return guardUnavailable(store, unavailable);
}
