import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { z } from 'zod/mini';
import { LiveEventSchema, type LiveEvent } from '../schemas/event.js';
import { ProblemSchema } from '../schemas/problem.js';
import { SummarySchema, type Summary } from '../schemas/summary.js';
import { VendorSchema } from '../schemas/vendor.js';
import { compileLean } from './compile-lean-schema.js';
import { formattedSource } from './formatted-source.js';
import { leanCheck } from './lean-schema.js';
import { project } from './projection.js';
import { leanChecks } from './read-checks.js';
import { liveEventProjection, summaryProjection, type SummaryView } from './read-projection.js';
import { readSchemas } from './read-schemas.js';

const AT = '2026-11-26T08:08:00.000Z';

/** A summary that uses every optional field and every branch of the read schemas. */
function richSummary(): Summary {
  const effective = {
    status: 'partial_outage' as const,
    own: 'operational' as const,
    cause: { type: 'dependency' as const, path: ['serviceplatformen', 'sts'] },
    sources: [
      {
        componentId: 'sts',
        status: 'partial_outage' as const,
        path: ['serviceplatformen', 'sts'],
        incidentIds: ['inc_1'],
        maintenanceIds: [],
      },
    ],
  };
  return {
    status: 'partial_outage',
    vendors: [
      {
        id: 'kombit',
        name: 'KOMBIT',
        servicedesk: {
          email: 'servicedesk@kombit.example',
          phone: '+45 33 34 94 00',
          hours: 'Hverdage 08.00-16.00',
          url: 'https://kombit.example/support',
        },
      },
      { id: 'fagsys-nord', name: 'Fagsys Nord', servicedesk: {} },
    ],
    components: [
      {
        id: 'ky',
        name: 'KY',
        description: 'Kommunernes Ydelsessystem',
        kind: 'application',
        group: 'Fagløsninger',
        vendor: 'fagsys-nord',
        dependsOn: ['serviceplatformen'],
        status: 'operational',
        statusReason: 'Kører',
        links: { support: 'https://ky.example/support', documentation: 'http://ky.example/docs' },
        effective,
      },
      {
        id: 'sts',
        name: 'STS',
        kind: 'support-system',
        vendor: 'kombit',
        dependsOn: [],
        status: 'partial_outage',
        links: {},
        effective: { status: 'partial_outage', own: 'partial_outage', cause: { type: 'own' }, sources: [] },
      },
    ],
    incidents: [
      {
        id: 'inc_1',
        title: { da: 'Nedbrud i STS', en: 'STS outage' },
        impact: 'major',
        status: 'identified',
        vendor: 'kombit',
        components: [{ id: 'sts', status: 'partial_outage' }],
        updates: [
          {
            id: 'upd_2',
            at: AT,
            status: 'identified',
            message: { da: 'Fejlen er fundet' },
            author: 'kombit',
            corrections: [{ at: AT, message: { da: 'Fejlen er fundet.', en: 'Found' }, author: 'kombit' }],
          },
          { id: 'upd_1', at: '2026-11-26T08:00:00Z', status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'kombit' },
        ],
        startedAt: AT,
        resolvedAt: null,
        updatedAt: AT,
      },
    ],
    maintenances: {
      active: [
        {
          id: 'mnt_1',
          title: { da: 'Opdatering' },
          description: { da: 'Produktionsmiljøet opdateres', en: 'Update' },
          status: 'in_progress',
          vendor: 'kombit',
          components: ['sts'],
          startsAt: AT,
          endsAt: '2026-11-26T10:00:00.000Z',
          updatedAt: AT,
        },
      ],
      upcoming: [],
    },
    sequence: 42,
    updatedAt: AT,
  };
}

function richEvents(): LiveEvent[] {
  const summary = richSummary();
  const key = { type: 'key' as const, id: 'key_1', vendor: 'kombit' };
  const system = { type: 'system' as const, id: 'seed' };
  return [
    { type: 'summary', seq: 42, data: summary },
    { type: 'status', seq: 43, data: { components: [{ id: 'ky', effective: summary.components[0]!.effective }] } },
    { type: 'vendor.changed', seq: 44, at: AT, actor: key, data: summary.vendors[0]! },
    {
      type: 'component.changed',
      seq: 45,
      at: AT,
      actor: system,
      data: { ...summary.components[1]!, effective: undefined, retiredAt: AT } as never,
    },
    { type: 'incident.changed', seq: 46, at: AT, actor: { ...key, vendor: null }, data: summary.incidents[0]! },
    { type: 'maintenance.changed', seq: 47, at: AT, actor: key, data: summary.maintenances.active[0]! },
    {
      type: 'content.changed',
      seq: 48,
      at: AT,
      actor: key,
      data: { id: 'cnt_1', componentId: 'ky', type: 'release', title: { da: 'Release' }, body: { da: 'Nyt' }, date: AT, updatedAt: AT },
    },
    {
      type: 'key.changed',
      seq: 49,
      at: AT,
      actor: system,
      data: {
        id: 'key_1',
        name: 'Drift',
        role: 'vendor',
        vendor: 'kombit',
        createdAt: AT,
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: AT,
      },
    },
    { type: 'content.deleted', seq: 50, at: AT, actor: system, data: { id: 'cnt_1', componentId: 'ky' } },
  ];
}

