import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStatusClient, isHttpError } from '@kdi-status/sdk';
import { startListeningApp } from '../test-support/admin-server.js';

/** The SDK's read client over real HTTP against a real server on a real SQLite file. */
describe('SDK read client against a running server', () => {
  let baseUrl: string;
  let close: () => Promise<void>;

  before(async () => ({ baseUrl, close } = await startListeningApp()));
  after(() => close());

  it('reads every public resource and validates it', async () => {
    const client = createStatusClient({ baseUrl });
    const summary = await client.summary();
    const ky = summary.components.find((c) => c.id === 'ky')!;
    assert.equal(ky.effective.status, 'partial_outage');
    assert.deepEqual(ky.effective.cause, { type: 'dependency', path: ['serviceplatformen'] });

    assert.equal((await client.components()).length, summary.components.length);
    assert.deepEqual((await client.components({ ids: ['ky', 'cpr'] })).map((c) => c.id).sort(), ['cpr', 'ky']);
    assert.equal((await client.component('ky')).name, ky.name);
    const [active] = await client.incidents();
    assert.equal((await client.incident(active!.id)).title.da, active!.title.da);
    // The seeded Serviceplatformen incident and the chain around it (seed/demo-seed.ts).
    assert.equal((await client.incidents({ state: 'recent', limit: 5 })).length, 4);
    assert.deepEqual(await client.maintenances(), []);
    assert.equal((await client.maintenances({ state: 'upcoming' })).length, 1);
    const releases = await client.content({ component: 'ky', type: 'release' });
    assert.equal(releases.length, 1);
    assert.equal(releases[0]!.componentId, 'ky');
  });

  it('gets a 304 through pollSummary once it has the ETag', async () => {
    const client = createStatusClient({ baseUrl });
    const first = await client.pollSummary(null);
    assert.ok(first.changed && first.etag);
    assert.deepEqual(await client.pollSummary(first.etag), { changed: false });
  });

  it("surfaces the server's problem+json as a typed HttpError", async () => {
    const error = await createStatusClient({ baseUrl })
      .incidents({ limit: 1000 })
      .catch((e: unknown) => e);
    assert.ok(isHttpError(error));
    assert.equal(error.status, 400);
    assert.deepEqual(
      error.problem?.errors?.map((e) => e.field),
      ['limit'],
    );
  });
});
