import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError, NetworkError, SchemaValidationError, TimeoutError } from '@kdi-status/sdk';
import { InvalidInputError } from '../domain/errors.js';
import { UsageError } from './args.js';
import { describeError, escapeControls, human, Output, shortTime, table } from './output.js';

describe('CLI output', () => {
  it('aligns table columns and shows empty cells as "-"', () => {
    assert.equal(
      table(
        ['ID', 'STATUS', 'TITLE'],
        [
          ['inc_1', 'investigating', 'Nedbrud i STS'],
          ['inc_22', null, ''],
        ],
      ),
      'ID      STATUS         TITLE\n' + 'inc_1   investigating  Nedbrud i STS\n' + 'inc_22  -              -\n',
    );
  });

  it('writes out every control character a terminal would act on, and nothing else', () => {
    assert.equal(escapeControls('\u0000\u0007\t\n\r\u001b[2J\u007f'), '\\x00\\x07\\x09\\x0a\\x0d\\x1b[2J\\x7f');
    assert.equal(escapeControls('\u0080\u009b31m\u009f'), '\\x80\\x9b31m\\x9f');
    const bidi = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
    assert.equal(escapeControls(bidi.join('')), bidi.map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
    // Line and paragraph separators, zero-width characters and tag characters hide or move text.
    assert.equal(escapeControls('a\u2028b\u2029c\u200bd\u200ce\ufefff\u{e0041}g'), 'a\\u2028b\\u2029c\\u200bd\\u200ce\\ufefff\\u{e0041}g');
    // Danish, other scripts, emoji (joined by U+200D), a backslash and the neighbours of the ranges stay as they are.
    const plain = 'Løst: æøå ÆØÅ \u00a0 \u200d \u2070 مرحبا 日本 🙂 C:\\x y ~';
    assert.equal(escapeControls(plain), plain);
  });

  it('escapes the values of a human template, not its own line breaks', () => {
    const title = 'Nedbrud\u001b]0;pwned\u0007';
    assert.equal(human`inc_1  ${title}\n  status ${'investigating'}`, 'inc_1  Nedbrud\\x1b]0;pwned\\x07\n  status investigating');
  });

  it('escapes table cells, so a tab or line break in one keeps the columns in line', () => {
    assert.equal(
      table(
        ['NAME', 'ROLE'],
        [
          ['a\tb\nc', 'admin'],
          ['\u202ex', 'vendor'],
        ],
      ),
      'NAME         ROLE\n' + 'a\\x09b\\x0ac  admin\n' + '\\u202ex      vendor\n',
    );
  });

  it('shortens API times for a terminal, in UTC', () => {
    assert.equal(shortTime('2026-11-26T08:08:00.000Z'), '2026-11-26 08:08Z');
    assert.equal(shortTime(null), null);
  });

  it('prints the human text, or with --json the data', () => {
    let text = '';
    const sink = { write: (t: string) => (text += t) };
    new Output(sink, false).result('Opened inc_1.', { id: 'inc_1' });
    assert.equal(text, 'Opened inc_1.\n');
    text = '';
    new Output(sink, true).result('Opened inc_1.', { id: 'inc_1' });
    assert.deepEqual(JSON.parse(text), { id: 'inc_1' });
  });
});

describe('describeError', () => {
  it('gives usage errors exit code 2', () => {
    const report = describeError(new UsageError('missing --title'));
    assert.equal(report.exitCode, 2);
    assert.equal(report.message, 'missing --title');
    assert.deepEqual(report.json, { error: { code: 'usage', message: 'missing --title' } });
  });

  it('names each field of a refused body, and the option it came from, on one line with exit code 1', () => {
    const error = new HttpError(400, 'http://x/api/v1/admin/incidents', {
      type: '/problems/invalid-body',
      title: 'Bad request',
      status: 400,
      code: 'invalid_body',
      errors: [
        { field: 'title.da', message: 'must not be empty' },
        { field: 'components.0.id', message: 'unknown component "nope"' },
        { field: 'other', message: 'x' },
      ],
    });
    const report = describeError(error, { 'title.da': '--title', components: '--component' });
    assert.equal(report.exitCode, 1);
    assert.equal(
      report.message,
      'refused (HTTP 400 invalid_body): title.da (--title): must not be empty; components.0.id (--component): unknown component "nope"; other: x',
    );
    assert.ok(!report.message.includes('\n'));
    assert.equal(report.json.error.status, 400);
    assert.equal(report.json.error.errors?.length, 3);
  });

  it('tells the problem detail when there are no fields, with a hint on 401', () => {
    const problem = (status: number, code: string, detail: string) =>
      new HttpError(status, 'http://x', { type: 't', title: 'T', status, code, detail });
    assert.equal(
      describeError(problem(409, 'incident_resolved', 'The incident is resolved: reopen it first.')).message,
      'refused (HTTP 409 incident_resolved): The incident is resolved: reopen it first.',
    );
    assert.match(
      describeError(problem(401, 'invalid_key', 'The API key was revoked.')).message,
      /revoked\. \(check --token or KDI_STATUS_TOKEN\)$/,
    );
    // No problem body at all (a proxy's 502): the status still says what happened.
    assert.equal(
      describeError(new HttpError(502, 'http://x/y', undefined)).message,
      'refused (HTTP 502 http_502): HTTP 502 from http://x/y',
    );
  });

  it('says the server could not be reached, and why', () => {
    const refused = new NetworkError(
      'http://localhost:1999/api/v1/incidents',
      new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }),
    );
    const report = describeError(refused);
    assert.equal(report.exitCode, 1);
    assert.equal(
      report.message,
      'Could not reach http://localhost:1999/api/v1/incidents (ECONNREFUSED): is the server running? (--server or KDI_STATUS_SERVER)',
    );
    assert.equal(describeError(new TimeoutError('http://x', 10)).json.error.code, 'timeout');
  });

  it('calls an answer it does not understand a version mismatch', () => {
    const report = describeError(new SchemaValidationError('http://x', [{ path: 'status', message: 'invalid' }]));
    assert.equal(report.exitCode, 1);
    assert.match(report.message, /versions differ/);
  });

  it("names the fields of the store's and the domain's refusals, and passes other errors' messages on", () => {
    const report = describeError(new InvalidInputError('invalid_key', [{ field: 'expiresAt', message: 'must be in the future' }]), {
      expiresAt: '--expires',
    });
    assert.equal(report.exitCode, 1);
    assert.equal(report.message, 'refused (invalid_key): expiresAt (--expires): must be in the future');
    assert.deepEqual(describeError(new Error('the database is not empty')), {
      exitCode: 1,
      message: 'the database is not empty',
      json: { error: { code: 'error', message: 'the database is not empty' } },
    });
  });
});
