import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startServerProcess } from '../test-support/server-process.js';

// Hostile operator text, through the real CLI and a real server: a vendor's title that would set
// the terminal's title (OSC … BEL), clear it (CSI 2J), colour it with a one-character C1 CSI
// (U+009B), and reverse the rest of the line (U+202E). Human output shows it escaped; --json keeps it.
const TITLE = 'Nedbrud\u001b]0;pwned\u0007\u001b[2J i \u009b31mSTS\u202e slut';
const SHOWN = 'Nedbrud\\x1b]0;pwned\\x07\\x1b[2J i \\x9b31mSTS\\u202e slut';
const MESSAGE = 'Vi\tundersøger\nfejlen\u2066';
const MESSAGE_SHOWN = 'Vi\\x09undersøger\\x0afejlen\\u2066';
// A key name with a tab and a line break: raw, they would split the row of a table.
const NAME = 'Servicedesk\tNord\nx\u001b[2J';
const NAME_SHOWN = 'Servicedesk\\x09Nord\\x0ax\\x1b[2J';

/** Anything a terminal would act on, except the line breaks between lines. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

describe('CLI human output escapes control characters in operator text (real server)', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-cli-controls-'));
    const database = `sqlite:${join(dir, 'controls.db')}`;
    server = await startServerProcess({ DATABASE_URL: database });
    env = { DATABASE_URL: database, KDI_STATUS_SERVER: server.baseUrl };
    const created = await runCli(['keys', 'create', '--role', 'vendor', '--vendor', 'infra-drift', '--name', NAME], env);
    assert.equal(created.code, 0, created.stderr);
    assert.ok(created.stderr.includes(`("${NAME_SHOWN}")`), created.stderr);
    assert.doesNotMatch(created.stderr, ACTIVE);
    env.KDI_STATUS_TOKEN = created.stdout.trim();
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('incident open and list: escaped in the lines and the table, as sent in --json', async () => {
    const opened = await runCli(
      ['incident', 'open', '--title', TITLE, '--impact', 'major', '--component', 'sts=major_outage', '--message', MESSAGE],
      env,
    );
    assert.equal(opened.code, 0, opened.stderr);
    assert.doesNotMatch(opened.stdout, ACTIVE);
    assert.equal(opened.stdout.split('\n')[1]?.split('  ')[1], SHOWN, opened.stdout);
    assert.ok(opened.stdout.includes(`investigating: ${MESSAGE_SHOWN}\n`), opened.stdout);

    const listed = await runCli(['incident', 'list'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, ACTIVE);
    const row = listed.stdout.split('\n').find((line) => line.includes('Nedbrud'));
    assert.ok(row?.endsWith(`  ${SHOWN}`), listed.stdout);

    const json = await runCli(['incident', 'list', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const incidents = JSON.parse(json.stdout) as Array<{ title: { da: string }; updates: Array<{ message: { da: string } }> }>;
    const hostile = incidents.find((i) => i.title.da.startsWith('Nedbrud'));
    assert.equal(hostile?.title.da, TITLE);
    assert.equal(hostile?.updates[0]?.message.da, MESSAGE);
  });

  it('maintenance schedule and list: the title escaped, as sent in --json', async () => {
    const scheduled = await runCli(
      [
        'maintenance',
        'schedule',
        '--title',
        TITLE,
        '--description',
        MESSAGE,
        '--component',
        'sts',
        '--starts',
        '2099-01-01T22:00:00Z',
        '--ends',
        '2099-01-02T02:00:00Z',
      ],
      env,
    );
    assert.equal(scheduled.code, 0, scheduled.stderr);
    assert.doesNotMatch(scheduled.stdout, ACTIVE);
    assert.equal(scheduled.stdout.split('\n')[1]?.split('  ')[1], SHOWN, scheduled.stdout);

    const listed = await runCli(['maintenance', 'list', '--upcoming'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, ACTIVE);
    assert.ok(
      listed.stdout.split('\n').some((line) => line.endsWith(`  ${SHOWN}`)),
      listed.stdout,
    );

    const json = await runCli(['maintenance', 'list', '--upcoming', '--json'], env);
    assert.ok((JSON.parse(json.stdout) as Array<{ title: { da: string } }>).some((m) => m.title.da === TITLE));
  });

  it('component status: the reason escaped, as sent in --json', async () => {
    const set = await runCli(['component', 'status', 'sts', 'degraded_performance', '--reason', TITLE], env);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout, `sts (Security Token Service (STS)) is now degraded_performance: ${SHOWN}\n`);

    const json = await runCli(['component', 'status', 'sts', 'degraded_performance', '--reason', TITLE, '--json'], env);
    assert.equal((JSON.parse(json.stdout) as { statusReason: string }).statusReason, TITLE);
  });

  it('keys list: the name escaped and the columns still aligned, as stored in --json', async () => {
    const listed = await runCli(['keys', 'list'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, ACTIVE);
    const [header, ...rows] = listed.stdout.trimEnd().split('\n');
    const row = rows.find((line) => line.includes(NAME_SHOWN));
    assert.ok(row, listed.stdout);
    assert.equal(row.indexOf('vendor'), header!.indexOf('ROLE'), `ROLE column out of line:\n${listed.stdout}`);

    const json = await runCli(['keys', 'list', '--json'], env);
    assert.ok((JSON.parse(json.stdout) as Array<{ name: string | null }>).some((k) => k.name === NAME));
  });
});
