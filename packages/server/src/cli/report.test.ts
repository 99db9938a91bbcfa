import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ServiceLevelReportSchema } from '@kdi-status/sdk/admin';
import { createApp, type App } from '../app.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import { REPORT_NOW, scriptServiceLevelMonth, type ScriptedMonth, type TestClock } from '../test-support/service-level-month.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `kdi-status report` on the database and over HTTP, and `kdi-status component edit`'s targets,
// against the scripted November of the report's own test (a real server on a real SQLite file).

describe('kdi-status report and component edit', () => {
  let app: App;
  let cleanup: () => Promise<void>;
  let month: ScriptedMonth;
  let database = '';
  let baseUrl = '';
  const clock: TestClock = { now: new Date('2026-10-01T00:00:00.000Z') };

  const cli = async (args: string[], env: Record<string, string> = {}) => {
    const io = captureIo({ env, now: () => new Date(REPORT_NOW) });
    const code = await run(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  before(async () => {
    const temp = await tempSqliteStore();
    cleanup = temp.cleanup;
    database = `sqlite:${temp.file}`;
    app = await createApp({
      store: temp.store,
      seed: false,
      scheduler: false,
      now: () => clock.now,
      logLevel: 'warn',
      notify: { worker: false },
    });
    month = await scriptServiceLevelMonth(app, clock);
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
  });
  after(async () => {
    await app?.http.close();
    await cleanup?.();
  });

  it('prints the same report on the database and from the server, as JSON and as CSV', async () => {
    const local = await cli(['report', '--month', '2026-11', '--json', '--database', database]);
    assert.equal(local.code, 0, local.err);
    const remote = await cli(['report', '--month', '2026-11', '--json'], { KDI_STATUS_SERVER: baseUrl, KDI_STATUS_TOKEN: month.admin });
    assert.equal(remote.code, 0, remote.err);
    const report = ServiceLevelReportSchema.parse(JSON.parse(local.out));
    assert.deepEqual(JSON.parse(remote.out), report);
    assert.deepEqual(
      report.components.map((c) => [c.id, c.uptime.met]),
      [
        ['flis', null],
        ['ky', false],
        ['sts', true],
      ],
    );

    const csvLocal = await cli(['report', '--month', '2026-11', '--csv'], { DATABASE_URL: database });
    const csvServer = await app.http.inject({
      method: 'GET',
      url: '/api/v1/admin/reports/service-levels?month=2026-11&format=csv',
      headers: { authorization: `Bearer ${month.admin}` },
    });
    assert.equal(csvLocal.code, 0, csvLocal.err);
    assert.equal(csvLocal.out, csvServer.body);
    assert.ok(csvLocal.out.includes('\r\n2026-11;Infrastruktur A/S;sts;STS;99,5;99,5;99,5;ja;216;216;2;0;2;0;0;1;1;1\r\n'));
  });

  it('prints a table with the late first updates and the late notices; a vendor key gets its own vendor', async () => {
    const { code, out, err } = await cli(['report', '--month', '2026-11', '--database', database]);
    assert.equal(code, 0, err);
    assert.match(out, /^Service levels 2026-11 \(Copenhagen month; event log to sequence \d+\)\n/);
    assert.match(out, /\nnord\s+ky\s+99\.458\s+99\.958\s+99\.990\s+NO\s+0\/1\/0\/0\s+0\s+1\s+0\n/);
    assert.match(out, /\ninfra\s+sts\s+99\.500\s+99\.500\s+99\.500\s+yes\s+0\/2\/0\/0\s+1\s+1\s+1\n/);
    assert.match(
      out,
      new RegExp(
        `First update later than the target:\\n.*\\n${month.ids.a}\\s+infra\\s+major\\s+2026-11-03 08:00Z\\s+45 min\\s+30 min\\s+120 min\\n`,
      ),
    );
    assert.match(
      out,
      new RegExp(`too little notice:\\n.*\\n${month.ids.m1}\\s+infra\\s+2026-11-12 10:00Z\\s+2026-11-15 22:00Z\\s+84 h\\s+120 h\\n`),
    );
    assert.ok(!out.includes(month.ids.c), 'C was updated in time');

    const vendor = await cli(['report', '--month', '2026-11', '--server', baseUrl, '--token', month.nord]);
    assert.equal(vendor.code, 0, vendor.err);
    assert.match(vendor.out, /, vendor nord;/);
    assert.ok(!vendor.out.includes('sts'), vendor.out);
  });

  it('refuses a malformed month before anything is read, and a month not begun from the database or the server', async () => {
    const malformed = await cli(['report', '--month', '2026-13', '--database', database]);
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /--month must be a month as YYYY-MM/);
    const local = await cli(['report', '--month', '2027-01', '--database', database]);
    assert.equal(local.code, 1);
    assert.match(local.err, /month \(--month\): is after this month \(2026-12\)/);
    const remote = await cli(['report', '--month', '2027-01', '--json'], { KDI_STATUS_SERVER: baseUrl, KDI_STATUS_TOKEN: month.admin });
    assert.equal(remote.code, 1);
    assert.equal(JSON.parse(remote.err).error.code, 'month_in_future');
    const both = await cli(['report', '--database', database, '--server', baseUrl]);
    assert.equal(both.code, 2);
    assert.equal((await cli(['report', '--csv', '--json', '--database', database])).code, 2);
  });

  it('component edit sets the targets whole, and --no-service-level removes them', async () => {
    const env = { KDI_STATUS_SERVER: baseUrl, KDI_STATUS_TOKEN: month.admin };
    const set = await cli(
      [
        'component',
        'edit',
        'flis',
        '--uptime',
        '99.5',
        '--first-update',
        'critical=15,major=30',
        '--first-update',
        'minor=120',
        '--maintenance-notice-hours',
        '120',
        '--json',
      ],
      env,
    );
    assert.equal(set.code, 0, set.err);
    assert.deepEqual(JSON.parse(set.out).serviceLevel, {
      uptimePercent: 99.5,
      firstUpdateMinutes: { critical: 15, major: 30, minor: 120 },
      maintenanceNoticeHours: 120,
    });
    const human = await cli(['component', 'edit', 'flis', '--uptime', '99.9'], env);
    assert.equal(human.code, 0, human.err);
    assert.equal(human.out, 'flis (FLIS): targets uptime 99.9 %\n');
    const removed = await cli(['component', 'edit', 'flis', '--no-service-level', '--json'], env);
    assert.equal(removed.code, 0, removed.err);
    assert.equal('serviceLevel' in JSON.parse(removed.out), false);

    for (const [args, message] of [
      [['--uptime', '101'], /--uptime must be a number from 0 to 100/],
      [['--uptime', '99,5'], /--uptime must be a number/],
      [['--first-update', 'fatal=15'], /the impact in --first-update must be one of none, minor, major, critical/],
      [['--first-update', 'major=30,major=20'], /names major twice/],
      [['--first-update', 'major'], /--first-update must be <impact>=<minutes>/],
      [['--uptime', '99', '--no-service-level'], /not both/],
      [[], /nothing to change/],
    ] as const) {
      const refused = await cli(['component', 'edit', 'flis', ...args], env);
      assert.equal(refused.code, 2, `${args.join(' ')}: ${refused.err}`);
      assert.match(refused.err, message);
    }
    // A vendor key may not set targets (admin only), and the server says so.
    const vendor = await cli(['component', 'edit', 'ky', '--uptime', '90'], { ...env, KDI_STATUS_TOKEN: month.nord });
    assert.equal(vendor.code, 1);
    assert.match(vendor.err, /HTTP 403/);
  });
});
