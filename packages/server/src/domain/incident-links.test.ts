import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Incident } from '@kdi-status/sdk';
import { component, incident, T0 } from '../test-support/fixtures.js';
import { adminKey, changesOf, givenContext, refusal, vendorKey, type Given } from '../test-support/write-context.js';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from './errors.js';
import { reopenIncident, resolveIncident } from './incident-commands.js';
import { disputeLink, linkIncident, settleLink, unlinkIncident } from './incident-links.js';
import { noticesFor } from './notices.js';

// Given these records, when a link command, then these changes (or this error). The landscape
// is the seed's chain in small: KY (fagsys) depends on Serviceplatformen (kombit), which depends
// on Organisation (infra); Other (infra) is no dependency of KY.

const T1 = '2026-11-26T09:00:00.000Z';
const now = new Date(T1);

const landscape = [
  component('org', [], { vendor: 'infra' }),
  component('other', [], { vendor: 'infra' }),
  component('sp', ['org'], { vendor: 'kombit' }),
  component('ky', ['sp'], { vendor: 'fagsys' }),
];

const ky = incident('inc_ky', { ky: 'major_outage' }, { vendor: 'fagsys' });
const sp = incident('inc_sp', { sp: 'partial_outage' }, { vendor: 'kombit' });
const org = incident('inc_org', { org: 'major_outage' }, { vendor: 'infra' });
const elsewhere = incident('inc_other', { other: 'major_outage' }, { vendor: 'infra' });

const linked = (downstream: Incident, upstream: Incident, extra: Partial<NonNullable<Incident['causedBy']>> = {}): Incident => ({
  ...downstream,
  causedBy: {
    incident: upstream.id,
    vendor: upstream.vendor,
    components: upstream.components.map((c) => c.id),
    state: 'linked',
    linkedBy: downstream.vendor,
    linkedAt: T0,
    upstreamResolvedAt: null,
    ...extra,
  },
});

const given = (principal: Given['principal'], incidents: Incident[] = [ky, sp, org, elsewhere]) =>
  givenContext({ principal, now, components: landscape, incidents });

/** The one incident a decision stores. */
const stored = (decision: { changes: Parameters<typeof changesOf>[0]; result: Incident }): Incident => {
  const [only, ...rest] = changesOf(decision.changes, 'incident.changed');
  assert.equal(rest.length, 0);
  assert.deepEqual(decision.result, only);
  return only!;
};

