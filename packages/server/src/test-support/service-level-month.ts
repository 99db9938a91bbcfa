import assert from 'node:assert/strict';
import type { ServiceLevel } from '@kdi-status/sdk';
import type { App } from '../app.js';
import { dueTransitions } from '../domain/maintenance-commands.js';
import { createTestKey } from './admin-server.js';

/** The test's clock: every write is stamped with it. */
export interface TestClock {
  now: Date;
}

/** The targets of the scripted landscape. */
export const STS_TARGETS: ServiceLevel = {
  uptimePercent: 99.5,
  firstUpdateMinutes: { minor: 60, major: 30, critical: 15 },
  maintenanceNoticeHours: 120,
};
export const KY_TARGETS: ServiceLevel = { uptimePercent: 99.99, firstUpdateMinutes: { major: 60 }, maintenanceNoticeHours: 72 };

/** When the scripted month's report is asked for: after everything in it, December under way. */
export const REPORT_NOW = '2026-12-03T09:00:00.000Z';

export interface ScriptedMonth {
  admin: string;
  /** A vendor key of `nord` (KY and FLIS). */
  nord: string;
  ids: { a: string; b: string; c: string; e: string; m1: string; m2: string; m3: string };
}

/**
 * November 2026 (Copenhagen: CET all month, so it runs 2026-10-31T23:00Z to 2026-11-30T23:00Z,
 * 43 200 minutes), written through the admin API with the clock moved before each write:
 *
 * - vendors `infra` (STS, a støttesystem) and `nord` (KY on STS; FLIS), with targets on STS and KY;
 * - E: a major outage of STS from Oct 31 22:00Z (23.00 Danish time, still October) to Nov 1 00:00Z:
 *   60 minutes of it in November; the incident itself belongs to October;
 * - A: a major outage of STS on Nov 3, 08:00Z–10:00Z, first update after 45 minutes (target 30: late);
 * - C: a partial outage of STS across midnight, Nov 10 22:30Z–Nov 11 00:30Z (23.30–01.30), opened
 *   minor, raised to major by its first update after 10 minutes (target for major 30: in time);
 * - B: a partial outage of KY (by nord) across midnight and the month's end, Nov 30 22:00Z–Dec 1
 *   01:00Z, first update after 20 minutes (target 60): 60 minutes of it in November;
 * - M1: STS maintenance announced Nov 12 10:00Z for Nov 15 22:00Z, 84 hours' notice (120 required);
 * - M2: KY maintenance announced Nov 1 09:00Z (by nord) for Nov 20 21:00Z: 468 hours (72 required);
 * - M3: announced and cancelled: not in the report;
 * - after the month, STS's uptime target is raised to 99.99: November's report keeps 99.5.
 *
 * @example
 * const month = await scriptServiceLevelMonth(app, clock);
 */
