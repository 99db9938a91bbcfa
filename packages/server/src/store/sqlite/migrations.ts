import type Database from 'better-sqlite3';
import { backfillHashes, type StoredEventRow } from '../event-chain.js';

/**
 * Versioned schema migrations for SQLite, applied in order, each once, each in a transaction.
 * Never edit a released migration: add the next one.
 *
 * Entities are kept whole as JSON (validated by the SDK's schemas on the way in) next to the
 * columns that queries filter on; see docs/adr/0002-store.md. Lists of ids in the event log are
 * stored as `,a,b,` so that one `LIKE '%,a,%'` filters them in SQLite and PostgreSQL alike.
 */
export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in the same transaction: data a statement cannot make (hashes). */
  after?: (db: Database.Database) => void;
}

export const sqliteMigrations: ReadonlyArray<SqliteMigration> = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE vendors (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
      CREATE TABLE components (id TEXT PRIMARY KEY, vendor TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE TABLE incidents (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        resolved_at TEXT,
        doc TEXT NOT NULL
      );
      CREATE INDEX incidents_resolved_at ON incidents (resolved_at);
      CREATE TABLE maintenances (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX maintenances_ends_at ON maintenances (ends_at);
      CREATE TABLE content_items (
        id TEXT PRIMARY KEY,
        component_id TEXT NOT NULL,
        type TEXT NOT NULL,
        date TEXT NOT NULL,
        doc TEXT NOT NULL
      );
      CREATE INDEX content_items_component ON content_items (component_id, date);
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        last_used_at TEXT,
        doc TEXT NOT NULL
      );
      CREATE TABLE idempotency_keys (
        key_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (key_id, idempotency_key)
      );
      CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        components TEXT NOT NULL,
        vendors TEXT NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX events_at ON events (at);
    `,
  },
  {
    version: 2,
    name: 'notifications',
    // AUTOINCREMENT: a delivery's id makes its Message-ID and webhook-id, so an id is never used
    // twice, not even after the newest row was deleted (a plain rowid would be).
    sql: `
      CREATE TABLE notices (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        due_at TEXT NOT NULL,
        state TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX notices_due ON notices (state, due_at);
      CREATE TABLE deliveries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        notice_id INTEGER,
        seq INTEGER,
        kind TEXT NOT NULL,
        channel TEXT NOT NULL,
        recipient TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        detail TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        claimed_by TEXT,
        give_up_at TEXT NOT NULL,
        sent_at TEXT,
        last_error TEXT,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX deliveries_claim ON deliveries (state, next_attempt_at);
      CREATE INDEX deliveries_recipient ON deliveries (channel, recipient, id);
      CREATE UNIQUE INDEX deliveries_once ON deliveries (notice_id, channel, recipient) WHERE notice_id IS NOT NULL;
      CREATE TABLE subscribers (
        id TEXT PRIMARY KEY,
        address TEXT NOT NULL UNIQUE,
        components TEXT,
        lang TEXT NOT NULL,
        token TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        confirmed_at TEXT,
        consent_version TEXT NOT NULL,
        consented_at TEXT
      );
      CREATE INDEX subscribers_unconfirmed ON subscribers (confirmed_at, created_at);
      CREATE TABLE webhook_endpoints (id TEXT PRIMARY KEY, secret TEXT NOT NULL, doc TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    name: 'log-chain',
    // The chain (docs/adr/0021-tamper-evident-log.md): each event's hash, back-filled in order for
    // the events already there; signed checkpoints; the public keys that signed them; and the key
    // generated on first start when none is configured (one row: instances agree on one key).
    sql: `
      ALTER TABLE events ADD COLUMN hash TEXT;
      CREATE TABLE log_checkpoints (
        seq INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        at TEXT NOT NULL,
        key_id TEXT NOT NULL,
        signature TEXT NOT NULL
      );
      CREATE TABLE log_keys (key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE log_signing_key (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        key_id TEXT NOT NULL,
        private_key TEXT NOT NULL,
        public_key TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
    after(db) {
      const page = db.prepare(
        'SELECT seq, at, actor, actor_id AS actorId, type, subject_id AS subjectId, components, vendors, data FROM events WHERE seq > ? ORDER BY seq LIMIT 1000',
      );
      const update = db.prepare('UPDATE events SET hash = ? WHERE seq = ?');
      backfillHashes(
        (afterSeq) => page.all(afterSeq) as StoredEventRow[],
        (seq, hash) => void update.run(hash, seq),
      );
    },
  },
  // Issue 12: a subscriber may follow one municipality (a kommunekode; NULL: all).
  {
    version: 4,
    name: 'subscriber municipality',
    sql: `ALTER TABLE subscribers ADD COLUMN municipality TEXT;`,
  },
];
