import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Component, Incident, Maintenance, Problem } from '@kdi-status/sdk';
import { captureIo } from './io.js';
import { run } from './run.js';

// The HTTP commands (incident, maintenance, component) against a tiny real server that records
// what it got and answers what each test says: the network is real, the admin API is not (the
// round trip against the real server is cli-round-trip.test.ts).

const T0 = '2026-11-26T08:08:00.000Z';
const TOKEN = 'kdi_k_0123456789ab_secret';

const incident: Incident = {
  id: 'inc_1',
  title: { da: 'Nedbrud i STS', en: 'STS is down' },
  impact: 'major',
  status: 'investigating',
  vendor: 'infra-drift',
  components: [{ id: 'sts', status: 'major_outage' }],
  updates: [{ id: 'upd_1', at: T0, status: 'investigating', message: { da: 'Vi undersøger fejlen' }, author: 'infra-drift' }],
  startedAt: T0,
  resolvedAt: null,
  updatedAt: T0,
};

const maintenance: Maintenance = {
  id: 'mnt_1',
  title: { da: 'Opdatering af Serviceplatformen' },
  description: { da: 'Serviceplatformen er nede' },
  status: 'scheduled',
  vendor: 'infra-drift',
  components: ['serviceplatformen', 'sts'],
  startsAt: '2026-11-28T23:00:00.000Z',
  endsAt: '2026-11-29T07:00:00.000Z',
  updatedAt: T0,
};

const sts: Component = {
  id: 'sts',
  name: 'STS',
  kind: 'support-system',
  vendor: 'infra-drift',
  dependsOn: [],
  status: 'degraded_performance',
  statusReason: 'Langsomme opslag',
  links: {},
};

const problem = (status: number, code: string, extra: Partial<Problem> = {}): Problem => ({
  type: `/problems/${code.replaceAll('_', '-')}`,
  title: 'Refused',
  status,
  code,
  ...extra,
});

interface Seen {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}
/** What the test server answers: a status and a JSON body, or `drop` to cut the connection. */
type Answer = { status: number; body?: unknown } | 'drop';

let seen: Seen[] = [];
let answer: (request: Seen) => Answer = () => ({ status: 500 });

const server = createServer((req, res) => {
  let raw = '';
  req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
  req.on('end', () => {
    const request = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: raw ? JSON.parse(raw) : undefined };
    seen.push(request);
    const reply = answer(request);
    if (reply === 'drop') {
      req.socket.destroy();
      return;
    }
    const type = reply.status >= 400 ? 'application/problem+json' : 'application/json';
    res.writeHead(reply.status, { 'content-type': type });
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body));
  });
});

let baseUrl = '';
const cli = (argv: string[], env: Record<string, string> = {}) => {
  const io = captureIo({ env: { KDI_STATUS_SERVER: baseUrl, KDI_STATUS_TOKEN: TOKEN, ...env } });
  return run(argv, io).then((code) => ({ code, out: io.out(), err: io.err() }));
};

