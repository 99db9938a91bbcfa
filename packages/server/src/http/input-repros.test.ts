import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema, type Problem } from '@kdi-status/sdk';
import type { RawRequest, RawResponse } from '../test-support/fuzz-http.js';
import { deepJson, dotted, json, walk, withBytesInString, withRawValue, type Json } from '../test-support/fuzz-mutations.js';
import { ADMIN, ADMIN_ROUTES, PUBLIC, type AdminRoute, type RouteIds } from '../test-support/fuzz-routes.js';
import { judge } from '../test-support/fuzz-run.js';
import { sameState, STORE_KINDS, startFuzzServer, type FuzzServer } from '../test-support/fuzz-server.js';

/**
 * The repros of issue 8, each as a regression test on both stores over real HTTP: what once gave
 * a 500 or was silently accepted is now a 4xx problem naming its cause, and changes nothing.
 */

/** The answer is a 4xx problem document (with `statuses`, one of them) and not a 5xx; returns the problem. */
function assertProblem(res: RawResponse, what: string, statuses?: number[]): Problem {
  const wrong = judge(res, 'GET', statuses ? { statuses } : {});
  assert.deepEqual(wrong, [], `${what} → ${res.status} ${res.body.slice(0, 300)}`);
  return ProblemSchema.parse(JSON.parse(res.body));
}

function assertNames(problem: Problem, field: string, what: string): void {
  assert.ok(
    problem.errors?.some((e) => e.field === field),
    `${what}: errors must name ${field}, got ${JSON.stringify(problem.errors)}`,
  );
}

