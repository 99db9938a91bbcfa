import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatTime, formatWindow } from './format-time.js';

describe('times on the site, in Copenhagen time', () => {
  it('formatTime: Danish with "kl." and a full stop, English with a colon', () => {
    assert.equal(formatTime('2026-08-24T22:00:00.000Z', 'da'), 'tirsdag den 25. august 2026 kl. 00.00');
    assert.equal(formatTime('2026-08-24T22:00:00.000Z', 'en'), 'Tuesday 25 August 2026, 00:00');
  });

  it('formatWindow: the date once on one day, as KOMBIT writes it; both in full across days and across midnight', () => {
    assert.equal(formatWindow('2026-08-24T22:00:00Z', '2026-08-25T06:00:00Z', 'da'), 'tirsdag den 25. august 2026 kl. 00.00 til kl. 08.00');
    assert.equal(formatWindow('2026-08-24T22:00:00Z', '2026-08-25T06:00:00Z', 'en'), 'Tuesday 25 August 2026, 00:00 to 08:00');
    assert.equal(
      formatWindow('2026-12-05T21:00:00Z', '2026-12-06T03:00:00Z', 'da'),
      'lørdag den 5. december 2026 kl. 22.00 til søndag den 6. december 2026 kl. 04.00',
    );
    // 25 October 2026: 02.00–03.00 happens twice; still one day.
    assert.equal(formatWindow('2026-10-24T23:00:00Z', '2026-10-25T03:00:00Z', 'da'), 'søndag den 25. oktober 2026 kl. 01.00 til kl. 04.00');
  });
});
