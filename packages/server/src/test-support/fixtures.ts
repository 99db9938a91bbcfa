import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Component, Incident, Maintenance } from '@kdi-status/sdk';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';

export const T0 = '2026-11-26T08:00:00.000Z';

/** A component with defaults; only what a test cares about needs saying. */
export function component(id: string, dependsOn: string[] = [], extra: Partial<Component> = {}): Component {
  return { id, name: id.toUpperCase(), kind: 'application', vendor: 'v1', dependsOn, status: 'operational', links: {}, ...extra };
}

/** An unresolved incident giving each listed component a status. */
export function incident(id: string, affected: Record<string, Component['status']>, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    title: { da: `Fejl ${id}` },
    impact: 'major',
    status: 'investigating',
    vendor: 'v1',
    components: Object.entries(affected).map(([cid, status]) => ({ id: cid, status })),
    updates: [{ id: `${id}-u1`, at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'v1' }],
    startedAt: T0,
    resolvedAt: null,
    updatedAt: T0,
    ...extra,
  };
}

export function maintenance(id: string, components: string[], extra: Partial<Maintenance> = {}): Maintenance {
  return {
    id,
    title: { da: `Vedligeholdelse ${id}` },
    description: { da: 'Opdatering' },
    status: 'in_progress',
    vendor: 'v1',
    components,
    startsAt: T0,
    endsAt: '2026-11-26T10:00:00.000Z',
    updatedAt: T0,
    ...extra,
  };
}

/** A real SQLite file in a fresh temp dir; `cleanup` closes it and removes the dir. */
export async function tempSqliteStore(): Promise<{ store: Store; file: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'kdi-status-test-'));
  const file = join(dir, 'status.db');
  const store = openSqliteStore(file);
  await store.migrate();
  return {
    store,
    file,
    cleanup: async () => {
      await store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
