import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { COMPONENT_STATUSES, INCIDENT_IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, type ComponentWithStatus } from '@kdi-status/sdk';
import { incident, maintenance, T0 } from '../test-support/fixtures.js';
import {
  groupIdOf,
  indicatorOfImpact,
  indicatorOfStatus,
  v2Components,
  v2Incident,
  v2Indicator,
  v2Maintenance,
  v2MaintenanceStatus,
  v2Page,
  v2Status,
  type V2Context,
} from './v2-mapping.js';
import {
  V2ComponentSchema,
  V2ComponentStatusSchema,
  V2IncidentSchema,
  V2IncidentStatusSchema,
  V2ImpactSchema,
  V2MaintenanceStatusSchema,
  V2ScheduledMaintenanceSchema,
} from './v2-schemas.js';

const context: V2Context = { lang: 'da', origin: 'https://status.example', updatedAt: T0, createdAt: '2026-01-01T00:00:00.000Z' };
const en: V2Context = { ...context, lang: 'en' };

/** A component with an effective status (own operational unless said). */
function withStatus(
  id: string,
  status: ComponentWithStatus['effective']['status'],
  extra: Partial<ComponentWithStatus> = {},
): ComponentWithStatus {
  return {
    id,
    name: id.toUpperCase(),
    kind: 'application',
    vendor: 'v1',
    dependsOn: [],
    status: 'operational',
    links: {},
    effective: { status, own: status, cause: { type: 'own' }, sources: [] },
    ...extra,
  };
}

describe('v2 enums', () => {
  it('sends every component status of ours as the same v2 component status', () => {
    for (const status of COMPONENT_STATUSES) assert.equal(V2ComponentStatusSchema.parse(status), status);
  });

  it('sends every incident status and impact of ours unchanged, all valid in v2', () => {
    for (const status of INCIDENT_STATUSES) {
      const mapped = v2Incident(incident('i', {}, { status }), new Map(), context);
      assert.equal(V2IncidentStatusSchema.parse(mapped.status), status);
    }
    for (const impact of INCIDENT_IMPACTS) {
      const mapped = v2Incident(incident('i', {}, { impact }), new Map(), context);
      assert.equal(V2ImpactSchema.parse(mapped.impact), impact);
    }
  });

  it('maps maintenance statuses one to one, and cancelled to nothing (it is left out)', () => {
    for (const status of MAINTENANCE_STATUSES) {
      const mapped = v2MaintenanceStatus(status);
      if (status === 'cancelled') assert.equal(mapped, null);
      else assert.equal(V2MaintenanceStatusSchema.parse(mapped), status);
    }
    assert.equal(v2Maintenance(maintenance('m', [], { status: 'cancelled' }), new Map(), context), null);
  });
});

describe('v2 indicator rule', () => {
  it('gives each component status its indicator', () => {
    assert.deepEqual(
      COMPONENT_STATUSES.map((s) => [s, indicatorOfStatus(s)]),
      [
        ['operational', 'none'],
        ['under_maintenance', 'maintenance'],
        ['degraded_performance', 'minor'],
        ['partial_outage', 'major'],
        ['major_outage', 'critical'],
      ],
    );
  });

  it('gives each incident impact its own word as indicator', () => {
    assert.deepEqual(INCIDENT_IMPACTS.map(indicatorOfImpact), ['none', 'minor', 'major', 'critical']);
  });

  it('takes the worst of components and unresolved impacts: none < maintenance < minor < major < critical', () => {
    assert.equal(v2Indicator([], []), 'none');
    assert.equal(v2Indicator(['operational', 'operational'], ['none']), 'none');
    assert.equal(v2Indicator(['operational', 'under_maintenance'], []), 'maintenance');
    assert.equal(v2Indicator(['under_maintenance', 'degraded_performance'], []), 'minor');
    assert.equal(v2Indicator(['under_maintenance'], ['minor']), 'minor', 'an incident outranks maintenance');
    assert.equal(v2Indicator(['degraded_performance', 'partial_outage'], ['minor']), 'major');
    assert.equal(v2Indicator(['degraded_performance'], ['critical']), 'critical', 'an impact raises it above what components say');
    assert.equal(v2Indicator(['major_outage'], ['minor']), 'critical', 'and components raise it above the impact');
  });

  it('words the page status in Danish by default and in Statuspage English with ?lang=en', () => {
    const components = [withStatus('a', 'operational'), withStatus('b', 'partial_outage')];
    assert.deepEqual(v2Status(components, [], 'da'), { indicator: 'major', description: 'Driftsforstyrrelse' });
    assert.deepEqual(v2Status(components, [], 'en'), { indicator: 'major', description: 'Partial System Outage' });
    assert.deepEqual(v2Status([withStatus('a', 'operational')], [], 'en'), { indicator: 'none', description: 'All Systems Operational' });
    assert.deepEqual(v2Status([withStatus('a', 'operational')], [], 'da'), { indicator: 'none', description: 'Alle systemer kører' });
  });

  it('uses the effective status, not the own one', () => {
    const inherited = withStatus('app', 'major_outage', {
      effective: { status: 'major_outage', own: 'operational', cause: { type: 'dependency', path: ['sts'] }, sources: [] },
    });
    assert.equal(v2Status([inherited], [], 'en').indicator, 'critical');
    assert.equal(v2Components([inherited], context).find((c) => c.id === 'app')!.status, 'major_outage');
  });
});

