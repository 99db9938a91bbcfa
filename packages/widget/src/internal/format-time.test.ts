import { expect } from '@open-wc/testing';
import { formatAgo, formatClock, formatWhen } from './format-time.js';

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
    expect(formatWhen(new Date('2025-11-25T22:15:00Z'), 'da', now)).to.equal('i går kl. 23.15');
    expect(formatWhen(new Date('2025-11-25T22:15:00Z'), 'en', now)).to.equal('yesterday 23:15');
    expect(formatWhen(new Date('2025-11-24T22:15:00Z'), 'da', now)).to.equal('24. november kl. 23.15');
    expect(formatWhen(new Date('2025-11-24T22:15:00Z'), 'en', now)).to.equal('24 November 23:15');
    expect(formatWhen(new Date('2024-11-26T07:08:00Z'), 'da', now)).to.equal('26. november kl. 08.08');
  });
});

describe('formatWhen across the changes to and from summer time', () => {
  it('knows yesterday by the calendar on the day after the last Sunday of March (a 23-hour day)', () => {
    // Monday 30 March 2026 00.30 CEST is 22.30 UTC on the 29th; 24 hours earlier is still the 28th.
    const now = new Date('2026-03-29T22:30:00Z');
    expect(formatWhen(new Date('2026-03-28T23:30:00Z'), 'da', now)).to.equal('i går kl. 00.30');
    expect(formatWhen(new Date('2026-03-28T22:30:00Z'), 'da', now)).to.equal('28. marts kl. 23.30');
    expect(formatWhen(new Date('2026-03-29T01:00:00Z'), 'da', now)).to.equal('i går kl. 03.00');
  });

  it('knows yesterday by the calendar on the day after the last Sunday of October (a 25-hour day)', () => {
    // Monday 26 October 2026 23.30 CET; the Sunday had 02.30 twice.
    const now = new Date('2026-10-26T22:30:00Z');
    expect(formatWhen(new Date('2026-10-25T01:30:00Z'), 'da', now)).to.equal('i går kl. 02.30');
    expect(formatWhen(new Date('2026-10-24T22:30:00Z'), 'da', now)).to.equal('i går kl. 00.30');
    expect(formatWhen(new Date('2026-10-24T21:30:00Z'), 'da', now)).to.equal('24. oktober kl. 23.30');
    expect(formatWhen(new Date('2026-10-26T22:00:00Z'), 'en', now)).to.equal('23:00');
  });

  it('gives only the clock across the change on the day itself', () => {
    expect(formatWhen(new Date('2026-03-29T00:30:00Z'), 'da', new Date('2026-03-29T21:00:00Z'))).to.equal('kl. 01.30');
    expect(formatWhen(new Date('2026-10-25T00:30:00Z'), 'da', new Date('2026-10-25T22:30:00Z'))).to.equal('kl. 02.30');
  });
});

describe('formatAgo', () => {
  const at = new Date('2025-11-26T07:08:00Z');
  const after = (minutes: number) => new Date(at.getTime() + minutes * 60_000);

  it('counts minutes within the hour, in Danish and English', () => {
    expect(formatAgo(at, 'da', after(5))).to.equal('for 5 minutter siden');
    expect(formatAgo(at, 'da', after(1))).to.equal('for 1 minut siden');
    expect(formatAgo(at, 'en', after(5))).to.equal('5 minutes ago');
    expect(formatAgo(at, 'da', after(59))).to.equal('for 59 minutter siden');
  });

  it('says now for under a minute, and for a time a little ahead of the clock', () => {
    expect(formatAgo(at, 'da', after(0.5))).to.equal('nu');
    expect(formatAgo(at, 'da', after(-2))).to.equal('nu');
    expect(formatAgo(at, 'en', at)).to.equal('now');
  });

  it('gives the time after an hour, and yesterday as "i går"', () => {
    expect(formatAgo(at, 'da', after(60))).to.equal('kl. 08.08');
    expect(formatAgo(new Date('2025-11-25T21:15:00Z'), 'da', after(10))).to.equal('i går kl. 22.15');
  });

  it('counts minutes across the spring change: 01.59 to 03.01 CEST is 2 minutes', () => {
    expect(formatAgo(new Date('2026-03-29T00:59:00Z'), 'da', new Date('2026-03-29T01:01:00Z'))).to.equal('for 2 minutter siden');
  });
});
