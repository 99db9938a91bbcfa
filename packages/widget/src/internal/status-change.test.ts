import { expect } from '@open-wc/testing';
import { effectiveStatus } from './status-change.js';
import { stsIncidentSummary, summary } from './test-fixtures.js';

describe('effectiveStatus', () => {
  it('is the worst effective status of the given components, in the order given, leaving out unknown ids', () => {
    expect(effectiveStatus(stsIncidentSummary(), ['ksd', 'nope', 'ky'])).to.deep.equal({
      status: 'partial_outage',
      components: [
        { id: 'ksd', status: 'partial_outage' },
        { id: 'ky', status: 'partial_outage' },
      ],
    });
  });

  it('is operational when all is well or nothing is known', () => {
    expect(effectiveStatus(summary(), ['ky']).status).to.equal('operational');
    expect(effectiveStatus(summary(), [])).to.deep.equal({ status: 'operational', components: [] });
  });
});
