import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStatusClient, isHttpError } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

/** The SDK's read client over real HTTP against a real server on a real SQLite file. */
describe('SDK read client against a running server', () => {
  let app: App;
  let baseUrl: string;
  let cleanup: () => Promise<void>;

  before(async () => {
    const temp = await tempSqliteStore();
    cleanup = temp.cleanup;
    app = await createApp({ store: temp.store });
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
  });
  after(async () => {
    await app.http.close();
    await cleanup();
  });

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
    assert.equal((await client.incidents({ state: 'recent', limit: 5 })).length, 1);
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
