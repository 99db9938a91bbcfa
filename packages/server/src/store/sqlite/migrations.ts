/**
 * Versioned schema migrations for SQLite, applied in order, each once, each in a transaction.
 * Never edit a released migration: add the next one.
 *
 * Entities are kept whole as JSON (validated by the SDK's schemas on the way in) next to the
 * columns that queries filter on; see docs/adr/0002-store.md. Lists of ids in the event log are
 * stored as `,a,b,` so that one `LIKE '%,a,%'` filters them in SQLite and PostgreSQL alike.
 */
export const sqliteMigrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
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
];
