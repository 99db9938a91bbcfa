import { expect } from '@open-wc/testing';
import { parseComponentIds } from './component-ids.js';

describe('parseComponentIds', () => {
  it('trims, drops empties and duplicates', () => {
    expect(parseComponentIds(' ky,ksd,,ky ')).to.deep.equal(['ky', 'ksd']);
    expect(parseComponentIds(undefined)).to.deep.equal([]);
    expect(parseComponentIds('')).to.deep.equal([]);
  });

  it('drops what cannot be an id, so one typo does not make the server refuse the list', () => {
    expect(parseComponentIds('ky,KSD,ky;ksd,ny_komponent, sts ')).to.deep.equal(['ky', 'sts']);
  });

  it('takes what a framework sets as the property: an array is a list, anything else no error', () => {
    expect(parseComponentIds(['ky', 'ksd'])).to.deep.equal(['ky', 'ksd']);
    expect(parseComponentIds(42)).to.deep.equal(['42']);
    expect(parseComponentIds({})).to.deep.equal([]);
  });
});
