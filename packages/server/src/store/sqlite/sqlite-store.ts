import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { publicKey, type ExportDocument, type ExportedLogKey, type StoredKey } from '@kdi-status/sdk/export';
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
import { sqliteMigrations } from './migrations.js';
import { sqliteNotifications } from './sqlite-notifications.js';

type Row = { doc: string };
type EventRow = { seq: number; at: string; actor: string; type: string; data: string; hash: string | null };
type CheckpointRow = { seq: number; hash: string; at: string; key_id: string; signature: string };
/** The events table's columns as stored, named as `HashedEventRow` names them. */
const STORED_EVENT_COLUMNS = 'seq, at, actor, actor_id AS actorId, type, subject_id AS subjectId, components, vendors, data, hash';
/** What a table cell holds, as the text the hash covers (a cell changed to a number or a blob by hand included). */
const cellText = (value: unknown) =>
  value === null || value === undefined ? '' : Buffer.isBuffer(value) ? value.toString('latin1') : String(value);
const toStoredRow = (row: Record<string, unknown>): HashedEventRow => ({
  seq: Number(row.seq),
  at: cellText(row.at),
  actor: cellText(row.actor),
  actorId: cellText(row.actorId),
  type: cellText(row.type),
  subjectId: cellText(row.subjectId),
  components: cellText(row.components),
  vendors: cellText(row.vendors),
  data: cellText(row.data),
  hash: row.hash === null ? null : cellText(row.hash),
});
const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  seq: row.seq,
  hash: row.hash,
  at: row.at,
  keyId: row.key_id,
  signature: row.signature,
});

const docs = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.doc) as T);
const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** How often the file is checked for commits by other processes (the CLI): a cheap pragma. */
const DATA_VERSION_POLL_MS = 250;

/**
 * SQLite's answer when the disk cannot take a write — full, read-only, failing, or the file gone
 * (`SQLITE_BUSY`: another process held the lock beyond `busy_timeout`) — as a reason, else undefined.
 */
function unavailable(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_FULL')) return 'The disk under the database is full.';
  if (code.startsWith('SQLITE_READONLY')) return 'The database file is read-only.';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'The database file cannot be written.';
  if (code.startsWith('SQLITE_BUSY')) return 'The database is locked by another process.';
  return undefined;
}

/** One upsert per entity table; the change's entity is stored whole, with the columns queries use. */
const UPSERTS: Record<
  Exclude<Change['type'], 'content.deleted' | 'key.changed' | 'webhook.changed'>,
  { sql: string; params: (data: never) => unknown[] }
> = {
  'vendor.changed': {
    sql: 'INSERT INTO vendors (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc',
    params: (v: { id: string }) => [v.id, JSON.stringify(v)],
  },
  'component.changed': {
    sql: 'INSERT INTO components (id, vendor, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET vendor = excluded.vendor, doc = excluded.doc',
    params: (c: { id: string; vendor: string }) => [c.id, c.vendor, JSON.stringify(c)],
  },
  'incident.changed': {
    sql: `INSERT INTO incidents (id, status, started_at, resolved_at, doc) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at,
            resolved_at = excluded.resolved_at, doc = excluded.doc`,
    params: (i: Incident) => [i.id, i.status, i.startedAt, i.resolvedAt, JSON.stringify(i)],
  },
  'maintenance.changed': {
    sql: `INSERT INTO maintenances (id, status, starts_at, ends_at, doc) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET status = excluded.status, starts_at = excluded.starts_at,
            ends_at = excluded.ends_at, doc = excluded.doc`,
    params: (m: Maintenance) => [m.id, m.status, m.startsAt, m.endsAt, JSON.stringify(m)],
  },
  'content.changed': {
    sql: `INSERT INTO content_items (id, component_id, type, date, doc) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (id) DO UPDATE SET component_id = excluded.component_id, type = excluded.type, date = excluded.date, doc = excluded.doc`,
    params: (c: ContentItem) => [c.id, c.componentId, c.type, c.date, JSON.stringify(c)],
  },
};

