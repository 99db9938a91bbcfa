/**
 * Versioned schema migrations for PostgreSQL, applied in order, each once, each in a transaction,
 * under an advisory lock (see `migrate()` in postgres-store.ts). Never edit a released migration:
 * add the next one.
 *
 * The same tables as the SQLite store (docs/adr/0002-store.md), with three deliberate choices so
 * that both stores answer byte for byte alike:
 * - Times stay ISO text (`2026-11-26T08:00:00.000Z`), compared as text, as in SQLite.
 * - Ordered and compared text columns use `COLLATE "C"` (byte order, SQLite's BINARY), whatever
 *   the database's default collation is: `en_US` would sort `a-b` after `ab`.
 * - Documents are `json`, not `jsonb`: `json` keeps the text exactly as written (key order
 *   included), which the export's byte equality needs; nothing queries inside them.
 *
 * The event sequence is a one-row counter, not a PostgreSQL sequence: it is transactional (a
 * rolled-back commit leaves no gap), it can be set after an import, and locking its row is what
 * serializes appends, so sequence order is commit order and a reader never sees seq 7 before 6.
 */
export const postgresMigrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'initial',
    sql: `
      CREATE TABLE vendors (id TEXT COLLATE "C" PRIMARY KEY, doc JSON NOT NULL);
      CREATE TABLE components (id TEXT COLLATE "C" PRIMARY KEY, vendor TEXT COLLATE "C" NOT NULL, doc JSON NOT NULL);
      CREATE TABLE incidents (
        id TEXT COLLATE "C" PRIMARY KEY,
        status TEXT NOT NULL,
        started_at TEXT COLLATE "C" NOT NULL,
        resolved_at TEXT COLLATE "C",
        doc JSON NOT NULL
      );
      CREATE INDEX incidents_resolved_at ON incidents (resolved_at);
      CREATE TABLE maintenances (
        id TEXT COLLATE "C" PRIMARY KEY,
        status TEXT NOT NULL,
        starts_at TEXT COLLATE "C" NOT NULL,
        ends_at TEXT COLLATE "C" NOT NULL,
        doc JSON NOT NULL
      );
      CREATE INDEX maintenances_ends_at ON maintenances (ends_at);
      CREATE TABLE content_items (
        id TEXT COLLATE "C" PRIMARY KEY,
        component_id TEXT COLLATE "C" NOT NULL,
        type TEXT NOT NULL,
        date TEXT COLLATE "C" NOT NULL,
        doc JSON NOT NULL
      );
      CREATE INDEX content_items_component ON content_items (component_id, date);
      CREATE TABLE api_keys (
        id TEXT COLLATE "C" PRIMARY KEY,
        secret_hash TEXT NOT NULL,
        last_used_at TEXT COLLATE "C",
        doc JSON NOT NULL
      );
      CREATE TABLE idempotency_keys (
        key_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        request_hash TEXT NOT NULL,
        status INTEGER NOT NULL,
        body JSON NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (key_id, idempotency_key)
      );
      CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
      CREATE TABLE events (
        seq BIGINT PRIMARY KEY,
        at TEXT COLLATE "C" NOT NULL,
        actor JSON NOT NULL,
        actor_id TEXT NOT NULL,
        type TEXT NOT NULL,
        subject_id TEXT NOT NULL,
        components TEXT NOT NULL,
        vendors TEXT NOT NULL,
        data JSON NOT NULL
      );
      CREATE INDEX events_at ON events (at);
      CREATE TABLE event_counter (
        singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
        last_seq BIGINT NOT NULL
      );
      INSERT INTO event_counter (last_seq) VALUES (0);
    `,
  },
];
