import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ProblemSchema, SummarySchema, type Summary } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { createTestKey } from '../test-support/admin-server.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import { checkpointsOf } from './replay-checkpoints.js';

/** What was served at one moment: the whole summary, one widget's, and the instant just after both arrived. */
interface Capture {
  step: string;
  at: string;
  whole: Summary;
  ky: Summary;
}

const STORES: Array<[name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [
  ['SQLite', tempSqliteStore],
  ['PostgreSQL', tempPostgresStore],
];

for (const [storeName, open] of STORES) {
  describe(`GET /api/v1/summary?at= over a real listening server (${storeName})`, () => {
    let app: App;
    let baseUrl: string;
    let admin: string;
    let cleanup: () => Promise<void>;
    const captures: Capture[] = [];
    /** Instants between two steps, with the capture they must equal (the one before them). */
    const between: Array<{ at: string; expected: Capture }> = [];

    const get = (path: string, headers: Record<string, string> = {}) => fetch(`${baseUrl}${path}`, { headers });
    const summaryOf = async (path: string) => {
      const response = await get(path);
      assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
      return SummarySchema.parse(await response.json());
    };
    const write = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${baseUrl}/api/v1/admin${path}`, {
        method,
        headers: { authorization: `Bearer ${admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
      return text ? (JSON.parse(text) as { id: string }) : { id: '' };
    };
    /**
     * Records what is served now. The instant is taken after both answers arrived, and the next
     * step waits until the clock has moved on, so no event of a later step shares its millisecond.
     */
    const capture = async (step: string) => {
      const whole = await summaryOf('/api/v1/summary');
      const ky = await summaryOf('/api/v1/summary?components=ky');
      const at = new Date().toISOString();
      assert.equal(whole.sequence, ky.sequence, `${step}: both answers stand on one sequence`);
      const taken = { step, at, whole, ky };
      captures.push(taken);
      await sleep(5);
      between.push({ at: new Date().toISOString(), expected: taken });
      await sleep(5);
      return taken;
    };
    /** Polls the served summary until `ready` holds (the maintenance clock moves by itself). */
    const until = async (what: string, ready: (s: Summary) => boolean) => {
      const deadline = Date.now() + 15_000;
      while (!ready(await summaryOf('/api/v1/summary'))) {
        assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
        await sleep(50);
      }
    };

    before(async () => {
      const temp = await open();
      cleanup = temp.cleanup;
      // Checkpoints a few events apart, thinned often: every `?at=` below starts from one of them.
      checkpointsOf(temp.store, { every: 3, max: 4 });
      // The demo seed and the maintenance clock, as a real server runs.
      app = await createApp({ store: temp.store, logLevel: 'warn' });
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
      admin = await createTestKey(app.store, 'admin');
      // The key is written straight to the store (as the CLI does): the read model follows by its commit listener.
      const last = (await app.store.snapshot({ since: new Date().toISOString() })).sequence;
      await until('the key to reach the read model', (s) => s.sequence === last);
      await sleep(5);

      await capture('seeded, key made');
      const { id: incident } = await write('POST', '/incidents', {
        title: { da: 'Fejl i STS' },
        impact: 'major',
        vendor: 'infra-drift',
        components: [{ id: 'sts', status: 'partial_outage' }],
        message: { da: 'Vi undersøger fejlen' },
      });
      await capture('incident opened');
      await write('POST', `/incidents/${incident}/updates`, {
        status: 'identified',
        message: { da: 'Fejlen er fundet' },
        components: [{ id: 'sts', status: 'major_outage' }],
      });
      await capture('incident updated');
      await write('PUT', '/components/digital-post/status', { status: 'degraded_performance', reason: 'Langsomme opslag' });
      await capture('component status set');
      const startsAt = new Date(Date.now() + 1500).toISOString();
      const endsAt = new Date(Date.now() + 3000).toISOString();
      const { id: window } = await write('POST', '/maintenances', {
        title: { da: 'Opdatering af Serviceplatformen' },
        description: { da: 'Serviceplatformen er ikke tilgængelig' },
        vendor: 'infra-drift',
        components: ['serviceplatformen'],
        startsAt,
        endsAt,
      });
      await capture('maintenance scheduled');
      await until('the maintenance to start', (s) => s.maintenances.active.some((m) => m.id === window));
      await capture('maintenance started (by the clock)');
      const over = (s: Summary) => ![...s.maintenances.active, ...s.maintenances.upcoming].some((m) => m.id === window);
      await until('the maintenance to end', over);
      await capture('maintenance completed (by the clock)');
      await write('POST', `/incidents/${incident}/resolve`, { message: { da: 'Fejlen er rettet' } });
      await capture('incident resolved');
      await write('DELETE', '/components/flis');
      await capture('component retired');
      await write('POST', '/content', {
        componentId: 'ky',
        type: 'news',
        title: { da: 'Ny version' },
        body: { da: 'KY 4.2 er udkommet.' },
        date: new Date().toISOString(),
      });
      await capture('news written (no change a summary shows)');
    });
    after(async () => {
      await app?.http.close();
      await cleanup?.();
    });

    it('went through every step: each capture stands on a later sequence and shows what the step did', () => {
      for (let i = 1; i < captures.length; i++)
        assert.ok(captures[i]!.whole.sequence > captures[i - 1]!.whole.sequence, `${captures[i]!.step} moved the sequence`);
      const step = (name: string) => captures.find((c) => c.step.startsWith(name))!.whole;
      // The demo seed has incidents of its own: ours comes and goes.
      const seeded = step('seeded').incidents.length;
      assert.equal(step('incident opened').incidents.length, seeded + 1);
      assert.deepEqual(
        step('maintenance started').maintenances.active.map((m) => m.status),
        ['in_progress'],
      );
      assert.equal(step('incident resolved').incidents.length, seeded);
      assert.ok(step('incident resolved').components.some((c) => c.id === 'flis'));
      assert.ok(!step('component retired').components.some((c) => c.id === 'flis'));
    });

    it('answers every captured instant with exactly the summary served then, whole and filtered', async () => {
      for (const taken of captures) {
        const at = encodeURIComponent(taken.at);
        assert.deepEqual(await summaryOf(`/api/v1/summary?at=${at}`), taken.whole, `whole summary after "${taken.step}"`);
        assert.deepEqual(await summaryOf(`/api/v1/summary?components=ky&at=${at}`), taken.ky, `ky's summary after "${taken.step}"`);
      }
    });

    it('names the chain hash of the event it stands on (Log-Hash, readable cross-origin)', async () => {
      for (const taken of captures) {
        const response = await get(`/api/v1/summary?at=${encodeURIComponent(taken.at)}`);
        const hash = await app.store.eventHash(taken.whole.sequence);
        assert.match(hash ?? '', /^[0-9a-f]{64}$/);
        assert.equal(response.headers.get('log-hash'), hash, `after "${taken.step}"`);
        assert.match(response.headers.get('access-control-expose-headers') ?? '', /Log-Hash/);
        await response.arrayBuffer();
      }
    });

    it('went through the replay checkpoints: several kept, thinned as the log grew', async () => {
      await summaryOf(`/api/v1/summary?at=${encodeURIComponent(new Date().toISOString())}`);
      const checkpoints = checkpointsOf(app.store);
      assert.ok(checkpoints.count > 1 && checkpoints.count <= 4, `${checkpoints.count} checkpoints`);
      assert.ok(checkpoints.every > 3, `thinned: ${checkpoints.every} events apart`);
    });

    it('answers an instant between two steps with the summary of the step before it', async () => {
      for (const { at, expected } of between)
        assert.deepEqual(
          await summaryOf(`/api/v1/summary?at=${encodeURIComponent(at)}`),
          expected.whole,
          `between "${expected.step}" and the next`,
        );
    });

    it('takes a time zone offset: the same instant in Danish time gives the same summary', async () => {
      const taken = captures[2]!;
      const danish = new Date(Date.parse(taken.at) + 3_600_000).toISOString().replace('Z', '+01:00');
      assert.deepEqual(await summaryOf(`/api/v1/summary?at=${encodeURIComponent(danish)}`), taken.whole);
    });

    it('answers an instant before the first event with the empty summary at sequence 0', async () => {
      const summary = await summaryOf('/api/v1/summary?at=2000-01-01T00:00:00Z');
      assert.equal(summary.sequence, 0);
      assert.deepEqual([summary.components, summary.incidents, summary.vendors], [[], [], []]);
      assert.deepEqual(summary.maintenances, { active: [], upcoming: [] });
    });

    it('answers the present with the current summary', async () => {
      assert.deepEqual(await summaryOf(`/api/v1/summary?at=${new Date().toISOString()}`), await summaryOf('/api/v1/summary'));
    });

    it('carries CORS, an ETag that a repeat matches (304), and gzip when asked', async () => {
      const path = `/api/v1/summary?at=${encodeURIComponent(captures[1]!.at)}`;
      const first = await get(path);
      assert.equal(first.headers.get('access-control-allow-origin'), '*');
      const etag = first.headers.get('etag');
      assert.ok(etag);
      assert.equal((await get(path, { 'if-none-match': etag })).status, 304);
      // fetch asks for gzip by itself and decodes it: the body is still the summary.
      const gzipped = await get(path, { 'accept-encoding': 'gzip' });
      assert.equal(gzipped.headers.get('content-encoding'), 'gzip');
      assert.deepEqual(await gzipped.json(), captures[1]!.whole);
    });

    it('refuses an instant in the future with a 422 problem naming `at`', async () => {
      const response = await get(`/api/v1/summary?at=${new Date(Date.now() + 3_600_000).toISOString()}`);
      assert.equal(response.status, 422);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const problem = ProblemSchema.parse(await response.json());
      assert.equal(problem.code, 'instant_in_future');
      assert.deepEqual(
        problem.errors?.map((e) => e.field),
        ['at'],
      );
    });

    it('refuses a malformed `at` with a 400 problem naming it, and changes nothing', async () => {
      const sequence = (await summaryOf('/api/v1/summary')).sequence;
      const events = (await app.store.eventsAfter(0, 100_000)).length;
      const bad = [
        '',
        'x',
        '2026-13-01T00:00:00Z',
        '2026-02-30T00:00:00Z',
        '2026-03-03T10:14:00',
        'a\u0000b',
        '\u0000',
        '9'.repeat(10_240),
      ];
      for (const value of bad) {
        const response = await get(`/api/v1/summary?at=${encodeURIComponent(value)}`);
        const label = JSON.stringify(value.slice(0, 30));
        assert.equal(response.status, 400, label);
        assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/, label);
        const problem = ProblemSchema.parse(await response.json());
        assert.equal(problem.code, 'invalid_query', label);
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          ['at'],
          label,
        );
      }
      // Twice: not one instant.
      const twice = await get('/api/v1/summary?at=2026-01-01T00:00:00Z&at=2026-01-02T00:00:00Z');
      assert.equal(twice.status, 400);
      assert.deepEqual(
        ProblemSchema.parse(await twice.json()).errors?.map((e) => e.field),
        ['at'],
      );
      assert.equal((await summaryOf('/api/v1/summary')).sequence, sequence);
      assert.equal((await app.store.eventsAfter(0, 100_000)).length, events);
    });
  });
}