for (const kind of STORE_KINDS) {
  describe(`issue 8 repros on ${kind}`, () => {
    let server: FuzzServer;
    const ids = new Map<string, RouteIds>();
    // A vendor key wherever one may write (the repros needed no more), KOMBIT's where only an admin may.
    const auth = (route?: AdminRoute) => ({ authorization: `Bearer ${server.keys[route?.adminOnly ? 'admin' : 'vendor']}` });
    const jsonHeaders = (route?: AdminRoute) => ({ ...auth(route), 'content-type': 'application/json' });
    const pathOf = (route: AdminRoute, id?: string) => {
      const routeIds = ids.get(`${route.method} ${route.path}`) ?? {};
      return `${ADMIN}${route.path.replace(':id', id ?? routeIds.id ?? '').replace(':updateId', routeIds.updateId ?? '')}`;
    };
    /** Sends `req`, checks that the answer is a 4xx problem (one of `statuses`) and that the export is the same after it. */
    const refused = async (req: RawRequest, what: string, statuses?: number[]) => {
      const before = await server.fingerprint();
      const res = await server.send(req);
      const problem = assertProblem(res, what, statuses);
      assert.ok(sameState(before, await server.fingerprint()), `${what}: ${req.method} ${req.path} → ${res.status} changed the export`);
      return problem;
    };

    before(async () => {
      server = await startFuzzServer(kind);
      for (const route of ADMIN_ROUTES) ids.set(`${route.method} ${route.path}`, (await route.setup?.(server)) ?? {});
    });
    after(() => server?.close());

    it('GET /api/v1/incidents/%00 without a key is a 4xx problem', async () => {
      for (const id of ['%00', 'x%00y', '%C0%80', '%ED%A0%80']) {
        await refused({ method: 'GET', path: `${PUBLIC}/incidents/${id}` }, `GET /incidents/${id}`);
        await refused({ method: 'GET', path: `${PUBLIC}/components/${id}` }, `GET /components/${id}`);
      }
    });

    it('every admin :id route with %00 in the id is a 4xx problem and changes nothing', async () => {
      for (const route of ADMIN_ROUTES.filter((r) => r.path.includes(':id'))) {
        const body = route.body?.(0);
        await refused(
          {
            method: route.method,
            path: pathOf(route, '%00'),
            headers: body === undefined ? auth(route) : jsonHeaders(route),
            ...(body === undefined ? {} : { body: json(body) }),
          },
          `${route.method} ${route.path} with %00`,
        );
      }
    });

    it('GET /api/v1/admin/audit?actor=%00 is a 400 naming actor', async () => {
      const problem = await refused(
        { method: 'GET', path: `${ADMIN}/audit?actor=%00`, headers: { authorization: `Bearer ${server.keys.admin}` } },
        'audit?actor=%00',
        [400],
      );
      assertNames(problem, 'actor', 'audit?actor=%00');
    });

    it('a body nested 30,000 levels deep, with an Idempotency-Key, is a 400 on every write route', async () => {
      for (const route of ADMIN_ROUTES) {
        const valid = route.body?.(900);
        // Inside a nested object (where a schema that is not strict would drop it), or as the whole body.
        const nested =
          valid === undefined
            ? undefined
            : walk(valid).find(({ path, value }) => path.length > 0 && !!value && typeof value === 'object' && !Array.isArray(value));
        const deep = deepJson(30_000, 'array');
        const body = valid === undefined ? Buffer.from(deep) : withRawValue(valid, [...(nested?.path ?? []), 'deep'], deep);
        assert.ok(body.length < 64 * 1024, 'under the body limit, so the depth is what is refused');
        await refused(
          {
            method: route.method,
            path: pathOf(route),
            headers: { ...jsonHeaders(route), 'idempotency-key': `deep-${route.method}-${route.path}` },
            body,
          },
          `${route.method} ${route.path} 30,000 deep at ${nested ? dotted(nested.path) : '(body)'}`,
          [400],
        );
      }
    });

    it('{"title":{"da":"t","en_":"typo"}} is a 400 naming title.en_', async () => {
      for (const route of ADMIN_ROUTES.filter((r) => r.body && r.method === 'POST' && !r.path.includes(':'))) {
        const valid = route.body!(901) as Record<string, Json>;
        if (!('title' in valid)) continue;
        const body = json({ ...valid, title: { da: 't', en_: 'typo' } });
        const problem = await refused(
          { method: 'POST', path: pathOf(route), headers: jsonHeaders(route), body },
          `POST ${route.path} title.en_`,
          [400],
        );
        assertNames(problem, 'title.en_', route.path);
      }
    });

    // None, or `{}` for clients that always send JSON (ADR 9), is what these routes take.
    it('a body other than {} on …/cancel, DELETE …/content/:id and DELETE …/components/:id is a 400', async () => {
      for (const route of ADMIN_ROUTES.filter((r) => !r.body)) {
        for (const body of ['{"reason":"x"}', '[]', 'null', '"x"']) {
          await refused(
            { method: route.method, path: pathOf(route), headers: jsonHeaders(route), body },
            `${route.method} ${route.path} with ${body}`,
            [400],
          );
        }
      }
    });

    it('a body that is not UTF-8 is a 400', async () => {
      const route = ADMIN_ROUTES.find((r) => r.method === 'POST' && r.path === '/incidents')!;
      for (const hex of ['ff', 'c080', 'eda080']) {
        const body = withBytesInString(route.body!(902), ['title', 'da'], Buffer.from(hex, 'hex'));
        await refused({ method: 'POST', path: pathOf(route), headers: jsonHeaders(route), body }, `title.da + 0x${hex}`, [400]);
      }
    });

    it('"\\ud800" and "\\u0000" in a title are a 400 naming title.da', async () => {
      for (const route of ADMIN_ROUTES.filter((r) => r.body && 'title' in (r.body(0) as Record<string, Json>))) {
        for (const poison of ['\ud800', '\u0000']) {
          const body = json({ ...(route.body!(903) as Record<string, Json>), title: { da: `Fejl${poison}` } });
          const what = `${route.method} ${route.path} title ${JSON.stringify(poison)}`;
          assertNames(
            await refused({ method: route.method, path: pathOf(route), headers: jsonHeaders(route), body }, what, [400]),
            'title.da',
            what,
          );
        }
      }
    });

    it('Content-Type: application/json; charset=latin1 is a 415', async () => {
      for (const route of ADMIN_ROUTES.filter((r) => r.body)) {
        await refused(
          {
            method: route.method,
            path: pathOf(route),
            headers: { ...auth(route), 'content-type': 'application/json; charset=latin1' },
            body: json(route.body!(904)),
          },
          `${route.method} ${route.path} charset=latin1`,
          [415],
        );
      }
    });
  });
}
