import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createApp, type App } from '../app.js';
import { createTestKey } from '../test-support/admin-server.js';
import { openPostgresStore } from '../store/postgres/postgres-store.js';
import { tempPostgresDatabase } from '../store/postgres/test-database.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { Store } from '../store/store.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

const HOUR = 3_600_000;

/** Schedules a window on `components` through the admin API; resolves to its id. */
async function schedule(app: App, token: string, components: string[], startsAt: number, endsAt: number): Promise<string> {
  const response = await app.http.inject({
    method: 'POST',
    url: '/api/v1/admin/maintenances',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify({
      title: { da: 'Vindue' },
      description: { da: 'Opdatering' },
      components,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
    }),
  });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { id: string }).id;
}

/** Waits (8 s at most) until the maintenance has `status` in `store`. */
async function waitForStatus(store: Store, id: string, status: string): Promise<void> {
  const deadline = Date.now() + 8000;
  while ((await store.maintenance(id))!.status !== status) {
    assert.ok(Date.now() < deadline, `never became ${status}: still ${(await store.maintenance(id))!.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('maintenance clock', () => {
  it('applies, right at start-up, a window that started and one that ended while the server was stopped', async () => {
    const temp = await tempSqliteStore();
    let clock = Date.parse('2026-11-27T12:00:00.000Z');
    const now = () => new Date(clock);
    try {
      // First run: schedule two windows, then stop.
      const first = await createApp({ store: temp.store, now });
      const token = await createTestKey(first.store, 'vendor', 'infra-drift', { now: now() });
      const startsWhileDown = await schedule(first, token, ['sts'], clock + 1 * HOUR, clock + 5 * HOUR);
      const overWhileDown = await schedule(first, token, ['klassifikation'], clock + 1 * HOUR, clock + 2 * HOUR);
      await first.http.close();

      // Three hours later: the first window is open, the second is over.
      clock += 3 * HOUR;
      const second = await createApp({ store: openSqliteStore(temp.file), now });
      try {
        const read = async (id: string) => (await second.store.maintenance(id))!.status;
        assert.equal(await read(startsWhileDown), 'in_progress');
        assert.equal(await read(overWhileDown), 'completed');
        const summary = second.readModel.current().view.summary;
        assert.deepEqual(
          summary.maintenances.active.map((m) => m.id),
          [startsWhileDown],
        );
        assert.equal(summary.components.find((c) => c.id === 'sts')!.effective.own, 'under_maintenance');
        // (Klassifikation: the demo seed's Organisation has an incident of its own.)
        assert.equal(summary.components.find((c) => c.id === 'klassifikation')!.effective.own, 'operational');
        const events = await second.store.audit({ actor: 'scheduler', limit: 10 });
        assert.deepEqual(events.map((e) => e.type === 'maintenance.changed' && e.data.status).sort(), ['completed', 'in_progress']);
      } finally {
        await second.http.close();
      }
    } finally {
      await temp.cleanup();
    }
  });

  it('moves a window along while running, at its start and end', async () => {
    const temp = await tempSqliteStore();
    // Real time here, with a window a moment away: the clock must wake up by itself.
    const app = await createApp({ store: temp.store });
    try {
      const token = await createTestKey(app.store, 'admin', 'kombit');
      const id = await schedule(app, token, ['cpr'], Date.now() + 1000, Date.now() + 2000);
      assert.equal((await app.store.maintenance(id))!.status, 'scheduled');
      await waitForStatus(app.store, id, 'in_progress');
      await waitForStatus(app.store, id, 'completed');
    } finally {
      await app.http.close();
      await temp.cleanup();
    }
  });

  it('re-plans at once when a window is scheduled on another instance sharing the database', async () => {
    const db = await tempPostgresDatabase();
    // A takes the request and keeps no clock; only B's clock can move the window, and B hears of
    // it only through the database's commit notifications.
    const a = await createApp({ store: openPostgresStore(db.url), scheduler: false });
    const b = await createApp({ store: openPostgresStore(db.url) });
    try {
      const token = await createTestKey(a.store, 'admin', 'kombit');
      const id = await schedule(a, token, ['cpr'], Date.now() + 1000, Date.now() + 2000);
      await waitForStatus(a.store, id, 'completed');
      const moves = (await a.store.audit({ actor: 'scheduler', limit: 10 })).filter((e) => e.type === 'maintenance.changed');
      assert.deepEqual(
        moves.map((e) => e.type === 'maintenance.changed' && e.data.status),
        ['in_progress', 'completed'],
      );
    } finally {
      await Promise.all([a.http.close(), b.http.close()]);
      await db.drop();
    }
  });
});
