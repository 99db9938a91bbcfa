// Issue 10: URLs in vendor and operator data only with https:, mailto: or tel:. Any other scheme is
// refused at write time, through the admin API, with the 400 every schema error gets, naming the
// field, and nothing is written. Both stores, each behind a real listening server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema } from '@kdi-status/sdk';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { createTestKey } from '../test-support/admin-server.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import { UNSAFE_URLS } from '../test-support/fuzz-mutations.js';

interface Write {
  method: 'POST' | 'PATCH' | 'PUT';
  path: string;
  /** The body with `url` at the field under test. */
  body: (url: string) => unknown;
  field: string;
}

const WRITES: Write[] = [
  {
    method: 'POST',
    path: '/api/v1/admin/components',
    body: (url) => ({ id: 'ny-komponent', name: 'Ny', kind: 'support-system', vendor: 'infra-drift', links: { support: url } }),
    field: 'links.support',
  },
  {
    method: 'PATCH',
    path: '/api/v1/admin/components/ky',
    body: (url) => ({ links: { documentation: url } }),
    field: 'links.documentation',
  },
  {
    method: 'PUT',
    path: '/api/v1/admin/vendors/infra-drift',
    body: (url) => ({ name: 'Infrastrukturdrift', servicedesk: { url } }),
    field: 'servicedesk.url',
  },
];

/** The same checks on one store, through the admin API of a listening server. */
function describeLinkSchemes(name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>) {
  describe(`admin API refuses links that are not https:, mailto: or tel: (${name})`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    let baseUrl: string;
    let token: string;
    before(async () => {
      const opened = await open();
      cleanup = opened.cleanup;
      app = await createApp({ store: opened.store, scheduler: false });
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
      token = await createTestKey(app.store, 'admin');
    });
    after(async () => {
      await app.http.close();
      await cleanup();
    });

    const send = async (write: Write, url: string) => {
      const response = await fetch(`${baseUrl}${write.path}`, {
        method: write.method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(write.body(url)),
      });
      return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
    };

    it('refuses javascript:, data:, http: and the rest with a 400 problem naming the field, and writes nothing', async () => {
      const before = (await app.store.eventsAfter(0, 10_000)).length;
      for (const write of WRITES) {
        for (const url of UNSAFE_URLS) {
          const label = `${write.method} ${write.path} ${JSON.stringify(url)}`;
          const answer = await send(write, url);
          assert.equal(answer.status, 400, `${label}: ${answer.text}`);
          assert.match(answer.type, /^application\/problem\+json/, label);
          const problem = ProblemSchema.parse(JSON.parse(answer.text));
          const named = problem.errors?.find((e) => e.field === write.field);
          assert.ok(named, `${label}: names ${write.field} in ${answer.text}`);
          assert.match(named.message, /https:, mailto: or tel:|user name/, label);
        }
      }
      assert.equal((await app.store.eventsAfter(0, 10_000)).length, before, 'nothing was written');
    });

    it('takes https:, mailto: and tel: links, and the page links them', async () => {
      const [create, patch, vendor] = WRITES as [Write, Write, Write];
      assert.equal((await send(create, 'https://ny.example.dk/hjaelp')).status, 201);
      assert.equal((await send(patch, 'mailto:support@ky.example.dk')).status, 200);
      assert.equal((await send(vendor, 'tel:+4512345678')).status, 200);
      const ky = app.readModel.current().view.componentsById.get('ky')!;
      assert.equal(ky.links.documentation, 'mailto:support@ky.example.dk');
      const page = await (await fetch(`${baseUrl}/c/ny-komponent`)).text();
      assert.match(page, /href="https:\/\/ny\.example\.dk\/hjaelp"/);
    });
  });
}

describeLinkSchemes('SQLite', tempSqliteStore);
describeLinkSchemes('PostgreSQL', tempPostgresStore);
