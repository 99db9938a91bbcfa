import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, SummarySchema, type Actor, type Summary } from '@kdi-status/sdk';
import type { App } from '../app.js';
import { startListeningApp } from '../test-support/admin-server.js';
import { incident } from '../test-support/fixtures.js';
import { openSse } from '../test-support/sse-reader.js';

// A municipality's live view: after each change that concerns its components, a fresh summary of
// what affects that municipality — never the events of another municipality's incident.

const actor: Actor = { type: 'system', id: 'test' };

describe('GET /api/v1/stream?municipality=… on a real server', () => {
  let app: App;
  let base: string;
  let cleanup: () => Promise<void>;

  const commitIncident = async (id: string, extra: Parameters<typeof incident>[2] = {}) =>
    (
      await app.store.commit(
        [{ type: 'incident.changed', data: incident(id, { sts: 'major_outage' }, extra) }],
        actor,
        new Date().toISOString(),
      )
    )[0]!.seq;
  const summaries = (stream: Awaited<ReturnType<typeof openSse>>): Summary[] =>
    stream.events().flatMap((e) => (e.type === 'summary' ? [SummarySchema.parse(e.data)] : []));
  const ky = (summary: Summary) => summary.components.find((c) => c.id === 'ky')!.effective.status;

  before(async () => {
    ({ app, baseUrl: base, close: cleanup } = await startListeningApp());
  });
  after(() => cleanup());

  it('hides an incident that does not affect the municipality and keeps one that affects all', async () => {
    const aarhus = await openSse(`${base}/api/v1/stream?components=ky&municipality=0751`);
    const kbh = await openSse(`${base}/api/v1/stream?components=ky&municipality=0101`);
    try {
      await aarhus.until((m) => m.length >= 1);
      await kbh.until((m) => m.length >= 1);
      const [first] = summaries(aarhus);
      assert.ok(first);
      const before = ky(first);
      assert.notEqual(before, 'major_outage');

      const kbhOnly = await commitIncident('kbh-only', { municipalities: ['0101'] });
      await aarhus.until((m) => m.some((x) => x.id === String(kbhOnly)));
      await kbh.until((m) => m.some((x) => x.id === String(kbhOnly)));
      const aarhusAfter = summaries(aarhus).at(-1)!;
      assert.equal(aarhusAfter.sequence, kbhOnly);
      assert.ok(!aarhusAfter.incidents.some((i) => i.id === 'kbh-only'));
      assert.equal(ky(aarhusAfter), before);
      const kbhAfter = summaries(kbh).at(-1)!;
      assert.ok(kbhAfter.incidents.some((i) => i.id === 'kbh-only'));
      assert.equal(ky(kbhAfter), 'major_outage');

      const everyone = await commitIncident('everyone');
      await aarhus.until((m) => m.some((x) => x.id === String(everyone)));
      const last = summaries(aarhus).at(-1)!;
      assert.ok(last.incidents.some((i) => i.id === 'everyone'));
      assert.equal(ky(last), 'major_outage');
      // Only summaries: no change event carries another municipality's incident to this stream.
      assert.deepEqual(new Set(aarhus.events().map((e) => e.type)), new Set(['summary']));
    } finally {
      await aarhus.close();
      await kbh.close();
    }
  });

  it('sends nothing for a change outside its components, and resumes without a summary when it missed nothing', async () => {
    const fagsystem = await openSse(`${base}/api/v1/stream?components=sts&municipality=0751`);
    try {
      await fagsystem.until((m) => m.length >= 1);
      const seq = (
        await app.store.commit(
          [{ type: 'incident.changed', data: incident('elsewhere', { ky: 'partial_outage' }) }],
          actor,
          new Date().toISOString(),
        )
      )[0]!.seq;
      const marker = await commitIncident('marker');
      await fagsystem.until((m) => m.some((x) => x.id === String(marker)));
      assert.ok(!fagsystem.messages.some((m) => m.id === String(seq)), 'KY is not in the closure of STS');

      const resumed = await openSse(`${base}/api/v1/stream?components=sts&municipality=0751`, { 'last-event-id': String(marker) });
      const behind = await openSse(`${base}/api/v1/stream?components=sts&municipality=0751`, { 'last-event-id': String(marker - 1) });
      try {
        await behind.until((m) => m.length >= 1);
        assert.equal(summaries(behind)[0]!.sequence, marker);
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.equal(resumed.messages.length, 0);
        assert.equal(resumed.response.status, 200);
      } finally {
        await resumed.close();
        await behind.close();
      }
    } finally {
      await fagsystem.close();
    }
  });

  it('refuses a code that is no municipality with a 422 naming municipality, GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await fetch(`${base}/api/v1/stream?municipality=0411`, { method });
      assert.equal(response.status, 422, method);
      assert.match(response.headers.get('content-type')!, /^application\/problem\+json/);
      if (method === 'GET') {
        const problem = ProblemSchema.parse(await response.json());
        assert.equal(problem.code, 'unknown_municipality');
        assert.deepEqual(
          problem.errors?.map((e) => e.field),
          ['municipality'],
        );
      }
    }
  });
});
