import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { affectsMunicipality, SummarySchema, type Incident } from '@kdi-status/sdk';
import { createApp } from '../app.js';
import { dependencyClosure } from '../domain/dependency-graph.js';
import { tempSqliteStore } from '../test-support/fixtures.js';

describe('the demo seed', () => {
  it('shows a chain of responsibility: KY ← Serviceplatformen ← Organisation, one link disputed; one incident in two municipalities only', async () => {
    const temp = await tempSqliteStore();
    try {
      const app = await createApp({ store: temp.store, scheduler: false, logLevel: 'silent' });
      try {
        const summary = SummarySchema.parse(JSON.parse((await app.http.inject('/api/v1/summary')).body));
        const on = (id: string) => summary.incidents.filter((i) => i.components.some((c) => c.id === id));
        const [ky] = on('ky');
        const [sp] = on('serviceplatformen');
        const [org] = on('organisation');
        assert.ok(ky && sp && org, 'an open incident on each of KY, Serviceplatformen and Organisation');

        // Each link names its upstream incident with that incident's vendor and components, and
        // follows the dependency graph (what part A's link route insists on).
        const byId = new Map(summary.incidents.map((i) => [i.id, i]));
        const link = (downstream: Incident, upstream: Incident) => {
          const cause = downstream.causedBy;
          assert.ok(cause, `${downstream.id} has a cause`);
          assert.equal(cause.incident, upstream.id);
          assert.equal(cause.vendor, upstream.vendor);
          assert.deepEqual(
            cause.components,
            upstream.components.map((c) => c.id),
          );
          assert.equal(cause.upstreamResolvedAt, null, 'the upstream incident is open');
          const closure = dependencyClosure(
            downstream.components.map((c) => c.id),
            summary.components,
          );
          for (const id of cause.components) assert.ok(closure.has(id), `${id} is in the closure of ${downstream.components[0]!.id}`);
          assert.ok(byId.has(cause.incident));
          return cause;
        };
        const kyCause = link(ky, sp);
        const spCause = link(sp, org);
        assert.equal(org.causedBy, undefined, 'Organisation is the root');
        assert.equal(kyCause.state, 'disputed');
        assert.equal(kyCause.dispute?.by, sp.vendor, 'disputed by the upstream vendor');
        assert.match(kyCause.dispute?.reason ?? '', /Fejlen er ikke hos os/);
        assert.equal(spCause.state, 'linked');
        assert.equal(summary.components.find((c) => c.id === 'organisation')!.kind, 'support-system');

        const limited = summary.incidents.filter((i) => i.municipalities !== undefined);
        assert.equal(limited.length, 1);
        assert.deepEqual(limited[0]!.municipalities, ['0101', '0147']);
        assert.equal(summary.components.find((c) => c.id === limited[0]!.components[0]!.id)!.kind, 'application');
        assert.equal(affectsMunicipality(limited[0]!, '0851'), false);

        // The Serviceplatformen incident is still the worst: what every fagløsning on it shows.
        assert.equal(sp.impact, 'major');
        assert.ok(summary.incidents.every((i) => i === sp || i.impact === 'minor'));
        assert.equal(summary.components.find((c) => c.id === 'ky')!.effective.status, 'partial_outage');
      } finally {
        await app.http.close();
      }
    } finally {
      await temp.cleanup();
    }
  });
});
