import { expect } from '@open-wc/testing';
import { bannerItems, itemVersion } from './banner-items.js';
import { component, incident, maintenance, source, stsIncidentSummary, summary, upcomingSummary } from './test-fixtures.js';

describe('bannerItems', () => {
  it('is empty when all is well', () => {
    expect(bannerItems(summary(), ['ky', 'ksd'])).to.deep.equal([]);
  });

  it('names the path of an incident two hops away, by component name, and its vendor', () => {
    const [item, ...rest] = bannerItems(stsIncidentSummary(), ['ky']);
    expect(rest).to.have.length(0);
    expect(item?.kind).to.equal('incident');
    expect(item?.key).to.equal('incident:inc-sts');
    expect(item?.status).to.equal('partial_outage');
    expect(item?.via).to.deep.equal(['Serviceplatformen', 'STS']);
    expect(item?.vendor?.name).to.equal('Netic');
    expect(item?.kind === 'incident' && item.latest?.message.da).to.equal('Vi undersøger langsomme svar fra STS.');
  });

  it('shows nothing for a source whose incident is gone from the summary (a resolve applied before its status event)', () => {
    const s = summary({
      components: [component('ky', [source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-resolved'] })])],
    });
    expect(bannerItems(s, ['ky'])).to.deep.equal([]);
  });

  it('has no path when the incident is on a given component itself', () => {
    expect(bannerItems(stsIncidentSummary(), ['sts'])[0]?.via).to.deep.equal([]);
  });

  it('shows an incident once however many paths and components it reaches, with the shortest path and the worst status', () => {
    const inc = incident('inc-both', {
      components: [
        { id: 'sts', status: 'degraded_performance' },
        { id: 'organisation', status: 'major_outage' },
      ],
    });
    const s = summary({
      components: [
        component('ky', [
          source('organisation', 'major_outage', ['serviceplatformen', 'organisation'], { incidents: ['inc-both'] }),
          source('sts', 'degraded_performance', ['serviceplatformen', 'sts'], { incidents: ['inc-both'] }),
        ]),
        component('ksd', [
          source('organisation', 'major_outage', ['organisation'], { incidents: ['inc-both'] }),
          source('sts', 'degraded_performance', ['organisation', 'sts'], { incidents: ['inc-both'] }),
        ]),
      ],
      incidents: [inc],
    });
    const items = bannerItems(s, ['ky', 'ksd']);
    expect(items.map((i) => i.key)).to.deep.equal(['incident:inc-both']);
    expect(items[0]?.status).to.equal('major_outage');
    expect(items[0]?.via).to.deep.equal(['Organisation']);
  });

  it('leaves out what affects only components not given, and ignores unknown ids', () => {
    const s = summary({
      components: [component('ksd', [source('ksd', 'major_outage', [], { incidents: ['inc-ksd'] })], 'major_outage')],
      incidents: [incident('inc-ksd', { vendor: 'fagsys-nord', components: [{ id: 'ksd', status: 'major_outage' }] })],
    });
    expect(bannerItems(s, ['ky', 'no-such-thing'])).to.deep.equal([]);
    expect(bannerItems(s, ['ksd'])).to.have.length(1);
  });

  it('gives a status set by hand, with no incident behind it, an entry of its own', () => {
    const s = summary({ components: [component('ky', [source('sts', 'major_outage', ['serviceplatformen', 'sts'])])] });
    const [item] = bannerItems(s, ['ky']);
    expect(item?.kind).to.equal('status');
    expect(item?.kind === 'status' && item.componentName).to.equal('STS');
    expect(item?.status).to.equal('major_outage');
    expect(item?.vendor?.name).to.equal('Netic');
  });

  it('shows maintenance in progress, and sorts the worst first', () => {
    const s = summary({
      components: [
        component('ky', [
          source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-sts'] }),
          source('organisation', 'under_maintenance', ['serviceplatformen', 'organisation'], { maintenances: ['mnt-1'] }),
          source('serviceplatformen', 'degraded_performance', ['serviceplatformen']),
        ]),
      ],
      incidents: [incident('inc-sts')],
      maintenances: [maintenance('mnt-1')],
    });
    const items = bannerItems(s, ['ky']);
    expect(items.map((i) => i.key)).to.deep.equal(['incident:inc-sts', 'status:serviceplatformen', 'maintenance:mnt-1']);
    expect(items[2]?.vendor?.name).to.equal('KOMBIT');
  });

  it('shows maintenance starting within the notice on a dependency, by its shortest path, after everything else', () => {
    const now = new Date('2025-11-26T07:00:00.000Z');
    const s = upcomingSummary(5, now);
    s.incidents = [incident('inc-sts')];
    s.components = s.components.map((c) =>
      c.id === 'ky' ? component('ky', [source('sts', 'partial_outage', ['serviceplatformen', 'sts'], { incidents: ['inc-sts'] })]) : c,
    );
    const items = bannerItems(s, ['ky'], now);
    expect(items.map((i) => i.key)).to.deep.equal(['incident:inc-sts', 'maintenance:mnt-up']);
    expect(items[1]?.via).to.deep.equal(['Serviceplatformen', 'STS']);
    expect(items[1]?.kind === 'maintenance' && items[1].upcoming).to.equal(true);
    expect(bannerItems(s, ['sts'], now).map((i) => i.via)).to.deep.equal([[]]);
  });

  it('leaves out upcoming maintenance beyond the notice, already over, or on what the components do not depend on', () => {
    const now = new Date('2025-11-26T07:00:00.000Z');
    expect(bannerItems(upcomingSummary(49, now), ['ky'], now)).to.deep.equal([]);
    expect(bannerItems(upcomingSummary(49, now), ['ky'], now, 50)).to.have.length(1);
    expect(bannerItems(upcomingSummary(-3, now), ['ky'], now)).to.deep.equal([]);
    const onKsdOnly = upcomingSummary(1, now);
    onKsdOnly.maintenances.upcoming[0]!.components = ['ksd'];
    expect(bannerItems(onKsdOnly, ['ky'], now)).to.deep.equal([]);
  });

  it('gives each version of a message its own key: a new update or another status is another version', () => {
    const [first] = bannerItems(stsIncidentSummary(), ['ky']);
    expect(itemVersion(first!)).to.equal('incident:inc-sts|partial_outage|inc-sts-u1');
    const worse = bannerItems(stsIncidentSummary({ components: [{ id: 'sts', status: 'major_outage' }] }), ['ky']);
    expect(itemVersion(worse[0]!)).to.equal('incident:inc-sts|major_outage|inc-sts-u1');
  });
});
