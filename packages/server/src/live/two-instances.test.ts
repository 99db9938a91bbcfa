import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IncidentSchema, SummarySchema } from '@kdi-status/sdk';
import { tempPostgresDatabase } from '../store/postgres/test-database.js';
import { openSse } from '../test-support/sse-reader.js';
import { runCli, startServerProcess } from '../test-support/server-process.js';

/** Two real server processes on one PostgreSQL database, as a scaled-out deployment runs. */
describe('several instances on one PostgreSQL database', () => {
  let db: Awaited<ReturnType<typeof tempPostgresDatabase>>;
  let a: Awaited<ReturnType<typeof startServerProcess>>;
  let b: Awaited<ReturnType<typeof startServerProcess>>;
  let token: string;

  before(async () => {
    db = await tempPostgresDatabase();
    // Both start on the empty database at once: one seeds, neither fails.
    [a, b] = await Promise.all([startServerProcess({ DATABASE_URL: db.url }), startServerProcess({ DATABASE_URL: db.url })]);
    const created = await runCli(['keys', 'create', '--role', 'vendor', '--vendor', 'infra-drift'], { DATABASE_URL: db.url });
    assert.equal(created.code, 0, created.stderr);
    token = created.stdout.trim();
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await db?.drop();
  });

  it('seeded the demo landscape once', async () => {
    const [fromA, fromB] = await Promise.all(
      [a, b].map(async (s) => SummarySchema.parse(await (await fetch(`${s.baseUrl}/api/v1/summary`)).json())),
    );
    assert.equal(fromA!.incidents.length, 4, 'the seeded Serviceplatformen incident and the chain around it');
    assert.deepEqual(fromA, fromB);
  });

  it('brings a change made through A to the SSE clients of B within a second, and refreshes B’s summary', async () => {
    const before = await fetch(`${b.baseUrl}/api/v1/summary`);
    const etag = before.headers.get('etag')!;
    const stream = await openSse(`${b.baseUrl}/api/v1/stream?components=ky`);
    try {
      await stream.until((m) => m.length >= 1);
      const started = Date.now();
      const response = await fetch(`${a.baseUrl}/api/v1/admin/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: { da: 'Nedbrud i STS' },
          impact: 'major',
          components: [{ id: 'sts', status: 'major_outage' }],
          message: { da: 'Vi undersøger fejlen' },
        }),
      });
      assert.equal(response.status, 201);
      const incident = IncidentSchema.parse(await response.json());

      await stream.until((m) => m.some((x) => x.data.includes(incident.id)), 1000);
      const elapsed = Date.now() - started;
      assert.ok(elapsed < 1000, `took ${elapsed} ms`);
      await stream.until((m) => m.some((x) => JSON.parse(x.data).type === 'status'), 1000);

      const after = await fetch(`${b.baseUrl}/api/v1/summary`, { headers: { 'if-none-match': etag } });
      assert.equal(after.status, 200, 'B’s cached summary changed');
      const summary = SummarySchema.parse(await after.json());
      assert.ok(summary.incidents.some((i) => i.id === incident.id));
      assert.equal(summary.components.find((c) => c.id === 'ky')!.effective.status, 'major_outage');
    } finally {
      await stream.close();
    }
  });

  it('lets a client resume on B after events that A wrote', async () => {
    const first = await openSse(`${b.baseUrl}/api/v1/stream`);
    await first.until((m) => m.length >= 1);
    const lastId = first.messages.at(-1)!.id!;
    await first.close();
    const post = (title: string) =>
      fetch(`${a.baseUrl}/api/v1/admin/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: { da: title },
          impact: 'minor',
          components: [{ id: 'organisation', status: 'degraded_performance' }],
          message: { da: 'x' },
        }),
      }).then(async (r) => IncidentSchema.parse(await r.json()).id);
    const missed = [await post('Første'), await post('Anden')];
    // Give B's listener its notification, then resume there.
    const resumed = await openSse(`${b.baseUrl}/api/v1/stream`, { 'last-event-id': lastId });
    try {
      await resumed.until((m) => missed.every((id) => m.some((x) => x.data.includes(id))), 2000);
      const ids = resumed.events().flatMap((e) => (e.type === 'incident.changed' ? [(e.data as { id: string }).id] : []));
      assert.deepEqual(ids, missed);
    } finally {
      await resumed.close();
    }
  });
});