type Json = unknown;

/** Every value reachable in `value`, by path, the root included. */
function paths(value: Json, at: Array<string | number> = []): Array<Array<string | number>> {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => paths(v, [...at, i])));
  if (value && typeof value === 'object') return here.concat(...Object.entries(value).map(([k, v]) => paths(v, [...at, k])));
  return here;
}

function get(value: Json, path: Array<string | number>): Json {
  return path.reduce<Json>((v, key) => (v as Record<string | number, Json>)[key], value);
}

/** A copy of `root` with the value at `path` replaced (or deleted when `replacement` is DELETE). */
const DELETE = Symbol('delete');
function set(root: Json, path: Array<string | number>, replacement: Json | typeof DELETE): Json {
  if (path.length === 0) return replacement === DELETE ? undefined : replacement;
  const copy = structuredClone(root) as Record<string | number, Json>;
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    parent[key] = replacement;
  }
  return copy;
}

/** What a broken server, a proxy or a version mismatch might send instead of the value. */
function mutationsOf(value: Json): Array<Json | typeof DELETE> {
  const common: Array<Json | typeof DELETE> = [DELETE, null, [value], { value }, true];
  if (typeof value === 'string') {
    return [
      ...common,
      42,
      '',
      '   ',
      ` ${value} `,
      'x'.repeat(2001),
      'bogus',
      'javascript:alert(1)',
      'https:/x',
      '2026-11-26T08:08:00+01:00',
      `${value}-x`,
    ];
  }
  if (typeof value === 'number') return [...common, String(value), -1, 0, 1.5, 2 ** 60];
  if (Array.isArray(value)) return [...common, {}, 'x', [...value, 'x'], [...value, {}]];
  if (value && typeof value === 'object') return [...common, [], 'x', { ...value, extra: 1 }, {}];
  return common;
}

/** Whether `path` lies inside the projection `spec` (array indexes take the items' spec). */
function inside(spec: unknown, path: Array<string | number>): boolean {
  let at = spec;
  for (const key of path) {
    if (at === true) return true;
    if (typeof key === 'number') continue;
    if (!Object.hasOwn(at as object, key)) return false;
    at = (at as Record<string, unknown>)[key];
  }
  return true;
}

/**
 * Every mutation of every value of `documents` (each valid, with the projection it is read by),
 * checked by the lean check, by zod on the projected schema and by zod on the full schema.
 */
function agreement(
  full: z.ZodMiniType,
  projected: z.ZodMiniType,
  check: (data: unknown) => { ok: boolean },
  documents: Array<{ document: Json; spec: unknown }>,
) {
  let accepted = 0;
  let rejected = 0;
  let outside = 0;
  const disagreements: string[] = [];
  for (const { document, spec } of documents) {
    assert.ok(full.safeParse(document).success, 'the fixture itself is valid');
    for (const path of paths(document)) {
      const isInside = inside(spec, path);
      for (const mutation of mutationsOf(get(document, path))) {
        const mutant = set(document, path, mutation);
        const lean = check(mutant).ok;
        const where = `${path.join('.') || '(root)'} = ${String(mutation === DELETE ? 'deleted' : JSON.stringify(mutation))}`;
        // Whatever it accepts has every projected field valid per zod, and what it rejects has one that is not.
        if (lean !== projected.safeParse(mutant).success)
          disagreements.push(`${where}: lean ${lean ? 'accepts' : 'rejects'}, zod of the projection does not`);
        if (isInside) {
          // Inside the projection, exactly what zod accepts of the full schema.
          if (lean !== full.safeParse(mutant).success) disagreements.push(`${where}: lean ${lean ? 'accepts' : 'rejects'}, zod does not`);
        } else {
          // Outside it, ignored: the rest of the document is valid.
          outside += 1;
          if (!lean) disagreements.push(`${where}: outside the projection, yet rejected`);
        }
        if (lean) accepted += 1;
        else rejected += 1;
      }
    }
  }
  return { accepted, rejected, outside, disagreements };
}