describe('linkIncident', () => {
  it("lets the downstream vendor name an upstream incident in its components' dependencies, copying its vendor and components", async () => {
    const result = stored(await linkIncident(given(vendorKey('fagsys')), 'inc_ky', { incident: 'inc_sp' }));

    assert.deepEqual(result.causedBy, {
      incident: 'inc_sp',
      vendor: 'kombit',
      components: ['sp'],
      state: 'linked',
      linkedBy: 'fagsys',
      linkedAt: T1,
      upstreamResolvedAt: null,
    });
    assert.equal(result.updatedAt, T1);
    assert.deepEqual(result.updates, ky.updates, 'no public update is posted');
  });

  it('follows the dependencies transitively (KY → Serviceplatformen → Organisation)', async () => {
    const result = stored(await linkIncident(given(vendorKey('fagsys')), 'inc_ky', { incident: 'inc_org' }));

    assert.equal(result.causedBy?.incident, 'inc_org');
  });

  it('lets an admin link any incident, signed admin', async () => {
    const result = stored(await linkIncident(given(adminKey()), 'inc_sp', { incident: 'inc_org' }));

    assert.equal(result.causedBy?.linkedBy, 'admin');
  });

  it('records when the upstream incident was resolved already', async () => {
    const resolved = { ...sp, status: 'resolved' as const, resolvedAt: T0 };

    const result = stored(await linkIncident(given(vendorKey('fagsys'), [ky, resolved]), 'inc_ky', { incident: 'inc_sp' }));

    assert.equal(result.causedBy?.upstreamResolvedAt, T0);
  });

  it('refuses a cause outside the dependency closure, naming which components are not reached from which', async () => {
    await assert.rejects(linkIncident(given(vendorKey('fagsys')), 'inc_ky', { incident: 'inc_other' }), (error: UnprocessableError) => {
      refusal(UnprocessableError, 422, 'cause_outside_dependencies', ['incident'])(error);
      assert.match(error.message, /"other" of incident inc_other is not a dependency of "ky" \(of incident inc_ky\)/);
      return true;
    });
  });

  it('refuses a cause downstream of the incident (the graph points the other way)', async () => {
    await assert.rejects(
      linkIncident(given(vendorKey('kombit')), 'inc_sp', { incident: 'inc_ky' }),
      refusal(UnprocessableError, 422, 'cause_outside_dependencies', ['incident']),
    );
  });

  it('refuses a cause on the same component only: a component is not its own dependency', async () => {
    const sp2 = incident('inc_sp2', { sp: 'major_outage' }, { vendor: 'kombit' });

    await assert.rejects(
      linkIncident(given(vendorKey('kombit'), [sp, sp2]), 'inc_sp', { incident: 'inc_sp2' }),
      refusal(UnprocessableError, 422, 'cause_outside_dependencies', ['incident']),
    );
  });

  it('refuses the incident itself, and an unknown incident, naming the field', async () => {
    await assert.rejects(
      linkIncident(given(vendorKey('fagsys')), 'inc_ky', { incident: 'inc_ky' }),
      refusal(UnprocessableError, 422, 'cause_is_itself', ['incident']),
    );
    await assert.rejects(
      linkIncident(given(vendorKey('fagsys')), 'inc_ky', { incident: 'nope' }),
      refusal(UnprocessableError, 422, 'unknown_incident', ['incident']),
    );
  });

  it('refuses a link whose upstream chain leads back to the incident', async () => {
    // A landscape whose dependencies changed after the links were made: ky and sp now depend on each other's side.
    const both = incident('inc_both', { ky: 'major_outage', sp: 'major_outage' }, { vendor: 'fagsys' });
    const spLinked = linked({ ...sp, components: [{ id: 'org', status: 'major_outage' }] }, both);
    const ctx = givenContext({
      principal: vendorKey('fagsys'),
      now,
      components: [
        component('org', [], { vendor: 'infra' }),
        component('sp', ['org'], { vendor: 'kombit' }),
        component('ky', ['sp', 'org']),
      ],
      incidents: [both, spLinked],
    });

    await assert.rejects(
      linkIncident(ctx, 'inc_both', { incident: 'inc_sp' }),
      refusal(UnprocessableError, 422, 'cause_cycle', ['incident']),
    );
  });

  it("refuses a vendor that links another vendor's incident as downstream of anything", async () => {
    await assert.rejects(
      linkIncident(given(vendorKey('kombit')), 'inc_ky', { incident: 'inc_sp' }),
      refusal(ForbiddenError, 403, 'not_your_incident'),
    );
    await assert.rejects(
      linkIncident(given(vendorKey('infra')), 'inc_ky', { incident: 'inc_org' }),
      refusal(ForbiddenError, 403, 'not_your_incident'),
    );
  });

  it('refuses an unknown downstream incident (404)', async () => {
    await assert.rejects(
      linkIncident(given(adminKey()), 'nope', { incident: 'inc_sp' }),
      refusal(NotFoundError, 404, 'incident_not_found'),
    );
  });

  it('changes nothing when the same link is made again', async () => {
    const { changes } = await linkIncident(given(vendorKey('fagsys'), [linked(ky, sp), sp]), 'inc_ky', { incident: 'inc_sp' });

    assert.deepEqual(changes, []);
  });

  it('refuses to re-link while the link is disputed (KOMBIT settles it), and a vendor changing a confirmed link', async () => {
    const disputed = linked(ky, sp, { state: 'disputed', dispute: { by: 'kombit', at: T0, reason: 'Ikke os' } });
    await assert.rejects(
      linkIncident(given(vendorKey('fagsys'), [disputed, sp, org]), 'inc_ky', { incident: 'inc_org' }),
      refusal(ConflictError, 409, 'link_disputed'),
    );
    await assert.rejects(unlinkIncident(given(adminKey(), [disputed]), 'inc_ky'), refusal(ConflictError, 409, 'link_disputed'));

    const confirmed = linked(ky, sp, { state: 'confirmed' });
    await assert.rejects(
      linkIncident(given(vendorKey('fagsys'), [confirmed, sp, org]), 'inc_ky', { incident: 'inc_org' }),
      refusal(ConflictError, 409, 'link_confirmed'),
    );
    const relinked = stored(await linkIncident(given(adminKey(), [confirmed, sp, org]), 'inc_ky', { incident: 'inc_org' }));
    assert.equal(relinked.causedBy?.state, 'linked');
  });
});

describe('unlinkIncident', () => {
  it('removes the link for the downstream vendor; nothing to remove changes nothing', async () => {
    const result = stored(await unlinkIncident(given(vendorKey('fagsys'), [linked(ky, sp)]), 'inc_ky'));

    assert.equal('causedBy' in result, false);
    assert.deepEqual((await unlinkIncident(given(vendorKey('fagsys')), 'inc_ky')).changes, []);
  });

  it("refuses another vendor's key", async () => {
    await assert.rejects(
      unlinkIncident(given(vendorKey('kombit'), [linked(ky, sp)]), 'inc_ky'),
      refusal(ForbiddenError, 403, 'not_your_incident'),
    );
  });
});