describe('CLI commands over HTTP', () => {
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    seen = [];
    answer = () => ({ status: 500 });
  });

  describe('incident open', () => {
    const args = [
      'incident',
      'open',
      '--title',
      'Nedbrud i STS',
      '--title-en',
      'STS is down',
      '--impact',
      'major',
      '--component',
      'sts=major_outage',
      '--component',
      'serviceplatformen=degraded_performance',
      '--message',
      'Vi undersøger fejlen',
    ];

    it('sends the body the options describe, with the bearer token and an idempotency key, and prints the incident', async () => {
      answer = () => ({ status: 201, body: incident });
      const { code, out, err } = await cli(args);

      assert.equal(err, '');
      assert.equal(code, 0);
      assert.equal(seen.length, 1);
      const [request] = seen;
      assert.equal(request?.method, 'POST');
      assert.equal(request?.path, '/api/v1/admin/incidents');
      assert.equal(request?.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(request?.headers['content-type'], 'application/json');
      assert.match(String(request?.headers['idempotency-key']), /^[0-9a-f-]{36}$/);
      assert.deepEqual(request?.body, {
        title: { da: 'Nedbrud i STS', en: 'STS is down' },
        impact: 'major',
        components: [
          { id: 'sts', status: 'major_outage' },
          { id: 'serviceplatformen', status: 'degraded_performance' },
        ],
        message: { da: 'Vi undersøger fejlen' },
      });
      assert.match(out, /^Opened incident inc_1\.\ninc_1 {2}Nedbrud i STS\n {2}status {6}investigating \(impact major\)\n/);
      assert.match(out, /components {2}sts major_outage/);
    });

    it('prints the incident as JSON with --json, taking --server and --token over the environment', async () => {
      answer = () => ({ status: 201, body: incident });
      const { code, out } = await cli([...args, '--json', '--server', baseUrl, '--token', 'kdi_other'], {
        KDI_STATUS_SERVER: 'http://127.0.0.1:1999',
        KDI_STATUS_TOKEN: 'kdi_env',
      });
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(out), incident);
      assert.equal(seen[0]?.headers.authorization, 'Bearer kdi_other');
    });

    it('sends it again with the same idempotency key when the connection is lost, up to two more times', async () => {
      answer = () => (seen.length < 3 ? 'drop' : { status: 201, body: incident });
      const { code } = await cli(args);
      assert.equal(code, 0);
      assert.equal(seen.length, 3);
      assert.equal(new Set(seen.map((r) => r.headers['idempotency-key'])).size, 1);
    });

    it('gives up after three attempts with exit code 1 and says the server could not be reached', async () => {
      answer = () => 'drop';
      const { code, out, err } = await cli(args);
      assert.equal(code, 1);
      assert.equal(seen.length, 3);
      assert.equal(out, '');
      assert.match(
        err,
        /^kdi-status incident open: Could not reach http:\/\/127\.0\.0\.1:\d+\/api\/v1\/admin\/incidents .*is the server running\?/,
      );
    });

    it('does not send again when the server refused', async () => {
      answer = () => ({ status: 403, body: problem(403, 'not_your_component', { detail: 'Key k_1 (fagsys-nord) may not change "sts".' }) });
      const { code, err } = await cli(args);
      assert.equal(code, 1);
      assert.equal(seen.length, 1);
      assert.equal(err, 'kdi-status incident open: refused (HTTP 403 not_your_component): Key k_1 (fagsys-nord) may not change "sts".\n');
    });

    it('names the fields of a 400, and the options they came from, on one line', async () => {
      answer = () => ({
        status: 400,
        body: problem(400, 'invalid_body', {
          errors: [
            { field: 'title.da', message: 'Too big: expected string to have <=200 characters' },
            { field: 'components.1.id', message: 'must be a slug' },
          ],
        }),
      });
      const { code, err } = await cli(args);
      assert.equal(code, 1);
      assert.equal(
        err,
        'kdi-status incident open: refused (HTTP 400 invalid_body): title.da (--title): Too big: expected string to have <=200 characters; ' +
          'components.1.id (--component): must be a slug\n',
      );
    });

    it('writes the refusal as JSON on stderr with --json', async () => {
      answer = () => ({
        status: 422,
        body: problem(422, 'unknown_component', { errors: [{ field: 'components.0.id', message: 'unknown' }] }),
      });
      const { code, out, err } = await cli([...args, '--json']);
      assert.equal(code, 1);
      assert.equal(out, '');
      assert.deepEqual(JSON.parse(err), {
        error: {
          code: 'unknown_component',
          status: 422,
          message: 'refused (HTTP 422 unknown_component): components.0.id (--component): unknown',
          errors: [{ field: 'components.0.id', message: 'unknown' }],
        },
      });
    });

    it('sends nothing, and exits 2, when the command line is wrong or there is no token', async () => {
      for (const [argv, env, message] of [
        [args.filter((a) => a !== '--impact' && a !== 'major'), {}, 'missing --impact'],
        [args.map((a) => (a === 'major' ? 'huge' : a)), {}, '--impact must be one of none, minor, major, critical (got "huge")'],
        [[...args, '--component', 'sts'], {}, '--component must be <id>=<status>'],
        [[...args, '--colour', 'red'], {}, "Unknown option '--colour'"],
        [args, { KDI_STATUS_TOKEN: '' }, 'no API key: set KDI_STATUS_TOKEN or pass --token'],
      ] as const) {
        const { code, err } = await cli([...argv], env);
        assert.equal(code, 2, message);
        assert.ok(err.startsWith(`kdi-status incident open: ${message}`), err);
        assert.match(err, /Run "kdi-status incident open --help" for usage\.\n$/);
      }
      assert.equal(seen.length, 0);
    });

    it('prints its usage with --help, and sends nothing', async () => {
      const { code, out } = await cli(['incident', 'open', '--help']);
      assert.equal(code, 0);
      assert.match(out, /^Usage: kdi-status incident open --title <da>/);
      assert.match(out, /--impact <impact> +none \| minor \| major \| critical/);
      assert.equal(seen.length, 0);
    });
  });

  describe('incident update, resolve and list', () => {
    it('adds an update', async () => {
      answer = () => ({ status: 201, body: { ...incident, status: 'identified' } });
      const { code, out } = await cli([
        'incident',
        'update',
        'inc_1',
        '--status',
        'identified',
        '--message',
        'Fejlen er fundet',
        '--impact',
        'minor',
      ]);
      assert.equal(code, 0);
      assert.equal(seen[0]?.path, '/api/v1/admin/incidents/inc_1/updates');
      assert.deepEqual(seen[0]?.body, { status: 'identified', message: { da: 'Fejlen er fundet' }, impact: 'minor' });
      assert.match(out, /^Updated incident inc_1\./);
    });

    it('resolves, and tells a 409 as a refusal', async () => {
      answer = () => ({ status: 200, body: { ...incident, status: 'resolved', resolvedAt: T0 } });
      const ok = await cli(['incident', 'resolve', 'inc_1', '--message', 'Fejlen er rettet', '--message-en', 'Fixed']);
      assert.equal(ok.code, 0);
      assert.deepEqual(seen[0]?.body, { message: { da: 'Fejlen er rettet', en: 'Fixed' } });
      assert.match(ok.out, /resolved {4}2026-11-26 08:08Z/);

      answer = () => ({ status: 409, body: problem(409, 'incident_resolved', { detail: 'The incident is resolved: reopen it first.' }) });
      const refused = await cli(['incident', 'resolve', 'inc_1', '--message', 'Igen']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /refused \(HTTP 409 incident_resolved\): The incident is resolved: reopen it first\./);
    });

    it("shows a refusal's detail with its control characters escaped, and as sent with --json", async () => {
      const detail = 'Nope\u001b]0;pwned\u0007\u001b[2J\u202e';
      answer = () => ({ status: 409, body: problem(409, 'incident_resolved', { detail }) });
      const refused = await cli(['incident', 'resolve', 'inc_1', '--message', 'Igen']);
      assert.equal(refused.code, 1);
      assert.equal(
        refused.err,
        'kdi-status incident resolve: refused (HTTP 409 incident_resolved): Nope\\x1b]0;pwned\\x07\\x1b[2J\\u202e\n',
      );
      const json = await cli(['incident', 'resolve', 'inc_1', '--message', 'Igen', '--json']);
      assert.equal(
        (JSON.parse(json.err) as { error: { message: string } }).error.message,
        `refused (HTTP 409 incident_resolved): ${detail}`,
      );
    });

    it('lists incidents with the read API and no token, as a table or JSON', async () => {
      answer = () => ({ status: 200, body: { incidents: [incident] } });
      const table = await cli(['incident', 'list', '--recent'], { KDI_STATUS_TOKEN: '' });
      assert.equal(table.code, 0);
      assert.equal(seen[0]?.path, '/api/v1/incidents?state=recent');
      assert.equal(seen[0]?.headers.authorization, undefined);
      assert.deepEqual(table.out.split('\n').slice(0, 2), [
        'ID     STATUS         IMPACT  VENDOR       STARTED            RESOLVED  COMPONENTS        TITLE',
        'inc_1  investigating  major   infra-drift  2026-11-26 08:08Z  -         sts=major_outage  Nedbrud i STS',
      ]);

      const json = await cli(['incident', 'list', '--json']);
      assert.equal(seen[1]?.path, '/api/v1/incidents?state=active');
      assert.deepEqual(JSON.parse(json.out), [incident]);

      answer = () => ({ status: 200, body: { incidents: [] } });
      assert.equal((await cli(['incident', 'list'])).out, 'No active incidents.\n');
    });
  });

  describe('maintenance', () => {
    it('schedules with UTC times, an idempotency key and every --component', async () => {
      answer = () => ({ status: 201, body: maintenance });
      const { code, out } = await cli([
        'maintenance',
        'schedule',
        '--title',
        'Opdatering af Serviceplatformen',
        '--description',
        'Serviceplatformen er nede',
        '--component',
        'serviceplatformen',
        '--component',
        'sts',
        '--starts',
        '2026-11-29T00:00+01:00',
        '--ends',
        '2026-11-29T07:00:00Z',
      ]);
      assert.equal(code, 0);
      assert.equal(seen[0]?.path, '/api/v1/admin/maintenances');
      assert.ok(seen[0]?.headers['idempotency-key']);
      assert.deepEqual(seen[0]?.body, {
        title: { da: 'Opdatering af Serviceplatformen' },
        description: { da: 'Serviceplatformen er nede' },
        components: ['serviceplatformen', 'sts'],
        startsAt: '2026-11-28T23:00:00.000Z',
        endsAt: '2026-11-29T07:00:00.000Z',
      });
      assert.match(out, /window {6}2026-11-28 23:00Z - 2026-11-29 07:00Z/);
    });

    it('refuses a time it cannot read before sending anything', async () => {
      const { code, err } = await cli([
        'maintenance',
        'schedule',
        '--title',
        't',
        '--description',
        'd',
        '--component',
        'sts',
        '--starts',
        'i morgen',
        '--ends',
        '2026-11-29T07:00:00Z',
      ]);
      assert.equal(code, 2);
      assert.match(err, /--starts must be an ISO 8601 time/);
      assert.equal(seen.length, 0);
    });

    it('cancels with an empty JSON body', async () => {
      answer = () => ({ status: 200, body: { ...maintenance, status: 'cancelled' } });
      const { code, out } = await cli(['maintenance', 'cancel', 'mnt_1']);
      assert.equal(code, 0);
      assert.equal(seen[0]?.method, 'POST');
      assert.equal(seen[0]?.path, '/api/v1/admin/maintenances/mnt_1/cancel');
      assert.deepEqual(seen[0]?.body, {});
      assert.match(out, /^Cancelled maintenance mnt_1\./);
    });

    it('lists upcoming maintenance', async () => {
      answer = () => ({ status: 200, body: { maintenances: [maintenance] } });
      const { code, out } = await cli(['maintenance', 'list', '--upcoming']);
      assert.equal(code, 0);
      assert.equal(seen[0]?.path, '/api/v1/maintenances?state=upcoming');
      assert.match(out, /^ID {5}STATUS {5}STARTS/);
      assert.match(
        out,
        /mnt_1 {2}scheduled {2}2026-11-28 23:00Z {2}2026-11-29 07:00Z {2}infra-drift {2}serviceplatformen,sts {2}Opdatering/,
      );
    });
  });

  describe('component status', () => {
    it('sets the status with a reason', async () => {
      answer = () => ({ status: 200, body: sts });
      const { code, out } = await cli(['component', 'status', 'sts', 'degraded_performance', '--reason', 'Langsomme opslag']);
      assert.equal(code, 0);
      assert.equal(seen[0]?.method, 'PUT');
      assert.equal(seen[0]?.path, '/api/v1/admin/components/sts/status');
      assert.deepEqual(seen[0]?.body, { status: 'degraded_performance', reason: 'Langsomme opslag' });
      assert.equal(out, 'sts (STS) is now degraded_performance: Langsomme opslag\n');
    });

    it('refuses an unknown status or a missing reason with exit code 2', async () => {
      assert.equal((await cli(['component', 'status', 'sts', 'broken', '--reason', 'x'])).code, 2);
      assert.equal((await cli(['component', 'status', 'sts', 'major_outage'])).code, 2);
      assert.equal(seen.length, 0);
    });

    it('tells an unknown component as a refusal', async () => {
      answer = () => ({ status: 404, body: problem(404, 'component_not_found', { detail: 'No component "nope".' }) });
      const { code, err } = await cli(['component', 'status', 'nope', 'major_outage', '--reason', 'x']);
      assert.equal(code, 1);
      assert.equal(err, 'kdi-status component status: refused (HTTP 404 component_not_found): No component "nope".\n');
    });
  });
});
