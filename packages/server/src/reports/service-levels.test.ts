import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProblemSchema } from '@kdi-status/sdk';
import { createAdminClient, ServiceLevelReportSchema, type ServiceLevelReport } from '@kdi-status/sdk/admin';
import { createApp, type App } from '../app.js';
import { tempPostgresStore } from '../store/postgres/test-database.js';
import type { Store } from '../store/store.js';
import { component, tempSqliteStore } from '../test-support/fixtures.js';
import {
  KY_TARGETS,
  REPORT_NOW,
  scriptServiceLevelMonth,
  STS_TARGETS,
  type ScriptedMonth,
  type TestClock,
} from '../test-support/service-level-month.js';
import { defaultReportMonth, serviceLevelReport, shiftMonth } from './service-levels.js';

const STORES: Array<[name: string, open: () => Promise<{ store: Store; cleanup: () => Promise<void> }>]> = [
  ['SQLite', tempSqliteStore],
  ['PostgreSQL', tempPostgresStore],
];

/** November 2026 in Copenhagen: 30 days of 1440 minutes (no DST change in it). */
const MONTH_MINUTES = 43_200;
const uptime = (downtime: number) => (100 * (MONTH_MINUTES - downtime)) / MONTH_MINUTES;

describe('months', () => {
  it('steps over the year and defaults to the last whole Copenhagen month', () => {
    assert.equal(shiftMonth('2026-12', 1), '2027-01');
    assert.equal(shiftMonth('2026-01', -1), '2025-12');
    assert.equal(defaultReportMonth(new Date('2026-12-03T10:00:00Z')), '2026-11');
    // 23.30 UTC on Nov 30 is already December 1 in Copenhagen.
    assert.equal(defaultReportMonth(new Date('2026-11-30T23:30:00Z')), '2026-11');
    assert.equal(defaultReportMonth(new Date('2026-11-30T22:30:00Z')), '2026-10');
  });
});

describe('a month with a DST change', () => {
  it('is 60 minutes shorter in March and longer in October, as the site’s Copenhagen days are', async () => {
    const temp = await tempSqliteStore();
    try {
      const actor = { type: 'system', id: 'test' } as const;
      await temp.store.commit(
        [
          { type: 'vendor.changed', data: { id: 'v1', name: 'V1', servicedesk: {} } },
          { type: 'component.changed', data: component('sts', [], { serviceLevel: { uptimePercent: 99 } }) },
        ],
        actor,
        '2026-01-01T00:00:00.000Z',
      );
      const now = new Date('2026-12-03T09:00:00.000Z');
      const minutesOf = async (month: string) =>
        (await serviceLevelReport(temp.store, { month, now })).components.map((c) => [c.id, c.uptime.dataMinutes, c.uptime.met]);
      assert.deepEqual(await minutesOf('2026-03'), [['sts', 31 * 1440 - 60, true]]);
      assert.deepEqual(await minutesOf('2026-10'), [['sts', 31 * 1440 + 60, true]]);
      // Before the component existed: not in the report at all.
      assert.deepEqual(await minutesOf('2025-12'), []);
    } finally {
      await temp.cleanup();
    }
  });
});

