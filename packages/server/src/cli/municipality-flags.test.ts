import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Incident, Maintenance, Summary } from '@kdi-status/sdk';
import { createTestKey, startListeningApp } from '../test-support/admin-server.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `--municipality` on `incident open` and `maintenance schedule`, against a real server in this
// process: what the operator limits shows only to those municipalities.

describe('kdi-status … --municipality', () => {
  let server: Awaited<ReturnType<typeof startListeningApp>>;
  let env: Record<string, string>;
  const cli = (argv: string[]) => {
    const io = captureIo({ env });
    return run(argv, io).then((code) => ({ code, out: io.out(), err: io.err() }));
  };
  const summaryFor = async (code: string) =>
    (await (await fetch(`${server.baseUrl}/api/v1/summary?municipality=${code}`)).json()) as Summary;
  const open = [
    'incident',
    'open',
    '--title',
    'STS svarer langsomt',
    '--impact',
    'minor',
    '--component',
    'sts=degraded_performance',
    '--message',
    'Vi undersøger fejlen',
  ];

  before(async () => {
    server = await startListeningApp();
    env = { KDI_STATUS_SERVER: server.baseUrl, KDI_STATUS_TOKEN: await createTestKey(server.app.store, 'vendor', 'infra-drift') };
  });
  after(() => server.close());

  it('opens an incident for the municipalities given (comma list or repeated), shown to them only', async () => {
    const { code, out, err } = await cli([...open, '--municipality', '0147,0101', '--municipality', '0751', '--json']);
    assert.equal(code, 0, err);
    const incident = JSON.parse(out) as Incident;
    assert.deepEqual(incident.municipalities, ['0101', '0147', '0751']);
    assert.ok((await summaryFor('0751')).incidents.some((i) => i.id === incident.id));
    assert.ok(!(await summaryFor('0851')).incidents.some((i) => i.id === incident.id));

    const human = await cli([...open, '--municipality', '0400']);
    assert.equal(human.code, 0, human.err);
    assert.match(human.out, /only in {5}0400/);
  });

  it('names the option when the server refuses a code that is no municipality, and refuses a malformed one itself', async () => {
    const refused = await cli([...open, '--municipality', '0101,0411']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /HTTP 422 unknown_municipality.*municipalities\.1 \(--municipality\)/);
    const malformed = await cli([...open, '--municipality', 'Aarhus']);
    assert.notEqual(malformed.code, 0);
    assert.match(malformed.err, /--municipality takes kommunekoder of four digits/);
  });

  it('schedules maintenance for the municipalities given', async () => {
    const hours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
    const { code, out, err } = await cli([
      'maintenance',
      'schedule',
      '--title',
      'Opdatering af STS',
      '--description',
      'STS er ikke tilgængelig',
      '--component',
      'sts',
      '--starts',
      hours(24),
      '--ends',
      hours(26),
      '--municipality',
      '0851',
      '--json',
    ]);
    assert.equal(code, 0, err);
    const maintenance = JSON.parse(out) as Maintenance;
    assert.deepEqual(maintenance.municipalities, ['0851']);
    assert.ok((await summaryFor('0851')).maintenances.upcoming.some((m) => m.id === maintenance.id));
    assert.ok(!(await summaryFor('0101')).maintenances.upcoming.some((m) => m.id === maintenance.id));
  });
});
