import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli, startServerProcess } from '../test-support/server-process.js';

const kdi = runCli;

describe('kdi-status CLI round trip against a running server', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startServerProcess>>;
  let env: Record<string, string>;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kdi-cli-'));
    const database = `sqlite:${join(dir, 'live.db')}`;
    server = await startServerProcess({ DATABASE_URL: database });
    const url = server.baseUrl;
    env = { DATABASE_URL: database, KDI_STATUS_SERVER: url };
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates a key, opens, updates and resolves an incident, each visible on the server', async () => {
    const created = await kdi(['keys', 'create', '--role', 'vendor', '--vendor', 'infra-drift', '--name', 'Servicedesk'], env);
    assert.equal(created.code, 0, created.stderr);
    const token = created.stdout.trim();
    assert.match(token, /^kdi_k_[0-9a-f]{12}_/);
    assert.match(created.stderr, /not (be )?shown again/i);
    const withKey = { ...env, KDI_STATUS_TOKEN: token };

    const opened = await kdi(
      [
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
        '--json',
      ],
      withKey,
    );
    assert.equal(opened.code, 0, opened.stderr);
    const { id } = JSON.parse(opened.stdout) as { id: string };

    const updated = await kdi(['incident', 'update', id, '--status', 'identified', '--message', 'Fejlen er fundet'], withKey);
    assert.equal(updated.code, 0, updated.stderr);
    const resolved = await kdi(['incident', 'resolve', id, '--message', 'Fejlen er rettet', '--json'], withKey);
    assert.equal(resolved.code, 0, resolved.stderr);
    const incident = JSON.parse(resolved.stdout) as { status: string; updates: unknown[] };
    assert.equal(incident.status, 'resolved');
    assert.equal(incident.updates.length, 3);

    const listed = await kdi(['incident', 'list', '--recent', '--json'], env);
    assert.ok((JSON.parse(listed.stdout) as Array<{ id: string }>).some((i) => i.id === id));
    const active = await kdi(['incident', 'list'], env);
    assert.equal(active.code, 0);
    assert.ok(!active.stdout.includes(id), 'a resolved incident is not active');

    // Refusals: a foreign component (403) and a bad token (401) exit 1 and say why.
    const foreign = await kdi(['component', 'status', 'ky', 'major_outage', '--reason', 'test'], withKey);
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /ky/);
    const badToken = await kdi(['incident', 'resolve', id, '--message', 'x'], { ...env, KDI_STATUS_TOKEN: 'nope' });
    assert.equal(badToken.code, 1);
    const usage = await kdi(['incident', 'open', '--impact', 'enormous'], withKey);
    assert.equal(usage.code, 2);
  });

  it('exports the database and imports it into an empty one with the same summary', async () => {
    const backup = join(dir, 'backup.json');
    const exported = await kdi(['export', '--out', backup], env);
    assert.equal(exported.code, 0, exported.stderr);

    const copy = `sqlite:${join(dir, 'copy.db')}`;
    const imported = await kdi(['import', backup], { DATABASE_URL: copy });
    assert.equal(imported.code, 0, imported.stderr);
    const again = await kdi(['import', backup], { DATABASE_URL: copy });
    assert.equal(again.code, 1, 'a second import into a now non-empty database is refused');

    // A second server on the copy answers the very same summary, byte for byte.
    const original = await (await fetch(`${env.KDI_STATUS_SERVER}/api/v1/summary`)).text();
    const { createApp } = await import('../app.js');
    const { openStore } = await import('../store/open-store.js');
    const restored = await createApp({ store: openStore(copy) });
    try {
      const response = await restored.http.inject('/api/v1/summary');
      assert.equal(response.body, original);
      assert.ok(JSON.parse(original).sequence > 30);
    } finally {
      await restored.http.close();
    }
  });
});
