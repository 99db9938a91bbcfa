import { expect } from '@open-wc/testing';
import { formatClock, formatWhen } from './format-time.js';

describe('formatClock', () => {
  it('shows Copenhagen time with a full stop in Danish and a colon in English', () => {
    expect(formatClock(new Date('2025-11-26T07:08:00Z'), 'da')).to.equal('08.08');
    expect(formatClock(new Date('2025-11-26T07:08:00Z'), 'en')).to.equal('08:08');
    expect(formatClock(new Date('2025-06-26T15:30:00Z'), 'da')).to.equal('17.30');
    expect(formatClock(new Date('2025-11-26T23:05:00Z'), 'da')).to.equal('00.05');
  });

  it('jumps from 01.59 to 03.00 on the last Sunday of March', () => {
    expect(formatClock(new Date('2026-03-29T00:59:00Z'), 'da')).to.equal('01.59');
    expect(formatClock(new Date('2026-03-29T01:00:00Z'), 'da')).to.equal('03.00');
  });

  it('shows 02.30 twice on the last Sunday of October', () => {
    expect(formatClock(new Date('2026-10-25T00:30:00Z'), 'da')).to.equal('02.30');
    expect(formatClock(new Date('2026-10-25T01:30:00Z'), 'da')).to.equal('02.30');
    expect(formatClock(new Date('2026-10-25T02:30:00Z'), 'da')).to.equal('03.30');
  });
});

describe('formatWhen', () => {
  const now = new Date('2025-11-26T12:00:00Z');

  it('gives only the clock on the same Copenhagen day', () => {
    expect(formatWhen(new Date('2025-11-26T07:08:00Z'), 'da', now)).to.equal('kl. 08.08');
    expect(formatWhen(new Date('2025-11-26T07:08:00Z'), 'en', now)).to.equal('08:08');
  });

  it('adds the date on another day, by Copenhagen midnight rather than UTC midnight', () => {
    // 23.30 UTC on the 25th is already 00.30 on the 26th in Copenhagen.
    expect(formatWhen(new Date('2025-11-25T23:30:00Z'), 'da', now)).to.equal('kl. 00.30');
    expect(formatWhen(new Date('2025-11-25T22:15:00Z'), 'da', now)).to.equal('25. november kl. 23.15');
    expect(formatWhen(new Date('2025-11-25T22:15:00Z'), 'en', now)).to.equal('25 November 23:15');
    expect(formatWhen(new Date('2024-11-26T07:08:00Z'), 'da', now)).to.equal('26. november kl. 08.08');
  });
});