describe('disputeLink', () => {
  it('lets the upstream vendor dispute the link with its reason', async () => {
    const result = stored(await disputeLink(given(vendorKey('kombit'), [linked(ky, sp)]), 'inc_ky', { reason: 'Fejlen er ikke hos os' }));

    assert.equal(result.causedBy?.state, 'disputed');
    assert.deepEqual(result.causedBy?.dispute, { by: 'kombit', at: T1, reason: 'Fejlen er ikke hos os' });
  });

  it('refuses the downstream vendor, another vendor, and an admin key without a vendor (an admin settles)', async () => {
    for (const key of [vendorKey('fagsys'), vendorKey('infra'), adminKey()]) {
      await assert.rejects(
        disputeLink(given(key, [linked(ky, sp)]), 'inc_ky', { reason: 'Nej' }),
        refusal(ForbiddenError, 403, 'not_upstream_vendor'),
      );
    }
  });

  it('refuses a link disputed already, one KOMBIT confirmed, and an incident with no link (409)', async () => {
    const key = vendorKey('kombit');
    const dispute = { by: 'kombit', at: T0, reason: 'Ikke os' };
    await assert.rejects(
      disputeLink(given(key, [linked(ky, sp, { state: 'disputed', dispute })]), 'inc_ky', { reason: 'Igen' }),
      refusal(ConflictError, 409, 'link_disputed'),
    );
    await assert.rejects(
      disputeLink(given(key, [linked(ky, sp, { state: 'confirmed' })]), 'inc_ky', { reason: 'Igen' }),
      refusal(ConflictError, 409, 'link_confirmed'),
    );
    await assert.rejects(disputeLink(given(key, [ky]), 'inc_ky', { reason: 'Hvad?' }), refusal(ConflictError, 409, 'not_linked'));
  });
});

describe('settleLink', () => {
  const dispute = { by: 'kombit', at: T0, reason: 'Fejlen er ikke hos os' };
  const disputed = linked(ky, sp, { state: 'disputed', dispute });

  it('confirms: state confirmed, the dispute kept, the settlement signed admin with its reason', async () => {
    const result = stored(await settleLink(given(adminKey(), [disputed, sp]), 'inc_ky', { outcome: 'confirm', reason: 'Loggen viser SP' }));

    assert.equal(result.causedBy?.state, 'confirmed');
    assert.deepEqual(result.causedBy?.dispute, dispute);
    assert.deepEqual(result.causedBy?.settlement, { by: 'admin', at: T1, reason: 'Loggen viser SP', outcome: 'confirmed' });
  });

  it('moves the link to another upstream incident under the same rules', async () => {
    const ctx = given(adminKey(), [disputed, sp, org, elsewhere]);

    const result = stored(
      await settleLink(ctx, 'inc_ky', { outcome: 'move', incident: 'inc_org', reason: 'Fejlen ligger i Organisation' }),
    );
    assert.deepEqual(result.causedBy, {
      incident: 'inc_org',
      vendor: 'infra',
      components: ['org'],
      state: 'confirmed',
      linkedBy: 'admin',
      linkedAt: T1,
      upstreamResolvedAt: null,
      dispute,
      settlement: { by: 'admin', at: T1, reason: 'Fejlen ligger i Organisation', outcome: 'moved' },
    });
    await assert.rejects(
      settleLink(ctx, 'inc_ky', { outcome: 'move', incident: 'inc_other', reason: 'Other' }),
      refusal(UnprocessableError, 422, 'cause_outside_dependencies', ['incident']),
    );
  });

  it('removes the link, keeping it with the settlement as removedCause', async () => {
    const result = stored(await settleLink(given(adminKey(), [disputed]), 'inc_ky', { outcome: 'remove', reason: 'Ingen årsag fundet' }));

    assert.equal(result.causedBy, undefined);
    assert.equal(result.removedCause?.incident, 'inc_sp');
    assert.deepEqual(result.removedCause?.settlement, { by: 'admin', at: T1, reason: 'Ingen årsag fundet', outcome: 'removed' });
  });

  it('refuses to move the link to the incident it names already (confirm it instead)', async () => {
    await assert.rejects(
      settleLink(given(adminKey(), [disputed, sp]), 'inc_ky', { outcome: 'move', incident: 'inc_sp', reason: 'Samme' }),
      refusal(UnprocessableError, 422, 'cause_unchanged', ['incident']),
    );
  });

  it('keeps a link KOMBIT removed from being made again by a vendor key; an admin may, and another cause stays allowed', async () => {
    const removed = stored(await settleLink(given(adminKey(), [disputed]), 'inc_ky', { outcome: 'remove', reason: 'Ikke SP' }));

    await assert.rejects(
      linkIncident(given(vendorKey('fagsys'), [removed, sp, org]), 'inc_ky', { incident: 'inc_sp' }),
      refusal(ConflictError, 409, 'link_removed'),
    );
    const other = stored(await linkIncident(given(vendorKey('fagsys'), [removed, sp, org]), 'inc_ky', { incident: 'inc_org' }));
    assert.equal(other.causedBy?.incident, 'inc_org');
    assert.equal(other.removedCause?.incident, 'inc_sp', 'the removal stays on record');
    const again = stored(await linkIncident(given(adminKey(), [removed, sp, org]), 'inc_ky', { incident: 'inc_sp' }));
    assert.equal(again.causedBy?.incident, 'inc_sp');
  });

  it('is for admin keys only, and only for a disputed link', async () => {
    await assert.rejects(
      settleLink(given(vendorKey('fagsys'), [disputed]), 'inc_ky', { outcome: 'confirm', reason: 'Ja' }),
      refusal(ForbiddenError, 403, 'admin_only'),
    );
    await assert.rejects(
      settleLink(given(adminKey(), [linked(ky, sp)]), 'inc_ky', { outcome: 'confirm', reason: 'Ja' }),
      refusal(ConflictError, 409, 'link_not_disputed'),
    );
  });
});