describe('lean read checks', () => {
  it('accept the valid summary and every kind of live event', () => {
    assert.ok(SummarySchema.safeParse(richSummary()).success, 'the fixture itself is valid');
    assert.deepEqual(leanChecks.summary(richSummary()), { ok: true, data: richSummary() });
    for (const event of richEvents()) {
      assert.ok(LiveEventSchema.safeParse(event).success, `fixture ${event.type} is valid`);
      assert.equal(leanChecks.event(event).ok, true, event.type);
    }
  });

  it('accept and reject exactly what zod does inside the projection, on every mutation of every value, and ignore the rest', () => {
    const summary = agreement(SummarySchema, readSchemas.SUMMARY, leanChecks.summary, [
      { document: richSummary(), spec: summaryProjection },
    ]);
    const events = agreement(
      LiveEventSchema,
      readSchemas.LIVE_EVENT,
      leanChecks.event,
      richEvents().map((event) => ({ document: event, spec: { type: true, ...liveEventProjection[event.type] } })),
    );
    const problem = agreement(ProblemSchema, readSchemas.PROBLEM, leanChecks.problem, [
      {
        document: {
          type: 'about:blank',
          title: 'Not found',
          status: 404,
          code: 'not_found',
          detail: 'No "x".',
          instance: '/x',
          errors: [{ field: 'a', message: 'b' }],
        },
        spec: true,
      },
    ]);
    for (const result of [summary, events, problem]) {
      assert.deepEqual(result.disagreements, []);
      // Both outcomes occur, so the comparison could fail either way.
      assert.ok(result.rejected > 20 && result.accepted > 5, JSON.stringify({ accepted: result.accepted, rejected: result.rejected }));
    }
    assert.ok(summary.rejected + events.rejected > 2000, 'a corpus of thousands of broken documents');
    // The projection leaves out something of both (descriptions, links, the actor, …), so "ignored" was tested.
    assert.ok(summary.outside > 100 && events.outside > 100, JSON.stringify({ summary: summary.outside, events: events.outside }));
  });

  it('are typed as the projection: a field outside it does not compile', () => {
    const checked = leanChecks.summary(richSummary());
    assert.ok(checked.ok);
    const view: SummaryView = checked.data;
    // @ts-expect-error `startedAt` is not read by the browser, so not checked, so not there.
    assert.equal(typeof view.incidents[0]?.startedAt, 'string');
    assert.equal(view.incidents[0]?.title.da, 'Nedbrud i STS');
  });

  it('project only fields the schema has, every variant of a union named', () => {
    assert.throws(() => project(VendorSchema, { nme: true } as never), /no field "nme"/);
    assert.throws(() => project(LiveEventSchema, { summary: true } as never), /not in the spec/);
    assert.throws(() => project(LiveEventSchema, { ...liveEventProjection, bogus: true } as never), /no variant "bogus"/);
    const vendor = project(VendorSchema, { id: true, name: true });
    assert.equal(vendor.safeParse({ id: 'kombit', name: 'KOMBIT', servicedesk: 'x' }).success, true);
    assert.equal(vendor.safeParse({ id: 'KOMBIT', name: 'KOMBIT' }).success, false);
  });

  it('name where the data is wrong', () => {
    const broken = set(richSummary(), ['incidents', 0, 'impact'], 'huge');
    assert.deepEqual(leanChecks.summary(broken), {
      ok: false,
      issues: [{ path: 'incidents.0.impact', message: 'expected one of ["none","minor","major","critical"]' }],
    });
  });

  it('are refused, not weakened, for what the compiler does not know', () => {
    assert.throws(
      () =>
        compileLean({
          x: z.pipe(
            z.string(),
            z.transform((s: string) => s.length),
          ),
        }),
      /not supported/,
    );
    assert.throws(() => compileLean({ x: z.string().check(z.refine((s) => s !== 'x')) }), /not supported/);
    assert.throws(() => compileLean({ x: z.array(z.string()).check(z.minLength(1)) }), /not supported/);
    assert.throws(() => compileLean({ x: z.string().check(z.toLowerCase()) }), /not supported/);
  });

  it('follow a schema change (a derived table, not a copy)', () => {
    const { table, roots } = compileLean({ x: z.object({ a: z.optional(z.object({ da: z.string().check(z.trim(), z.minLength(1)) })) }) });
    const check = leanCheck(table, roots.x!);
    assert.equal(check({}).ok, true);
    assert.equal(check({ a: { da: ' x ' } }).ok, true);
    assert.equal(check({ a: { da: '   ' } }).ok, false);
  });
});

describe('read-schemas.generated.ts', () => {
  it('is what the generator makes of the schemas today (run the SDK build when this fails)', async () => {
    const path = fileURLToPath(new URL('./read-schemas.generated.ts', import.meta.url));
    assert.equal(readFileSync(path, 'utf8'), await formattedSource(path));
  });
});
