import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ExportDocumentSchema, type ExportDocument } from '@kdi-status/sdk/export';
import { openStore } from '../store/open-store.js';
import { component, incident, T0, tempSqliteStore } from '../test-support/fixtures.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `kdi-status export` and `import` between real SQLite files.

const NOW = new Date('2026-11-26T09:00:00.000Z');

let source: Awaited<ReturnType<typeof tempSqliteStore>>;
let target: Awaited<ReturnType<typeof tempSqliteStore>>;

const cli = async (argv: string[]) => {
  const io = captureIo({ now: () => NOW });
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
};

async function exportOf(file: string): Promise<ExportDocument> {
  const store = openStore(file);
  try {
    return await store.exportState(NOW.toISOString());
  } finally {
    await store.close();
  }
}

describe('kdi-status export and import (real SQLite files)', () => {
  beforeEach(async () => {
    source = await tempSqliteStore();
    target = await tempSqliteStore();
    await source.store.commit(
      [
        { type: 'vendor.changed', data: { id: 'v1', name: 'Vendor 1', servicedesk: { email: 'support@v1.example' } } },
        { type: 'component.changed', data: component('sts', [], { kind: 'support-system' }) },
        { type: 'component.changed', data: component('ky', ['sts']) },
        { type: 'incident.changed', data: incident('inc_1', { sts: 'major_outage' }) },
      ],
      { type: 'system', id: 'test' },
      T0,
    );
    // The CLI opens the files itself, as it would next to a stopped (or running) server.
    await source.store.close();
    await target.store.close();
  });
  afterEach(async () => {
    await source.cleanup();
    await target.cleanup();
  });

  it('exports the whole state to stdout as a valid export document', async () => {
    const { code, out, err } = await cli(['export', '--database', source.file]);
    assert.equal(err, '');
    assert.equal(code, 0);
    const doc = ExportDocumentSchema.parse(JSON.parse(out));
    assert.equal(doc.exportedAt, NOW.toISOString());
    assert.deepEqual(
      doc.components.map((c) => c.id),
      ['ky', 'sts'],
    );
    assert.equal(doc.events.length, 4);
  });

  it('exports to a file readable only by its owner, then imports it into an empty database: the same state', async () => {
    const file = join(source.file, '..', 'backup.json');
    const exported = await cli(['export', '--out', file, '--database', source.file]);
    assert.equal(exported.code, 0);
    assert.equal(exported.out, `Exported 1 vendors, 2 components, 1 incidents, 0 maintenances, 0 content, 0 keys, 4 events to ${file}.\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);

    const imported = await cli(['import', file, '--database', target.file, '--json']);
    assert.equal(imported.code, 0);
    assert.deepEqual(JSON.parse(imported.out), {
      file,
      exportedAt: NOW.toISOString(),
      vendors: 1,
      components: 2,
      incidents: 1,
      maintenances: 0,
      content: 0,
      keys: 0,
      events: 4,
    });
    assert.deepEqual(await exportOf(target.file), await exportOf(source.file));
  });

  it('refuses to import into a database that holds data, with the store’s reason and exit code 1', async () => {
    const file = join(source.file, '..', 'backup.json');
    writeFileSync(file, (await cli(['export', '--database', source.file])).out);
    const before = await exportOf(source.file);
    const { code, err } = await cli(['import', file, '--database', source.file]);
    assert.equal(code, 1);
    assert.equal(err, 'kdi-status import: The database is not empty: import only into a new database.\n');
    assert.deepEqual(await exportOf(source.file), before);
  });

  it('says what is wrong with a file that is not an export, and writes nothing', async () => {
    const dir = join(target.file, '..');
    const good = JSON.parse((await cli(['export', '--database', source.file])).out) as ExportDocument;
    const cases: Array<[string, string, RegExp]> = [
      ['missing.json', '', /^kdi-status import: cannot read .*missing\.json: ENOENT\n$/],
      ['not-json.json', '{"format": ', /^kdi-status import: .*not-json\.json is not JSON: /],
      [
        'wrong.json',
        JSON.stringify({ ...good, version: 2, components: [{ ...good.components[0], status: 'on_fire' }] }),
        /^kdi-status import: .*wrong\.json is not a kdi-status export \(version 1\): version: .*; components\.0\.status: /,
      ],
    ];
    for (const [name, text, expected] of cases) {
      const file = join(dir, name);
      if (text) writeFileSync(file, text);
      const { code, err } = await cli(['import', file, '--database', target.file]);
      assert.equal(code, 1, name);
      assert.match(err, expected);
    }
    assert.equal((await exportOf(target.file)).events.length, 0);
    assert.equal((await cli(['import', '--database', target.file])).code, 2, 'no file is a usage error');
  });
});