export async function scriptServiceLevelMonth(app: App, clock: TestClock): Promise<ScriptedMonth> {
  const at = (iso: string) => {
    assert.ok(Date.parse(iso) >= clock.now.getTime(), `the script runs forward (${iso})`);
    clock.now = new Date(iso);
  };
  const call = async (token: string, method: 'POST' | 'PUT' | 'PATCH', url: string, body: unknown) => {
    const response = await app.http.inject({
      method,
      url: `/api/v1/admin${url}`,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(body),
    });
    assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json() as { id: string };
  };
  /** The maintenance clock's one step, at the script's time. */
  const tick = async (iso: string) => {
    at(iso);
    await app.writer.system('scheduler', async (now) =>
      dueTransitions((await app.store.snapshot({ since: now.toISOString() })).maintenances, now),
    );
  };
  const message = (da: string) => ({ da });

  at('2026-10-20T10:00:00.000Z');
  const admin = await createTestKey(app.store, 'admin', null, { now: clock.now });
  await call(admin, 'PUT', '/vendors/infra', { name: 'Infrastruktur A/S', servicedesk: {} });
  await call(admin, 'PUT', '/vendors/nord', { name: 'Fagsystemer Nord A/S', servicedesk: {} });
  const component = (id: string, name: string, vendor: string, dependsOn: string[], serviceLevel?: ServiceLevel) =>
    call(admin, 'POST', '/components', { id, name, kind: 'application', vendor, dependsOn, ...(serviceLevel ? { serviceLevel } : {}) });
  await component('sts', 'STS', 'infra', [], STS_TARGETS);
  await component('ky', 'KY', 'nord', ['sts']);
  await component('flis', 'FLIS', 'nord', []);
  // Targets set by an edit, as KOMBIT would when the contract is signed.
  await call(admin, 'PATCH', '/components/ky', { serviceLevel: KY_TARGETS });
  const nord = await createTestKey(app.store, 'vendor', 'nord', { now: clock.now });

  const open = (token: string, impact: string, components: Array<{ id: string; status: string }>, vendor?: string) =>
    call(token, 'POST', '/incidents', {
      title: message(`Fejl ${components.map((c) => c.id).join(', ')}`),
      impact,
      ...(vendor ? { vendor } : {}),
      components,
      message: message('Vi undersøger fejlen'),
    });
  const update = (token: string, id: string, body: object) =>
    call(token, 'POST', `/incidents/${id}/updates`, { status: 'identified', message: message('Fejlen er fundet'), ...body });
  const resolve = (token: string, id: string) => call(token, 'POST', `/incidents/${id}/resolve`, { message: message('Løst') });
  const schedule = (token: string, components: string[], startsAt: string, endsAt: string, vendor?: string) =>
    call(token, 'POST', '/maintenances', {
      title: message('Opdatering'),
      description: message('Opdatering af systemet'),
      ...(vendor ? { vendor } : {}),
      components,
      startsAt,
      endsAt,
    });

  at('2026-10-31T22:00:00.000Z');
  const e = await open(admin, 'major', [{ id: 'sts', status: 'major_outage' }], 'infra');
  at('2026-11-01T00:00:00.000Z');
  await resolve(admin, e.id);

  at('2026-11-01T09:00:00.000Z');
  const m2 = await schedule(nord, ['ky'], '2026-11-20T21:00:00.000Z', '2026-11-20T23:00:00.000Z');

  at('2026-11-03T08:00:00.000Z');
  const a = await open(admin, 'major', [{ id: 'sts', status: 'major_outage' }], 'infra');
  at('2026-11-03T08:45:00.000Z');
  await update(admin, a.id, {});
  at('2026-11-03T10:00:00.000Z');
  await resolve(admin, a.id);

  at('2026-11-05T10:00:00.000Z');
  const m3 = await schedule(admin, ['sts'], '2026-11-25T22:00:00.000Z', '2026-11-25T23:00:00.000Z', 'infra');
  at('2026-11-06T10:00:00.000Z');
  await call(admin, 'POST', `/maintenances/${m3.id}/cancel`, {});

  at('2026-11-10T22:30:00.000Z');
  const c = await open(admin, 'minor', [{ id: 'sts', status: 'partial_outage' }], 'infra');
  at('2026-11-10T22:40:00.000Z');
  await update(admin, c.id, { impact: 'major' });
  at('2026-11-11T00:30:00.000Z');
  await resolve(admin, c.id);

  at('2026-11-12T10:00:00.000Z');
  const m1 = await schedule(admin, ['sts'], '2026-11-15T22:00:00.000Z', '2026-11-16T02:00:00.000Z', 'infra');
  // A later change to the window is not its announcement.
  at('2026-11-13T10:00:00.000Z');
  await call(admin, 'PATCH', `/maintenances/${m1.id}`, { description: message('Opdatering af STS') });
  await tick('2026-11-15T22:00:00.000Z');
  await tick('2026-11-16T02:00:00.000Z');
  await tick('2026-11-20T21:00:00.000Z');
  await tick('2026-11-20T23:00:00.000Z');

  at('2026-11-30T22:00:00.000Z');
  const b = await open(nord, 'major', [{ id: 'ky', status: 'partial_outage' }]);
  at('2026-11-30T22:20:00.000Z');
  await update(nord, b.id, {});
  at('2026-12-01T01:00:00.000Z');
  await resolve(nord, b.id);

  at('2026-12-02T10:00:00.000Z');
  await call(admin, 'PATCH', '/components/sts', { serviceLevel: { ...STS_TARGETS, uptimePercent: 99.99 } });

  at(REPORT_NOW);
  return { admin, nord, ids: { a: a.id, b: b.id, c: c.id, e: e.id, m1: m1.id, m2: m2.id, m3: m3.id } };
}
