import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { component } from '../test-support/fixtures.js';
import { reachOf, recipientsOf } from './recipients.js';

// KY and BS depend on Serviceplatformen, which depends on Organisation; CPR stands alone.
const landscape = [
  component('organisation'),
  component('serviceplatformen', ['organisation']),
  component('ky', ['serviceplatformen']),
  component('bs', ['serviceplatformen', 'cpr']),
  component('cpr'),
];

describe('reachOf', () => {
  it('gives every dependent the shortest path to an affected component', () => {
    const reach = reachOf(['organisation'], landscape);
    assert.deepEqual(reach.get('ky'), ['ky', 'serviceplatformen', 'organisation']);
    assert.deepEqual(reach.get('organisation'), ['organisation']);
    assert.equal(reach.has('cpr'), false, 'CPR does not depend on Organisation');
  });

  it('takes the nearer of two affected components', () => {
    assert.deepEqual(reachOf(['organisation', 'serviceplatformen'], landscape).get('ky'), ['ky', 'serviceplatformen']);
  });
});

describe('recipientsOf', () => {
  const audience = [
    { id: 'ky-reader', components: ['ky'] },
    { id: 'cpr-reader', components: ['cpr'] },
    { id: 'everything', components: null },
    { id: 'both', components: ['ky', 'bs'] },
  ];

  it('reaches those whose components depend on the affected one, and those who chose everything, only', () => {
    const found = recipientsOf(reachOf(['serviceplatformen'], landscape), ['serviceplatformen'], audience);
    assert.deepEqual(
      found.map((f) => [f.audience.id, f.affected]),
      [
        ['ky-reader', [{ component: 'ky', path: ['ky', 'serviceplatformen'] }]],
        ['everything', [{ component: 'serviceplatformen', path: ['serviceplatformen'] }]],
        [
          'both',
          [
            { component: 'ky', path: ['ky', 'serviceplatformen'] },
            { component: 'bs', path: ['bs', 'serviceplatformen'] },
          ],
        ],
      ],
    );
  });
});