describe('resolving and reopening the upstream incident', () => {
  const kyLinked = linked(ky, sp);
  const otherLinked = linked(incident('inc_ky2', { ky: 'degraded_performance' }, { vendor: 'fagsys' }), sp);

  it('sets upstreamResolvedAt on every open incident linked to it, in the same decision, and notifies their owners', async () => {
    const state = [kyLinked, otherLinked, sp, org];
    const { changes } = await resolveIncident(given(vendorKey('kombit'), state), 'inc_sp', { message: { da: 'Fejlen er rettet' } });

    const [upstream, ...downstream] = changesOf(changes, 'incident.changed');
    assert.equal(upstream?.id, 'inc_sp');
    assert.deepEqual(
      downstream.map((i) => [i.id, i.causedBy?.upstreamResolvedAt, i.status, i.updates.length]),
      [
        ['inc_ky', T1, 'investigating', 1],
        ['inc_ky2', T1, 'investigating', 1],
      ],
    );
    const before = new Map(state.map((i) => [i.id, i]));
    assert.deepEqual(
      noticesFor(changes, (c) => before.get(c.data.id) as Incident, now, 0).map((n) => [n.kind, n.subjectId]),
      [
        ['incident.resolved', 'inc_sp'],
        ['incident.cause_resolved', 'inc_ky'],
        ['incident.cause_resolved', 'inc_ky2'],
      ],
    );
  });

  it('clears it again when the upstream incident is reopened, telling nobody', async () => {
    const resolvedSp = { ...sp, status: 'resolved' as const, resolvedAt: T0 };
    const told = linked(ky, sp, { upstreamResolvedAt: T0 });

    const { changes } = await reopenIncident(given(vendorKey('kombit'), [told, resolvedSp]), 'inc_sp', { message: { da: 'Igen' } });

    const [, downstream] = changesOf(changes, 'incident.changed');
    assert.equal(downstream?.causedBy?.upstreamResolvedAt, null);
    assert.deepEqual(
      noticesFor(changes, (c) => (c.data.id === 'inc_ky' ? told : resolvedSp), now, 0).map((n) => n.kind),
      ['incident.updated'],
    );
  });

  it('reopening a downstream incident reads its cause afresh: resolved while it was resolved itself', async () => {
    const resolvedKy = { ...linked(ky, sp), status: 'resolved' as const, resolvedAt: T0 };
    const resolvedSp = { ...sp, status: 'resolved' as const, resolvedAt: T0 };

    const { changes } = await reopenIncident(given(vendorKey('fagsys'), [resolvedKy, resolvedSp]), 'inc_ky', { message: { da: 'Igen' } });

    const [reopened] = changesOf(changes, 'incident.changed');
    assert.equal(reopened?.causedBy?.upstreamResolvedAt, T0);
    assert.deepEqual(
      noticesFor(changes, () => resolvedKy, now, 0).map((n) => n.kind),
      ['incident.updated'],
      'subscribers hear it reopened; the owner reopened it itself',
    );
  });

  it('leaves incidents that are not linked to it alone', async () => {
    const { changes } = await resolveIncident(
      given(vendorKey('kombit'), [ky, linked(incident('x', { sp: 'major_outage' }), org), sp]),
      'inc_sp',
      {
        message: { da: 'Løst' },
      },
    );

    assert.equal(changes.length, 1);
  });
});