describe('v2 components and groups', () => {
  const components = [
    withStatus('ky', 'partial_outage', { description: 'Kommunernes Ydelsessystem' }),
    withStatus('sts', 'degraded_performance', { kind: 'support-system' }),
    withStatus('sp', 'operational', { kind: 'infrastructure' }),
    withStatus('ksd', 'operational'),
  ];
  const list = v2Components(components, context);

  it('makes one group per kind present, in kind order, each followed by its members', () => {
    assert.deepEqual(
      list.map((c) => [c.id, c.group, c.group_id]),
      [
        ['kind_application', true, null],
        ['ky', false, 'kind_application'],
        ['ksd', false, 'kind_application'],
        ['kind_infrastructure', true, null],
        ['sp', false, 'kind_infrastructure'],
        ['kind_support-system', true, null],
        ['sts', false, 'kind_support-system'],
      ],
    );
    assert.deepEqual(
      list.map((c) => c.position),
      [1, 2, 3, 4, 5, 6, 7],
    );
    for (const c of list) V2ComponentSchema.parse(c);
  });

  it("lists a group's members and gives it the worst of their statuses", () => {
    const group = list.find((c) => c.id === 'kind_application')!;
    assert.deepEqual(group.components, ['ky', 'ksd']);
    assert.equal(group.status, 'partial_outage');
    assert.equal(list.find((c) => c.id === 'ky')!.components, undefined, 'members have no components field');
  });

  it('names groups by kind in the language asked for, and keeps descriptions (null when none)', () => {
    assert.equal(list[0]!.name, 'Fagløsninger');
    assert.equal(v2Components(components, en)[0]!.name, 'Applications');
    assert.equal(list.find((c) => c.id === 'ky')!.description, 'Kommunernes Ydelsessystem');
    assert.equal(list.find((c) => c.id === 'ksd')!.description, null);
  });

  it('gives group ids no slug can take', () => {
    assert.equal(groupIdOf('external'), 'kind_external');
    assert.doesNotMatch(groupIdOf('external'), /^[a-z0-9][a-z0-9-]{0,62}$/);
  });
});

describe('v2 incidents and maintenance', () => {
  const byId = new Map(v2Components([withStatus('sts', 'major_outage')], context).map((c) => [c.id, c]));
  const corrected = incident(
    'inc-1',
    { sts: 'major_outage', retired: 'partial_outage' },
    {
      title: { da: 'Nedbrud i STS', en: 'STS is down' },
      status: 'monitoring',
      startedAt: '2026-11-26T07:50:00.000Z',
      updates: [
        { id: 'u3', at: '2026-11-26T09:00:00.000Z', status: 'monitoring', message: { da: 'Overvåges' }, author: 'v1' },
        {
          id: 'u2',
          at: '2026-11-26T08:30:00.000Z',
          status: 'identified',
          message: { da: 'Fejlen er fundet', en: 'Found it' },
          author: 'v1',
          corrections: [{ at: '2026-11-26T08:40:00.000Z', message: { da: 'Fejlen er fundt' }, author: 'v1' }],
        },
        { id: 'u1', at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'v1' },
      ],
    },
  );

  it('sends title and update text in Danish by default, English when asked, Danish where no English was written', () => {
    const da = v2Incident(corrected, byId, context);
    const english = v2Incident(corrected, byId, en);
    assert.equal(da.name, 'Nedbrud i STS');
    assert.equal(english.name, 'STS is down');
    assert.deepEqual(
      english.incident_updates.map((u) => u.body),
      ['Overvåges', 'Found it', 'Vi undersøger fejlen'],
    );
    V2IncidentSchema.parse(da);
  });

  it('keeps times: created_at at the first update, started_at as set, monitoring_at at the move to monitoring', () => {
    const mapped = v2Incident(corrected, byId, context);
    assert.equal(mapped.created_at, T0);
    assert.equal(mapped.started_at, '2026-11-26T07:50:00.000Z');
    assert.equal(mapped.monitoring_at, '2026-11-26T09:00:00.000Z');
    assert.equal(mapped.resolved_at, null);
    assert.equal(mapped.incident_updates[1]!.updated_at, '2026-11-26T08:40:00.000Z', 'a corrected update was updated then');
    assert.equal(mapped.incident_updates[1]!.created_at, '2026-11-26T08:30:00.000Z');
    assert.ok(mapped.incident_updates.every((u) => u.incident_id === 'inc-1'));
  });

  it('links to the site in the language asked for and lists only live components', () => {
    assert.equal(v2Incident(corrected, byId, context).shortlink, 'https://status.example/incidents/inc-1');
    assert.equal(v2Incident(corrected, byId, en).shortlink, 'https://status.example/incidents/inc-1?lang=en');
    assert.deepEqual(
      v2Incident(corrected, byId, context).components.map((c) => c.id),
      ['sts'],
    );
    assert.equal(v2Page(en).url, 'https://status.example/?lang=en');
    assert.equal(v2Page(context).time_zone, 'Europe/Copenhagen');
  });

  it('sends maintenance with its window, impact maintenance and its description as one update', () => {
    const m = maintenance('m-1', ['sts'], {
      status: 'completed',
      title: { da: 'Opdatering af STS', en: 'STS upgrade' },
      description: { da: 'Nyt certifikat', en: 'New certificate' },
      updatedAt: '2026-11-26T10:01:00.000Z',
    });
    const mapped = v2Maintenance(m, byId, en)!;
    V2ScheduledMaintenanceSchema.parse(mapped);
    assert.equal(mapped.name, 'STS upgrade');
    assert.equal(mapped.impact, 'maintenance');
    assert.equal(mapped.scheduled_for, m.startsAt);
    assert.equal(mapped.scheduled_until, m.endsAt);
    assert.equal(mapped.resolved_at, '2026-11-26T10:01:00.000Z');
    assert.deepEqual(
      mapped.incident_updates.map((u) => [u.status, u.body]),
      [['completed', 'New certificate']],
    );
    assert.equal(v2Maintenance({ ...m, status: 'scheduled' }, byId, en)!.resolved_at, null);
  });
});
