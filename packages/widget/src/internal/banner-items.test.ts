import { expect } from '@open-wc/testing';
import { bannerItems } from './banner-items.js';
import { component, incident, maintenance, source, stsIncidentSummary, summary } from './test-fixtures.js';

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
});