for (const [storeName, open] of STORES) {
  describe(`the service-level report of a scripted month (${storeName})`, () => {
    let app: App;
    let cleanup: () => Promise<void>;
    let month: ScriptedMonth;
    const clock: TestClock = { now: new Date('2026-10-01T00:00:00.000Z') };

    const get = (url: string, token: string | undefined, headers: Record<string, string> = {}) =>
      app.http.inject({ method: 'GET', url, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
    const reportOf = async (query: string, token = month.admin): Promise<ServiceLevelReport> => {
      const response = await get(`/api/v1/admin/reports/service-levels${query}`, token);
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      return ServiceLevelReportSchema.parse(response.json());
    };

    before(async () => {
      const temp = await open();
      cleanup = temp.cleanup;
      app = await createApp({
        store: temp.store,
        seed: false,
        scheduler: false,
        now: () => clock.now,
        logLevel: 'warn',
        notify: { worker: false },
      });
      month = await scriptServiceLevelMonth(app, clock);
    });
    after(async () => {
      await app?.http.close();
      await cleanup?.();
    });

    it('measures uptime by the site’s math over the minutes inside the month, judging the target on the component’s own status', async () => {
      const report = await reportOf('?month=2026-11');
      assert.equal(report.month, '2026-11');
      assert.equal(report.from, '2026-10-31T23:00:00.000Z');
      assert.equal(report.until, '2026-11-30T23:00:00.000Z');
      assert.equal(report.generatedAt, REPORT_NOW);
      assert.equal(report.complete, true);
      assert.equal(report.vendor, null);
      assert.deepEqual(
        report.components.map((c) => c.id),
        ['flis', 'ky', 'sts'],
      );
      const [flis, ky, sts] = report.components;

      // STS: E's last 60 minutes (major), A 120 (major), C 120 partial × 0.3 = 36 → 216; the target as
      // it stood at the end of November (99.5, not December's 99.99), met exactly at its edge.
      assert.deepEqual(sts!.serviceLevel, STS_TARGETS);
      assert.deepEqual(sts!.uptime, {
        percent: 99.5,
        ownPercent: 99.5,
        targetPercent: 99.5,
        met: true,
        dataMinutes: MONTH_MINUTES,
        downtimeMinutes: 216,
        ownDowntimeMinutes: 216,
      });
      // KY: its own trouble is B's first 60 minutes (partial: 18); what its users saw adds STS's 216.
      assert.deepEqual(ky!.uptime, {
        percent: uptime(234),
        ownPercent: uptime(18),
        targetPercent: 99.99,
        met: false,
        dataMinutes: MONTH_MINUTES,
        downtimeMinutes: 234,
        ownDowntimeMinutes: 18,
      });
      assert.deepEqual(ky!.serviceLevel, KY_TARGETS);
      assert.deepEqual(flis!.uptime, {
        percent: 100,
        ownPercent: 100,
        targetPercent: null,
        met: null,
        dataMinutes: MONTH_MINUTES,
        downtimeMinutes: 0,
        ownDowntimeMinutes: 0,
      });
      assert.equal(flis!.serviceLevel, null);
    });

    it('lists the incidents that started in the month, with the first update after the opening message and the time to resolve', async () => {
      const report = await reportOf('?month=2026-11');
      const { a, b, c } = month.ids;
      // E started in October (23.00 Danish time on Oct 31): its minutes count, it is not November's incident.
      assert.deepEqual(report.incidents, [
        {
          id: a,
          title: 'Fejl sts',
          vendor: 'infra',
          impact: 'major',
          components: ['sts'],
          startedAt: '2026-11-03T08:00:00.000Z',
          firstUpdateAt: '2026-11-03T08:45:00.000Z',
          firstUpdateMinutes: 45,
          firstUpdateTargetMinutes: 30,
          firstUpdateMet: false,
          resolvedAt: '2026-11-03T10:00:00.000Z',
          resolveMinutes: 120,
        },
        {
          id: c,
          title: 'Fejl sts',
          vendor: 'infra',
          // Opened minor, raised to major: judged (and counted) by the worst impact it had.
          impact: 'major',
          components: ['sts'],
          startedAt: '2026-11-10T22:30:00.000Z',
          firstUpdateAt: '2026-11-10T22:40:00.000Z',
          firstUpdateMinutes: 10,
          firstUpdateTargetMinutes: 30,
          firstUpdateMet: true,
          resolvedAt: '2026-11-11T00:30:00.000Z',
          resolveMinutes: 120,
        },
        {
          id: b,
          title: 'Fejl ky',
          vendor: 'nord',
          impact: 'major',
          components: ['ky'],
          startedAt: '2026-11-30T22:00:00.000Z',
          firstUpdateAt: '2026-11-30T22:20:00.000Z',
          firstUpdateMinutes: 20,
          firstUpdateTargetMinutes: 60,
          firstUpdateMet: true,
          // Followed past the month's end to its resolution.
          resolvedAt: '2026-12-01T01:00:00.000Z',
          resolveMinutes: 180,
        },
      ]);
      const sts = report.components.find((x) => x.id === 'sts')!;
      assert.deepEqual(sts.incidents, { none: 0, minor: 0, major: 2, critical: 0 });
      assert.deepEqual(sts.incidentIds, [a, c]);
      assert.equal(sts.firstUpdatesLate, 1);
      const ky = report.components.find((x) => x.id === 'ky')!;
      assert.deepEqual(ky.incidents, { none: 0, minor: 0, major: 1, critical: 0 });
      assert.equal(ky.firstUpdatesLate, 0);
    });

    it('judges maintenance notice from the event that first announced it, and leaves out a cancelled window', async () => {
      const report = await reportOf('?month=2026-11');
      assert.deepEqual(report.maintenances, [
        {
          id: month.ids.m1,
          title: 'Opdatering',
          vendor: 'infra',
          components: ['sts'],
          status: 'completed',
          announcedAt: '2026-11-12T10:00:00.000Z',
          startsAt: '2026-11-15T22:00:00.000Z',
          noticeHours: 84,
          noticeTargetHours: 120,
          noticeMet: false,
        },
        {
          id: month.ids.m2,
          title: 'Opdatering',
          vendor: 'nord',
          components: ['ky'],
          status: 'completed',
          announcedAt: '2026-11-01T09:00:00.000Z',
          startsAt: '2026-11-20T21:00:00.000Z',
          noticeHours: 468,
          noticeTargetHours: 72,
          noticeMet: true,
        },
      ]);
      const byId = new Map(report.components.map((c) => [c.id, c]));
      assert.deepEqual([byId.get('sts')!.maintenances, byId.get('sts')!.maintenancesLate], [1, 1]);
      assert.deepEqual([byId.get('ky')!.maintenances, byId.get('ky')!.maintenancesLate], [1, 0]);
    });

    it('rolls the components up per vendor', async () => {
      const report = await reportOf('?month=2026-11');
      assert.deepEqual(report.vendors, [
        {
          id: 'infra',
          name: 'Infrastruktur A/S',
          components: ['sts'],
          componentsMeetingUptime: 1,
          componentsMissingUptime: 0,
          incidents: { none: 0, minor: 0, major: 2, critical: 0 },
          firstUpdatesLate: 1,
          maintenances: 1,
          maintenancesLate: 1,
        },
        {
          id: 'nord',
          name: 'Fagsystemer Nord A/S',
          components: ['flis', 'ky'],
          componentsMeetingUptime: 0,
          componentsMissingUptime: 1,
          incidents: { none: 0, minor: 0, major: 1, critical: 0 },
          firstUpdatesLate: 0,
          maintenances: 1,
          maintenancesLate: 0,
        },
      ]);
    });

    it('gives a vendor key its own vendor’s part only', async () => {
      const report = await reportOf('?month=2026-11', month.nord);
      assert.equal(report.vendor, 'nord');
      assert.deepEqual(
        report.components.map((c) => c.id),
        ['flis', 'ky'],
      );
      assert.deepEqual(
        report.incidents.map((i) => i.id),
        [month.ids.b],
      );
      assert.deepEqual(
        report.maintenances.map((m) => m.id),
        [month.ids.m2],
      );
      assert.deepEqual(
        report.vendors.map((v) => v.id),
        ['nord'],
      );
      // The same figures as in KOMBIT's report.
      const whole = await reportOf('?month=2026-11');
      assert.deepEqual(
        report.components,
        whole.components.filter((c) => c.vendor === 'nord'),
      );
    });

    it('reports the month under way up to now, counting only December’s part of an incident across the boundary', async () => {
      const report = await reportOf('?month=2026-12');
      assert.equal(report.complete, false);
      assert.deepEqual(report.incidents, [], 'B started in November');
      const ky = report.components.find((c) => c.id === 'ky')!;
      // B from December's first instant (23.00Z) to 01.00Z: 120 partial minutes = 36.
      assert.equal(ky.uptime.ownDowntimeMinutes, 36);
      assert.equal(ky.uptime.dataMinutes, (Date.parse(REPORT_NOW) - Date.parse('2026-11-30T23:00:00.000Z')) / 60_000);
      // December's targets: STS's were raised on Dec 2.
      assert.equal(report.components.find((c) => c.id === 'sts')!.uptime.targetPercent, 99.99);
      // Without month: the last whole month.
      assert.equal((await reportOf('')).month, '2026-11');
    });

    it('answers CSV for a Danish spreadsheet on format=csv or Accept: text/csv', async () => {
      const viaQuery = await get('/api/v1/admin/reports/service-levels?month=2026-11&format=csv', month.admin);
      const viaAccept = await get('/api/v1/admin/reports/service-levels?month=2026-11', month.admin, { accept: 'text/csv' });
      for (const response of [viaQuery, viaAccept]) {
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8; header=present');
        assert.equal(response.headers['content-disposition'], 'attachment; filename="service-levels-2026-11.csv"');
        assert.match(String(response.headers.vary), /accept/i);
      }
      assert.equal(viaQuery.body, viaAccept.body);
      const kyOwn = uptime(18).toFixed(3).replace('.', ',');
      const kySeen = uptime(234).toFixed(3).replace('.', ',');
      assert.equal(
        viaQuery.body,
        '\uFEFF' +
          'Måned;Leverandør;Komponent-id;Komponent;Oppetid %;Egen oppetid %;Mål for oppetid %;Oppetid overholdt;Nedetid (minutter);Egen nedetid (minutter);Hændelser;Kritisk påvirkning;Betydelig påvirkning;Mindre påvirkning;Ingen påvirkning;Første opdatering for sent;Driftsvinduer;Varslet for sent\r\n' +
          '2026-11;Fagsystemer Nord A/S;flis;FLIS;100;100;;;0;0;0;0;0;0;0;0;0;0\r\n' +
          `2026-11;Fagsystemer Nord A/S;ky;KY;${kySeen};${kyOwn};99,99;nej;234;18;1;0;1;0;0;0;1;0\r\n` +
          '2026-11;Infrastruktur A/S;sts;STS;99,5;99,5;99,5;ja;216;216;2;0;2;0;0;1;1;1\r\n',
      );
      // JSON stays the default, and wins when named first.
      const json = await get('/api/v1/admin/reports/service-levels?month=2026-11', month.admin, { accept: 'application/json, text/csv' });
      assert.match(String(json.headers['content-type']), /^application\/json/);
      const vendorCsv = await get('/api/v1/admin/reports/service-levels?month=2026-11&format=csv', month.nord);
      assert.equal(vendorCsv.headers['content-disposition'], 'attachment; filename="service-levels-2026-11-nord.csv"');
      assert.equal(vendorCsv.body.split('\r\n').length, 4, 'header, flis, ky, and the empty end');
    });

    it('refuses a month not begun (422) or not a month (400), naming month; and a request without a key', async () => {
      const problem = async (query: string, status: number, code: string) => {
        const response = await get(`/api/v1/admin/reports/service-levels${query}`, month.admin);
        assert.equal(response.statusCode, status, `${query}: ${response.body}`);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        const body = ProblemSchema.parse(response.json());
        assert.equal(body.code, code);
        assert.deepEqual(
          body.errors?.map((e) => e.field),
          ['month'],
        );
      };
      await problem('?month=2027-01', 422, 'month_in_future');
      await problem('?month=2026-13', 400, 'invalid_query');
      await problem('?month=2026-1', 400, 'invalid_query');
      await problem('?month=1969-12', 400, 'invalid_query');
      assert.equal((await get('/api/v1/admin/reports/service-levels', undefined)).statusCode, 401);
      const unknown = await get('/api/v1/admin/reports/service-levels?months=2026-11', month.admin);
      assert.equal(unknown.statusCode, 400);
    });

    it('takes targets from an admin only, strictly: a misspelt or impossible target is a 400 naming it', async () => {
      const patch = (token: string, serviceLevel: unknown) =>
        app.http.inject({
          method: 'PATCH',
          url: '/api/v1/admin/components/flis',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ serviceLevel }),
        });
      for (const [serviceLevel, field] of [
        [{ uptime: 99 }, 'serviceLevel.uptime'],
        [{ uptimePercent: 101 }, 'serviceLevel.uptimePercent'],
        [{ firstUpdateMinutes: { fatal: 5 } }, 'serviceLevel.firstUpdateMinutes.fatal'],
        [{ firstUpdateMinutes: { major: -1 } }, 'serviceLevel.firstUpdateMinutes.major'],
        [{ maintenanceNoticeHours: '120' }, 'serviceLevel.maintenanceNoticeHours'],
      ] as const) {
        const response = await patch(month.admin, serviceLevel);
        assert.equal(response.statusCode, 400, JSON.stringify(serviceLevel));
        assert.deepEqual(
          ProblemSchema.parse(response.json()).errors?.map((e) => e.field),
          [field],
        );
      }
      const vendor = await patch(month.nord, { uptimePercent: 90 });
      assert.equal(vendor.statusCode, 403);
      assert.equal(ProblemSchema.parse(vendor.json()).code, 'admin_only');
    });

    it('reads the log in pages: a small page gives the same report', async () => {
      const paged = await serviceLevelReport(app.store, { month: '2026-11', now: new Date(REPORT_NOW), pageSize: 3 });
      assert.deepEqual(paged, await reportOf('?month=2026-11'));
    });

    it('is what the SDK’s admin client returns', async () => {
      await app.http.listen({ port: 0, host: '127.0.0.1' });
      const baseUrl = `http://127.0.0.1:${(app.http.server.address() as { port: number }).port}`;
      const client = createAdminClient({ baseUrl, token: month.admin });
      assert.deepEqual(await client.serviceLevelReport('2026-11'), await reportOf('?month=2026-11'));
      const refused = await client.serviceLevelReport('2027-01').catch((error: unknown) => error);
      assert.equal((refused as { problem?: { code: string } }).problem?.code, 'month_in_future');
    });
  });
}
