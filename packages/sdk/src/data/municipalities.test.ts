import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MUNICIPALITY_CODE_PATTERN } from '../schemas/municipality.js';
import { isMunicipalityCode, municipality, municipalityFullName, MUNICIPALITIES } from './municipalities.js';

describe('the municipalities', () => {
  it('are the 98 with unique four-digit codes, in code order', () => {
    assert.equal(MUNICIPALITIES.length, 98);
    assert.equal(new Set(MUNICIPALITIES.map((m) => m.code)).size, 98);
    assert.equal(new Set(MUNICIPALITIES.map((m) => m.name)).size, 98);
    for (const { code, name } of MUNICIPALITIES) {
      assert.match(code, MUNICIPALITY_CODE_PATTERN);
      assert.ok(name.trim() === name && name.length > 1, code);
    }
    assert.deepEqual(
      MUNICIPALITIES.map((m) => m.code),
      MUNICIPALITIES.map((m) => m.code).sort(),
    );
  });

  it('hold the known pairs, and not Christiansø (no municipality)', () => {
    const pairs = { '0101': 'København', '0147': 'Frederiksberg', '0751': 'Aarhus', '0851': 'Aalborg', '0400': 'Bornholm', '0480': 'Nordfyns', '0860': 'Hjørring' };
    for (const [code, name] of Object.entries(pairs)) assert.equal(municipality(code)?.name, name, code);
    assert.equal(isMunicipalityCode('0411'), false);
    assert.equal(municipality('0411'), undefined);
    assert.equal(isMunicipalityCode('0000'), false);
    assert.equal(isMunicipalityCode('101'), false);
    assert.equal(isMunicipalityCode('0101'), true);
  });

  it('give the full name a page shows', () => {
    assert.equal(municipalityFullName('0751'), 'Aarhus Kommune');
    assert.equal(municipalityFullName('0101'), 'Københavns Kommune');
    assert.equal(municipalityFullName('0400'), 'Bornholms Regionskommune');
    assert.equal(municipalityFullName('0411'), undefined);
  });
});