/**
 * The embedded store: one SQLite file in WAL mode, nothing to set up. better-sqlite3 is
 * synchronous, so each method does its work in one uninterrupted step and a transaction can
 * never interleave with another inside this process.
 *
 * `synchronous = FULL`: an acknowledged write is in the WAL on disk, so it survives a power loss, not
 * only a crash of the process (NORMAL would lose the last commits then). `synchronous` is for the
 * benchmark that prices this (bench/sqlite-synchronous.mjs); the server never passes it.
 *
 * @example
 * const store = openSqliteStore('./data/kdi-status.db');
 * await store.migrate();
 */
export function openSqliteStore(file: string, options: { synchronous?: 'FULL' | 'NORMAL' } = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  // The wait for another process's lock first: switching a fresh file to WAL takes that lock too.
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${options.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
  const listeners = new Set<(seq: number) => void>();
  /** The highest sequence number listeners were told: each commit is told once, however it was noticed. */
  let told = 0;
  const lastSeq = () => one<{ seq: number }>('SELECT seq FROM events ORDER BY seq DESC LIMIT 1')?.seq ?? 0;
  const tell = (seq: number) => {
    if (seq <= told) return;
    told = seq;
    for (const listener of listeners) listener(seq);
  };
  /** Tells listeners about a commit of this process (others' are found by `poll`). */
  const committed = <T>(result: T, appended: boolean): T => {
    if (appended) tell(lastSeq());
    return result;
  };
  // Other processes write the file too (the CLI's keys and import). data_version changes when
  // another connection commits, so one pragma per tick finds them; only then is the log read.
  let pollTimer: ReturnType<typeof setInterval> | undefined;
  let dataVersion: unknown;
  function poll(): void {
    try {
      const version = db.pragma('data_version', { simple: true });
      if (version === dataVersion) return;
      dataVersion = version;
      tell(lastSeq());
    } catch {
      // A disk gone or a file not yet migrated: the next tick tries again; writes report the error.
    }
  }
  let exclusiveQueue: Promise<unknown> = Promise.resolve();
  // Statements are prepared when used, not here: the tables exist only after migrate().
  const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T | undefined;
  const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
  const run = (sql: string, ...params: unknown[]) => db.prepare(sql).run(...params);
  const doc = <T>(sql: string, id: string) => {
    const row = one<Row>(sql, id);
    return row ? (JSON.parse(row.doc) as T) : undefined;
  };

  function appendEvent(
    type: string,
    subjectId: string,
    data: unknown,
    scope: { components: string[]; vendors: string[] },
    actor: Actor,
    at: string,
  ) {
    // The caller's transaction holds the write lock (BEGIN IMMEDIATE), so the previous hash read
    // here is the last event's when this one commits. AUTOINCREMENT hands out the seq on insert;
    // the hash, which covers it, is set right after, in the same transaction.
    const previous = one<{ hash: string | null }>('SELECT hash FROM events ORDER BY seq DESC LIMIT 1');
    const row = eventRow(0, at, actor, type, subjectId, scope, data);
    const { seq } = one<{ seq: number }>(
      'INSERT INTO events (at, actor, actor_id, type, subject_id, components, vendors, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq',
      ...eventColumns(row).slice(1),
    )!;
    run('UPDATE events SET hash = ? WHERE seq = ?', eventHash(previous?.hash ?? GENESIS_HASH, { ...row, seq }), seq);
    return seq;
  }

  function apply(change: Change): void {
    if (change.type === 'content.deleted') run('DELETE FROM content_items WHERE id = ?', change.data.id);
    else if (change.type === 'key.changed') throw new Error('keys change through saveKey, which stores the hash');
    else if (change.type === 'webhook.changed')
      throw new Error('webhook endpoints change through saveWebhookEndpoint, which stores the secret');
    else {
      const upsert = UPSERTS[change.type];
      run(upsert.sql, ...upsert.params(change.data as never));
    }
  }

  const notifications = sqliteNotifications(db, appendEvent, (result, appended) => committed(result, appended));

  const commitNow = (changes: readonly Change[], actor: Actor, at: string, notices: readonly NoticeDraft[] = []): ChangeEvent[] => {
    const events = changes.map((change) => {
      apply(change);
      const seq = appendEvent(change.type, change.data.id, change.data, eventScope(change, actor), actor, at);
      return { seq, at, actor, ...change } as ChangeEvent;
    });
    notifications.writeNotices(events, notices, at);
    return events;
  };

  const storedResponse = (keyId: string, key: string, now: string): IdempotentResponse | undefined => {
    const cutoff = new Date(Date.parse(now) - IDEMPOTENCY_TTL_MS).toISOString();
    const row = one<{ request_hash: string; status: number; body: string }>(
      'SELECT request_hash, status, body FROM idempotency_keys WHERE key_id = ? AND idempotency_key = ? AND created_at >= ?',
      keyId,
      key,
      cutoff,
    );
    return row && { keyId, key, requestHash: row.request_hash, status: row.status, body: JSON.parse(row.body) };
  };

  const commit = db.transaction(commitNow);
  const commitIfNoComponents = db.transaction((changes: readonly Change[], actor: Actor, at: string) =>
    one('SELECT 1 FROM components LIMIT 1') ? null : commitNow(changes, actor, at),
  );
  const commitIdempotent = db.transaction(
    (changes: readonly Change[], actor: Actor, at: string, response: IdempotentResponse, notices: readonly NoticeDraft[] = []) => {
      const existing = storedResponse(response.keyId, response.key, at);
      if (existing) return { replay: existing };
      run('DELETE FROM idempotency_keys WHERE created_at < ?', new Date(Date.parse(at) - IDEMPOTENCY_TTL_MS).toISOString());
      run(
        `INSERT INTO idempotency_keys (key_id, idempotency_key, request_hash, status, body, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key_id, idempotency_key) DO UPDATE SET request_hash = excluded.request_hash, status = excluded.status,
         body = excluded.body, created_at = excluded.created_at`,
        response.keyId,
        response.key,
        response.requestHash,
        response.status,
        JSON.stringify(response.body),
        at,
      );
      return { events: commitNow(changes, actor, at, notices) };
    },
  );

  const saveKey = db.transaction((key: StoredKey, actor: Actor, at: string): ChangeEvent => {
    const data = publicKey(key);
    run(
      `INSERT INTO api_keys (id, secret_hash, last_used_at, doc) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET secret_hash = excluded.secret_hash, doc = excluded.doc`,
      key.id,
      key.secretHash,
      key.lastUsedAt,
      JSON.stringify(data),
    );
    const change = { type: 'key.changed', data } as const;
    const seq = appendEvent(change.type, key.id, data, eventScope(change, actor), actor, at);
    return { seq, at, actor, ...change };
  });

  const toEvent = (row: Omit<EventRow, 'hash'>) =>
    ({ seq: row.seq, at: row.at, actor: JSON.parse(row.actor), type: row.type, data: JSON.parse(row.data) }) as ChangeEvent;
  // An exported event carries its hash (the import checks the chain with it).
  const toExportedEvent = (row: EventRow) => ({ ...toEvent(row), ...(row.hash === null ? {} : { hash: row.hash }) });
  const toKey = (row: { doc: string; secret_hash: string; last_used_at: string | null }): StoredKey => ({
    ...(JSON.parse(row.doc) as ApiKey),
    lastUsedAt: row.last_used_at,
    secretHash: row.secret_hash,
  });

  const snapshot = db.transaction((since: string): Snapshot => {
    const last = one<{ seq: number; at: string }>('SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1');
    return {
      vendors: docs(all('SELECT doc FROM vendors ORDER BY id')),
      components: docs(all('SELECT doc FROM components ORDER BY id')),
      incidents: docs(all('SELECT doc FROM incidents WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY started_at DESC, id', since)),
      maintenances: docs(
        all(`SELECT doc FROM maintenances WHERE status NOT IN (${FINISHED_MAINTENANCE_SQL}) OR ends_at >= ? ORDER BY starts_at, id`, since),
      ),
      sequence: last?.seq ?? 0,
      lastEventAt: last?.at ?? null,
    };
  });

  const exportState = db.transaction((at: string): ExportDocument => ({
    format: 'kdi-status-export',
    version: 1,
    exportedAt: at,
    vendors: docs(all('SELECT doc FROM vendors ORDER BY id')),
    components: docs(all('SELECT doc FROM components ORDER BY id')),
    incidents: docs(all('SELECT doc FROM incidents ORDER BY started_at, id')),
    maintenances: docs(all('SELECT doc FROM maintenances ORDER BY starts_at, id')),
    content: docs(all('SELECT doc FROM content_items ORDER BY component_id, date, id')),
    keys: all<Parameters<typeof toKey>[0]>('SELECT doc, secret_hash, last_used_at FROM api_keys ORDER BY id').map(toKey),
    events: all<EventRow>('SELECT seq, at, actor, type, data, hash FROM events ORDER BY seq').map(toExportedEvent),
    ...notifications.exportRows(),
    checkpoints: all<CheckpointRow>('SELECT seq, hash, at, key_id, signature FROM log_checkpoints ORDER BY seq').map(toCheckpoint),
    logKeys: all<{ key_id: string; public_key: string; created_at: string }>(
      'SELECT key_id, public_key, created_at FROM log_keys ORDER BY created_at, key_id',
    ).map((row) => ({ keyId: row.key_id, publicKey: row.public_key, createdAt: row.created_at })),
  }));

  const importState = db.transaction((state: ExportDocument) => {
    if (one('SELECT 1 FROM events LIMIT 1')) throw new Error('The database is not empty: import only into a new database.');
    for (const data of state.vendors) apply({ type: 'vendor.changed', data });
    for (const data of state.components) apply({ type: 'component.changed', data });
    for (const data of state.incidents) apply({ type: 'incident.changed', data });
    for (const data of state.maintenances) apply({ type: 'maintenance.changed', data });
    for (const data of state.content) apply({ type: 'content.changed', data });
    for (const key of state.keys) {
      run(
        'INSERT INTO api_keys (id, secret_hash, last_used_at, doc) VALUES (?, ?, ?, ?)',
        key.id,
        key.secretHash,
        key.lastUsedAt,
        JSON.stringify(publicKey(key)),
      );
    }
    // The chain is checked (or, for an export made before it, computed) before anything is written.
    const rows = chainImport(state.events, (event) => eventScope(event as Change, event.actor));
    for (const row of rows) {
      run(
        'INSERT INTO events (seq, at, actor, actor_id, type, subject_id, components, vendors, data, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        ...eventColumns(row),
        row.hash,
      );
    }
    notifications.importRows(state.subscribers ?? [], state.webhookEndpoints ?? []);
    for (const key of state.logKeys ?? [])
      // The key of a server that started on this database before the import may be the same one.
      run(
        'INSERT INTO log_keys (key_id, public_key, created_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING',
        key.keyId,
        key.publicKey,
        key.createdAt,
      );
    const hashes = new Map(rows.map((row) => [row.seq, row.hash]));
    for (const checkpoint of state.checkpoints ?? []) {
      assertCheckpointOnChain(checkpoint, hashes.get(checkpoint.seq));
      run(
        'INSERT INTO log_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)',
        checkpoint.seq,
        checkpoint.hash,
        checkpoint.at,
        checkpoint.keyId,
        checkpoint.signature,
      );
    }
  });

  const store: Store = {
    ...notifications.store,
    async migrate() {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      // Each migration is checked and applied under the write lock, so two processes opening a
      // fresh file at once (the server and a CLI command) apply it once, not race to create a table.
      for (const migration of sqliteMigrations) {
        db.transaction(() => {
          if (one('SELECT 1 FROM schema_migrations WHERE version = ?', migration.version)) return;
          db.exec(migration.sql);
          migration.after?.(db);
          run(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
            migration.version,
            migration.name,
            new Date().toISOString(),
          );
        }).immediate();
      }
    },
    async snapshot({ since }) {
      return snapshot(since);
    },
    async incident(id) {
      return doc<Incident>('SELECT doc FROM incidents WHERE id = ?', id);
    },
    async maintenance(id) {
      return doc<Maintenance>('SELECT doc FROM maintenances WHERE id = ?', id);
    },
    async incidentsDuring({ from, until }) {
      return docs(
        all(
          'SELECT doc FROM incidents WHERE started_at < ? AND (resolved_at IS NULL OR resolved_at >= ?) ORDER BY started_at DESC, id',
          until,
          from,
        ),
      );
    },
    async finishedMaintenances({ limit, offset }) {
      return docs(
        all(
          `SELECT doc FROM maintenances WHERE status IN (${FINISHED_MAINTENANCE_SQL}) ORDER BY ends_at DESC, id LIMIT ? OFFSET ?`,
          limit,
          offset,
        ),
      );
    },
    async contentItem(id) {
      return doc<ContentItem>('SELECT doc FROM content_items WHERE id = ?', id);
    },
    async contentItems({ componentId, type }) {
      return docs(
        all(
          'SELECT doc FROM content_items WHERE (@componentId IS NULL OR component_id = @componentId) AND (@type IS NULL OR type = @type) ORDER BY date DESC, id',
          { componentId: componentId ?? null, type: type ?? null },
        ),
      );
    },
    async incidentsOfComponent(componentIds, { limit, offset }) {
      // The affected components are inside the document: json_each reads them (no column to keep in step).
      const where = `EXISTS (SELECT 1 FROM json_each(incidents.doc, '$.components') AS c
                       WHERE json_extract(c.value, '$.id') IN (SELECT value FROM json_each(@ids)))`;
      const ids = JSON.stringify(componentIds);
      return db.transaction(() => ({
        total: one<{ n: number }>(`SELECT count(*) AS n FROM incidents WHERE ${where}`, { ids })!.n,
        incidents: docs<Incident>(
          all(`SELECT doc FROM incidents WHERE ${where} ORDER BY started_at DESC, id LIMIT @limit OFFSET @offset`, { ids, limit, offset }),
        ),
      }))();
    },
    async disputedIncidents() {
      return docs(
        all(
          `SELECT doc FROM incidents WHERE json_extract(doc, '$.causedBy.state') = 'disputed'
           ORDER BY json_extract(doc, '$.causedBy.dispute.at'), id`,
        ),
      );
    },
    async commit(changes, actor, at, notices) {
      const events = commit.immediate(changes, actor, at, notices);
      return committed(events, events.length > 0);
    },
    async commitIdempotent(changes, actor, at, response, notices) {
      const result = commitIdempotent.immediate(changes, actor, at, response, notices);
      if (!result.events) return result as CommitResult;
      return committed(result as CommitResult, result.events.length > 0);
    },
    async idempotentResponse(keyId, key, at = new Date().toISOString()) {
      return storedResponse(keyId, key, at);
    },
    async commitIfNoComponents(changes, actor, at) {
      const events = commitIfNoComponents.immediate(changes, actor, at);
      return events ? committed(events, events.length > 0) : events;
    },
    async eventsAfter(afterSeq, limit) {
      return all<EventRow>('SELECT seq, at, actor, type, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?', afterSeq, limit).map(
        toEvent,
      );
    },
    async audit(query) {
      const rows = all<EventRow>(
        `SELECT seq, at, actor, type, data FROM events
         WHERE seq > @after AND (@component IS NULL OR components LIKE @component) AND (@vendor IS NULL OR vendors LIKE @vendor)
           AND (@actor IS NULL OR actor_id = @actor) AND (@since IS NULL OR at >= @since) AND (@until IS NULL OR at < @until)
         ORDER BY seq LIMIT @limit`,
        {
          after: query.after ?? 0,
          component: query.component ? `%,${query.component},%` : null,
          vendor: query.vendor ? `%,${query.vendor},%` : null,
          actor: query.actor ?? null,
          since: query.since ?? null,
          until: query.until ?? null,
          limit: query.limit ?? 100,
        },
      );
      return rows.map(toEvent);
    },
    async eventRows(afterSeq, limit) {
      return all<Record<string, unknown>>(
        `SELECT ${STORED_EVENT_COLUMNS} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
        afterSeq,
        limit,
      ).map(toStoredRow);
    },
    async chainHead() {
      return one<{ seq: number; hash: string | null }>('SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1') ?? null;
    },
    async eventHash(seq) {
      return one<{ hash: string | null }>('SELECT hash FROM events WHERE seq = ?', seq)?.hash;
    },
    async generatedSigningKey(candidate) {
      run(
        `INSERT INTO log_signing_key (singleton, key_id, private_key, public_key, created_at) VALUES (1, ?, ?, ?, ?)
         ON CONFLICT (singleton) DO NOTHING`,
        candidate.keyId,
        candidate.privateKey,
        candidate.publicKey,
        candidate.createdAt,
      );
      const row = one<{ key_id: string; private_key: string; public_key: string; created_at: string }>(
        'SELECT key_id, private_key, public_key, created_at FROM log_signing_key',
      )!;
      return {
        keyId: row.key_id,
        privateKey: row.private_key,
        publicKey: row.public_key,
        createdAt: row.created_at,
      } satisfies StoredSigningKey;
    },
    async saveLogKey(key: ExportedLogKey) {
      run(
        'INSERT INTO log_keys (key_id, public_key, created_at) VALUES (?, ?, ?) ON CONFLICT (key_id) DO NOTHING',
        key.keyId,
        key.publicKey,
        key.createdAt,
      );
    },
    async logKeys() {
      return all<{ key_id: string; public_key: string; created_at: string }>(
        'SELECT key_id, public_key, created_at FROM log_keys ORDER BY created_at, key_id',
      ).map((row) => ({ keyId: row.key_id, publicKey: row.public_key, createdAt: row.created_at }));
    },
    async saveCheckpoint(checkpoint) {
      return (
        run(
          'INSERT INTO log_checkpoints (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING',
          checkpoint.seq,
          checkpoint.hash,
          checkpoint.at,
          checkpoint.keyId,
          checkpoint.signature,
        ).changes > 0
      );
    },
    async checkpoints({ limit, beforeSeq }) {
      return all<CheckpointRow>(
        'SELECT seq, hash, at, key_id, signature FROM log_checkpoints WHERE seq < ? ORDER BY seq DESC LIMIT ?',
        beforeSeq ?? Number.MAX_SAFE_INTEGER,
        limit,
      ).map(toCheckpoint);
    },
    async saveKey(key, actor, at) {
      return committed(saveKey.immediate(key, actor, at), true);
    },
    async key(id) {
      const row = one<Parameters<typeof toKey>[0]>('SELECT doc, secret_hash, last_used_at FROM api_keys WHERE id = ?', id);
      return row && toKey(row);
    },
    async keys() {
      return all<Parameters<typeof toKey>[0]>('SELECT doc, secret_hash, last_used_at FROM api_keys ORDER BY id').map(toKey).map(publicKey);
    },
    async touchKey(id, at) {
      run('UPDATE api_keys SET last_used_at = ? WHERE id = ?', at, id);
    },
    async exportState(at) {
      return exportState(at);
    },
    async importState(state) {
      committed(importState.immediate(state), state.events.length > 0);
    },
    // One writer at a time in this process. (Other processes on the same file — the CLI — only
    // write keys or import into an empty file; their commits are still atomic, and \`poll\` finds them.)
    exclusive(work) {
      const next = exclusiveQueue.then(() => work());
      exclusiveQueue = next.catch(() => undefined);
      return next;
    },
    onCommit(listener) {
      listeners.add(listener);
      if (!pollTimer) {
        // The first tick tells the last sequence number as it then is, so a commit made by another
        // process before the listener came (after the caller's snapshot) is not missed.
        pollTimer = setInterval(poll, DATA_VERSION_POLL_MS);
        pollTimer.unref();
      }
      return () => listeners.delete(listener);
    },
    async close() {
      clearInterval(pollTimer);
      listeners.clear();
      db.close();
    },
  };
  return guardUnavailable(store, unavailable);
}
