import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENT_STATUSES, INCIDENT_IMPACTS } from '@kdi-status/sdk';
import { componentStatus, expiry, instant, oneOf, parse, required, UsageError } from './args.js';

describe('CLI argument parsing', () => {
  it('parses options, repeated options and positionals, with --json and --help always accepted', () => {
    const { values, positionals } = parse(
      ['inc_1', '--message', 'Løst', '--component', 'a=operational', '--component', 'b=major_outage', '--json'],
      { message: { type: 'string' }, component: { type: 'string', multiple: true } },
      ['id'],
    );
    assert.deepEqual(positionals, ['inc_1']);
    assert.equal(values.message, 'Løst');
    assert.deepEqual(values.component, ['a=operational', 'b=major_outage']);
    assert.equal(values.json, true);
    assert.equal(values.help, false);
  });

  it('turns an unknown option, a missing value, a missing or extra positional into UsageErrors', () => {
    assert.throws(
      () => parse(['--bogus'], {}),
      (e) => e instanceof UsageError && /Unknown option '--bogus'/.test(e.message),
    );
    assert.throws(() => parse(['--message'], { message: { type: 'string' } }), UsageError);
    assert.throws(() => parse([], {}, ['id']), { name: 'UsageError', message: 'missing <id>' });
    assert.throws(() => parse(['a', 'b'], {}, ['id']), { name: 'UsageError', message: 'unexpected argument "b"' });
    assert.throws(() => parse(['sts'], {}, ['id', 'status']), { message: 'missing <status>' });
  });

  it('names a missing required option', () => {
    assert.throws(() => required(undefined, 'title'), { name: 'UsageError', message: 'missing --title' });
    assert.throws(() => required('  ', 'title'), { message: 'missing --title' });
    assert.throws(() => required([], 'component'), { message: 'missing --component' });
    assert.equal(required('x', 'title'), 'x');
  });

  it('checks enum values against the SDK, listing the allowed ones', () => {
    assert.equal(oneOf('major', INCIDENT_IMPACTS, '--impact'), 'major');
    assert.throws(() => oneOf('huge', INCIDENT_IMPACTS, '--impact'), {
      name: 'UsageError',
      message: '--impact must be one of none, minor, major, critical (got "huge")',
    });
  });

  it('reads --component <id>=<status>', () => {
    assert.deepEqual(componentStatus('sts=major_outage', COMPONENT_STATUSES), { id: 'sts', status: 'major_outage' });
    assert.throws(() => componentStatus('sts', COMPONENT_STATUSES), /--component must be <id>=<status>/);
    assert.throws(() => componentStatus('sts=down', COMPONENT_STATUSES), /the status in --component sts must be one of operational/);
  });

  it('turns any ISO 8601 time into the UTC instant the API wants, and refuses anything else', () => {
    assert.equal(instant('2026-11-29T00:00+01:00', '--starts'), '2026-11-28T23:00:00.000Z');
    assert.equal(instant('2026-11-28T23:00:00Z', '--starts'), '2026-11-28T23:00:00.000Z');
    assert.equal(instant('2026-11-28', '--starts'), '2026-11-28T00:00:00.000Z');
    for (const bad of ['tomorrow', '28/11/2026', '2026-13-45T00:00Z', '1732838400']) {
      assert.throws(() => instant(bad, '--starts'), { name: 'UsageError', message: new RegExp(`^--starts must be an ISO 8601 time`) });
    }
  });

  it('reads --expires as a duration from now or as a time', () => {
    const now = new Date('2026-11-26T08:00:00.000Z');
    assert.equal(expiry('30d', now), '2026-12-26T08:00:00.000Z');
    assert.equal(expiry('12h', now), '2026-11-26T20:00:00.000Z');
    assert.equal(expiry('2027-01-01T00:00:00Z', now), '2027-01-01T00:00:00.000Z');
    assert.throws(() => expiry('1y', now), { name: 'UsageError', message: /--expires must be an ISO 8601 time or a duration/ });
  });
});
