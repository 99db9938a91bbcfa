import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Actor, ChangeEvent, Incident } from '@kdi-status/sdk';
import type { Change, Snapshot, Store } from '../store.js';
import { sqliteMigrations } from './migrations.js';

type Row = { doc: string };
const docs = <T>(rows: unknown[]): T[] => (rows as Row[]).map((r) => JSON.parse(r.doc) as T);

/**
 * The embedded store: one SQLite file in WAL mode, nothing to set up. better-sqlite3 is
 * synchronous, so each method does its work in one uninterrupted step and a transaction can
 * never interleave with another inside this process.
 *
 * @example
 * const store = openSqliteStore('./data/kdi-status.db');
 * await store.migrate();
 */
export function openSqliteStore(file: string): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');

  const writeChange: Record<Change['type'], (change: never) => void> = {
    'vendor.changed': (c: Extract<Change, { type: 'vendor.changed' }>) =>
      db
        .prepare('INSERT INTO vendors (id, doc) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET doc = excluded.doc')
        .run(c.data.id, JSON.stringify(c.data)),
    'component.changed': (c: Extract<Change, { type: 'component.changed' }>) =>
      db
        .prepare(
          'INSERT INTO components (id, vendor, doc) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET vendor = excluded.vendor, doc = excluded.doc',
        )
        .run(c.data.id, c.data.vendor, JSON.stringify(c.data)),
    'incident.changed': (c: Extract<Change, { type: 'incident.changed' }>) =>
      db
        .prepare(
          `INSERT INTO incidents (id, status, started_at, resolved_at, doc) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, started_at = excluded.started_at, resolved_at = excluded.resolved_at, doc = excluded.doc`,
        )
        .run(c.data.id, c.data.status, c.data.startedAt, c.data.resolvedAt, JSON.stringify(c.data)),
    'maintenance.changed': (c: Extract<Change, { type: 'maintenance.changed' }>) =>
      db
        .prepare(
          `INSERT INTO maintenances (id, status, starts_at, ends_at, doc) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET status = excluded.status, starts_at = excluded.starts_at, ends_at = excluded.ends_at, doc = excluded.doc`,
        )
        .run(c.data.id, c.data.status, c.data.startsAt, c.data.endsAt, JSON.stringify(c.data)),
    'content.changed': (c: Extract<Change, { type: 'content.changed' }>) =>
      db
        .prepare(
          'INSERT INTO content_items (id, component_id, type, doc) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET component_id = excluded.component_id, type = excluded.type, doc = excluded.doc',
        )
        .run(c.data.id, c.data.componentId, c.data.type, JSON.stringify(c.data)),
    'content.deleted': (c: Extract<Change, { type: 'content.deleted' }>) =>
      db.prepare('DELETE FROM content_items WHERE id = ?').run(c.data.id),
  };

  // Statements are prepared when used, not here: the tables exist only after migrate().
  const APPEND_EVENT = 'INSERT INTO events (at, actor, type, subject_id, data) VALUES (?, ?, ?, ?, ?) RETURNING seq';

  const commitNow = (changes: readonly Change[], actor: Actor, at: string): ChangeEvent[] =>
    changes.map((change) => {
      writeChange[change.type](change as never);
      const { seq } = db.prepare(APPEND_EVENT).get(at, JSON.stringify(actor), change.type, change.data.id, JSON.stringify(change.data)) as {
        seq: number;
      };
      return { ...change, seq, at, actor } as ChangeEvent;
    });

  const commit = db.transaction(commitNow);
  const commitIfEmpty = db.transaction((changes: readonly Change[], actor: Actor, at: string) =>
    db.prepare('SELECT 1 FROM events LIMIT 1').get() ? null : commitNow(changes, actor, at),
  );

  const toEvent = (row: { seq: number; at: string; actor: string; type: string; data: string }) =>
    ({ seq: row.seq, at: row.at, actor: JSON.parse(row.actor), type: row.type, data: JSON.parse(row.data) }) as ChangeEvent;

  const snapshot = db.transaction((since: string): Snapshot => {
    const last = db.prepare('SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1').get() as { seq: number; at: string } | undefined;
    return {
      vendors: docs(db.prepare('SELECT doc FROM vendors ORDER BY id').all()),
      components: docs(db.prepare('SELECT doc FROM components ORDER BY id').all()),
      incidents: docs(
        db.prepare('SELECT doc FROM incidents WHERE resolved_at IS NULL OR resolved_at >= ? ORDER BY started_at DESC, id').all(since),
      ),
      maintenances: docs(
        db
          .prepare(`SELECT doc FROM maintenances WHERE status NOT IN ('completed', 'cancelled') OR ends_at >= ? ORDER BY starts_at, id`)
          .all(since),
      ),
      sequence: last?.seq ?? 0,
      lastEventAt: last?.at ?? null,
    };
  });

  return {
    async migrate() {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
      const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
      for (const migration of sqliteMigrations) {
        if (applied.has(migration.version)) continue;
        db.transaction(() => {
          db.exec(migration.sql);
          db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
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
      const row = db.prepare('SELECT doc FROM incidents WHERE id = ?').get(id) as Row | undefined;
      return row ? (JSON.parse(row.doc) as Incident) : undefined;
    },
    async commit(changes, actor, at) {
      return commit.immediate(changes, actor, at);
    },
    async commitIfEmpty(changes, actor, at) {
      return commitIfEmpty.immediate(changes, actor, at);
    },
    async eventsAfter(afterSeq, limit) {
      return (
        db.prepare('SELECT seq, at, actor, type, data FROM events WHERE seq > ? ORDER BY seq LIMIT ?').all(afterSeq, limit) as Parameters<
          typeof toEvent
        >[0][]
      ).map(toEvent);
    },
    async close() {
      db.close();
    },
  };
}
