import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Actor, Incident, Maintenance } from '@kdi-status/sdk';
import type { ExportDocument } from '@kdi-status/sdk/export';
import { runCli, startServerProcess } from '../test-support/server-process.js';

// Hostile operator text, through the real CLI and a real server: a vendor's title that would set
// the terminal's title (OSC … BEL), clear it (CSI 2J), colour it with a one-character C1 CSI
// (U+009B), and reverse the rest of the line (U+202E). The API refuses ESC, BEL, C1 and U+202E in a body,
// so such text reaches the database only the way it still can: imported from an export (a backup
// of older data). Human output shows it escaped; --json keeps it.
const TITLE = 'Nedbrud\u001b]0;pwned\u0007\u001b[2J i \u009b31mSTS\u202e slut';
const SHOWN = 'Nedbrud\\x1b]0;pwned\\x07\\x1b[2J i \\x9b31mSTS\\u202e slut';
// What the API still takes: tab, line breaks and the bidi isolates (not the overrides).
// A title is one line (the API refuses a line break in it); the message below holds one.
const ACCEPTED_TITLE = 'Nedbrud\ti STS\u2067 slut\u2069';
const ACCEPTED_SHOWN = 'Nedbrud\\x09i STS\\u2067 slut\\u2069';
const MESSAGE = 'Vi\tundersøger\nfejlen\u2066x\u2069';
const MESSAGE_SHOWN = 'Vi\\x09undersøger\\x0afejlen\\u2066x\\u2069';
// A key name with a tab and a line break: raw, they would split the row of a table.
const NAME = 'Servicedesk\tNord\nx\u001b[2J';
const NAME_SHOWN = 'Servicedesk\\x09Nord\\x0ax\\x1b[2J';

