import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENT_STATUSES } from '@kdi-status/sdk';
import { BADGE_COLOURS, renderBadge } from './badge.js';

/** WCAG 2.1 contrast of a #rrggbb colour against white. */
function contrastWithWhite(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05);
}

describe('status badge', () => {
  it('white text on every status colour has at least 4.5:1 (WCAG AA)', () => {
    for (const status of COMPONENT_STATUSES) assert.ok(contrastWithWhite(BADGE_COLOURS[status]) >= 4.5, status);
  });

  it('says the status in words in both languages; a hostile name stays text in the title', () => {
    for (const status of COMPONENT_STATUSES) {
      const svg = renderBadge({ name: '<script>x</script>"&\u202E', status, lang: 'da' });
      assert.equal(svg.match(/<[a-z]+/gi)!.length, 7, 'svg, title, two rects, g, two texts');
      assert.ok(svg.includes('<title>Driftsstatus for &lt;script&gt;x&lt;/script&gt;&quot;&amp;\u202E: '));
    }
    assert.match(renderBadge({ name: 'KY', status: 'major_outage', lang: 'da' }), />Nedbrud<\/text>/);
    assert.match(
      renderBadge({ name: 'KY', status: 'major_outage', lang: 'en' }),
      />Service status<\/text>\s*<text[^>]*>Major outage<\/text>/,
    );
  });
});