/** Anything a terminal would act on, except the line breaks between lines. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** The id in the first line of `Opened incident <id>.` / `Scheduled maintenance <id>.`. */
const idIn = (stdout: string) => /^\S+ \S+ (\S+)\.$/m.exec(stdout)?.[1];

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

  it('the API refuses the hostile title: incident open fails naming title.da, its message escaped', async () => {
    const opened = await runCli(
      ['incident', 'open', '--title', TITLE, '--impact', 'major', '--component', 'sts=major_outage', '--message', MESSAGE],
      env,
    );
    assert.equal(opened.code, 1, opened.stdout);
    assert.equal(opened.stdout, '');
    assert.match(opened.stderr, /^kdi-status incident open: refused \(HTTP 400 invalid_body\): title\.da \(--title\): .*U\+001B\n$/);
    assert.doesNotMatch(opened.stderr, ACTIVE);
  });

  it('incident open and list with text the API takes: escaped in the lines and the table, as sent in --json', async () => {
    const opened = await runCli(
      ['incident', 'open', '--title', ACCEPTED_TITLE, '--impact', 'major', '--component', 'sts=major_outage', '--message', MESSAGE],
      env,
    );
    assert.equal(opened.code, 0, opened.stderr);
    assert.doesNotMatch(opened.stdout, ACTIVE);
    const id = idIn(opened.stdout);
    assert.equal(opened.stdout.split('\n')[1], `${id}  ${ACCEPTED_SHOWN}`, opened.stdout);
    assert.ok(opened.stdout.includes(`investigating: ${MESSAGE_SHOWN}\n`), opened.stdout);

    const listed = await runCli(['incident', 'list'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, ACTIVE);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(`${id} `));
    assert.ok(row?.endsWith(`  ${ACCEPTED_SHOWN}`), listed.stdout);

    const json = await runCli(['incident', 'list', '--json'], env);
    assert.equal(json.code, 0, json.stderr);
    const incident = (JSON.parse(json.stdout) as Incident[]).find((i) => i.id === id);
    assert.equal(incident?.title.da, ACCEPTED_TITLE);
    assert.equal(incident?.updates[0]?.message.da, MESSAGE);
  });

  it('maintenance schedule and list with text the API takes: the title escaped, as sent in --json', async () => {
    const scheduled = await runCli(
      [
        'maintenance',
        'schedule',
        '--title',
        ACCEPTED_TITLE,
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
    const id = idIn(scheduled.stdout);
    assert.equal(scheduled.stdout.split('\n')[1], `${id}  ${ACCEPTED_SHOWN}`, scheduled.stdout);

    const listed = await runCli(['maintenance', 'list', '--upcoming'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.doesNotMatch(listed.stdout, ACTIVE);
    const row = listed.stdout.split('\n').find((line) => line.startsWith(`${id} `));
    assert.ok(row?.endsWith(`  ${ACCEPTED_SHOWN}`), listed.stdout);

    const json = await runCli(['maintenance', 'list', '--upcoming', '--json'], env);
    const maintenance = (JSON.parse(json.stdout) as Maintenance[]).find((m) => m.id === id);
    assert.equal(maintenance?.title.da, ACCEPTED_TITLE);
    assert.equal(maintenance?.description.da, MESSAGE);
  });

  describe('hostile text restored from an export (kdi-status import, then a server on that database)', () => {
    const incidentId = randomUUID();
    const maintenanceId = randomUUID();

    before(async () => {
      const exported = join(dir, 'export.json');
      const made = await runCli(['export', '--out', exported], env);
      assert.equal(made.code, 0, made.stderr);

      // Older data, as a backup of it would hold it: the title (and the component's name and
      // reason) with ESC, BEL and C1, in the state and in the event log that led to it.
      const doc = JSON.parse(readFileSync(exported, 'utf8')) as ExportDocument;
      const at = doc.exportedAt;
      const actor: Actor = { type: 'key', id: 'older-key', vendor: 'infra-drift' };
      let seq = doc.events.at(-1)!.seq;
      const incident: Incident = {
        id: incidentId,
        title: { da: TITLE },
        impact: 'major',
        status: 'investigating',
        vendor: 'infra-drift',
        components: [{ id: 'sts', status: 'major_outage' }],
        updates: [{ id: randomUUID(), at, status: 'investigating', message: { da: TITLE }, author: 'infra-drift' }],
        startedAt: at,
        resolvedAt: null,
        updatedAt: at,
      };
      const maintenance: Maintenance = {
        id: maintenanceId,
        title: { da: TITLE },
        description: { da: TITLE },
        status: 'scheduled',
        vendor: 'infra-drift',
        components: ['sts'],
        startsAt: '2099-02-01T22:00:00.000Z',
        endsAt: '2099-02-02T02:00:00.000Z',
        updatedAt: at,
      };
      const sts = doc.components.find((c) => c.id === 'sts')!;
      Object.assign(sts, { name: TITLE, status: 'degraded_performance', statusReason: TITLE });
      doc.incidents.push(incident);
      doc.maintenances.push(maintenance);
      doc.events.push(
        { seq: ++seq, at, actor, type: 'incident.changed', data: incident },
        { seq: ++seq, at, actor, type: 'maintenance.changed', data: maintenance },
        { seq: ++seq, at, actor, type: 'component.changed', data: sts },
      );
      // Written by hand, as by a server from before the hash chain: no hashes, none to check (the
      // import computes them); a mix of hashed and unhashed events would be refused.
      for (const event of doc.events) delete event.hash;
      delete doc.checkpoints;
      writeFileSync(exported, JSON.stringify(doc));

      // Import fills only an empty database, and a server seeds its own at start: the running
      // server's database is refused, so the backup goes into a new one and the server moves there.
      const refused = await runCli(['import', exported], env);
      assert.equal(refused.code, 1, refused.stdout);
      assert.match(refused.stderr, /not empty/);

      const restored = `sqlite:${join(dir, 'restored.db')}`;
      const imported = await runCli(['import', exported, '--database', restored], env);
      assert.equal(imported.code, 0, imported.stderr);
      await server.stop();
      server = await startServerProcess({ DATABASE_URL: restored });
      // The key came along (hashed) in the export: the same token works on the new server.
      Object.assign(env, { DATABASE_URL: restored, KDI_STATUS_SERVER: server.baseUrl });
    });

    it('incident list, and an update to it: the title escaped in the table and the lines, as stored in --json', async () => {
      const listed = await runCli(['incident', 'list'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.doesNotMatch(listed.stdout, ACTIVE);
      const row = listed.stdout.split('\n').find((line) => line.startsWith(`${incidentId} `));
      assert.ok(row?.endsWith(`  ${SHOWN}`), listed.stdout);

      const json = await runCli(['incident', 'list', '--json'], env);
      assert.equal(json.code, 0, json.stderr);
      const incident = (JSON.parse(json.stdout) as Incident[]).find((i) => i.id === incidentId);
      assert.equal(incident?.title.da, TITLE);
      assert.equal(incident?.updates[0]?.message.da, TITLE);

      const updated = await runCli(['incident', 'update', incidentId, '--status', 'identified', '--message', MESSAGE], env);
      assert.equal(updated.code, 0, updated.stderr);
      assert.doesNotMatch(updated.stdout, ACTIVE);
      assert.equal(updated.stdout.split('\n')[1], `${incidentId}  ${SHOWN}`, updated.stdout);
      assert.ok(updated.stdout.includes(`identified: ${MESSAGE_SHOWN}\n`), updated.stdout);
    });

    it('maintenance list: the title escaped, as stored in --json', async () => {
      const listed = await runCli(['maintenance', 'list', '--upcoming'], env);
      assert.equal(listed.code, 0, listed.stderr);
      assert.doesNotMatch(listed.stdout, ACTIVE);
      const row = listed.stdout.split('\n').find((line) => line.startsWith(`${maintenanceId} `));
      assert.ok(row?.endsWith(`  ${SHOWN}`), listed.stdout);

      const json = await runCli(['maintenance', 'list', '--upcoming', '--json'], env);
      assert.equal(json.code, 0, json.stderr);
      const maintenance = (JSON.parse(json.stdout) as Maintenance[]).find((m) => m.id === maintenanceId);
      assert.equal(maintenance?.title.da, TITLE);
    });

    it('component status: the stored name and the new reason escaped, both as they are in --json', async () => {
      // The line shows the name as stored and the reason just set (which replaces the stored one).
      const set = await runCli(['component', 'status', 'sts', 'degraded_performance', '--reason', MESSAGE], env);
      assert.equal(set.code, 0, set.stderr);
      assert.equal(set.stdout, `sts (${SHOWN}) is now degraded_performance: ${MESSAGE_SHOWN}\n`);

      const json = await runCli(['component', 'status', 'sts', 'degraded_performance', '--reason', MESSAGE, '--json'], env);
      assert.equal(json.code, 0, json.stderr);
      const component = JSON.parse(json.stdout) as { name: string; statusReason: string };
      assert.deepEqual([component.name, component.statusReason], [TITLE, MESSAGE]);
    });
  });
});
