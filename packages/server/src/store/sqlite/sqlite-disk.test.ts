import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openIncidentOver, type WriteAnswer } from '../../test-support/admin-writes.js';
import { runCli, startServerProcess } from '../../test-support/server-process.js';

// Issue 8, item 9 on SQLite: a full or read-only disk under a running server gives 503 on writes
// (problem+json, Retry-After), reads keep answering, the process lives, and writes work again
// once the disk does. Both are real: a size-limited tmpfs filled up, and the database files made
// immutable (`chattr +i`, which holds even for root, as these tests run).

/** Runs a command, true when it worked (false: no permission or no such tool here). */
function tries(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A 2 MB tmpfs of the test's own at a fresh dir, or null where mounting is not allowed. */
function smallDisk(): { dir: string; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'kdi-small-disk-'));
  if (!tries('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir])) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount: () => {
      tries('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Fills the disk under `file` with one file until it has no room left. */
function fill(file: string): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (let i = 0; i < 1_000; i += 1) writeSync(fd, chunk);
    throw new Error('the disk never filled up');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    closeSync(fd);
  }
}

const assertUnavailable = (answer: WriteAnswer, what: string) => {
  assert.equal(answer.status, 503, `${what}: ${JSON.stringify(answer.body)}`);
  assert.match(answer.contentType ?? '', /^application\/problem\+json/);
  assert.equal(answer.body.code, 'database_unavailable');
  assert.ok(Number(answer.retryAfter) >= 1, 'Retry-After in seconds');
};

async function withServer(database: string, work: (baseUrl: string, token: string) => Promise<void>) {
  const env = { DATABASE_URL: `sqlite:${database}` };
  const created = await runCli(['keys', 'create', '--role', 'admin'], env);
  assert.equal(created.code, 0, created.stderr);
  const server = await startServerProcess(env);
  try {
    await work(server.baseUrl, created.stdout.trim());
    assert.equal(server.child.exitCode, null, `the server is still running: ${server.output()}`);
  } finally {
    await server.stop();
  }
}

const canMount = (() => {
  const disk = smallDisk();
  disk?.unmount();
  return disk !== null;
})();

describe('SQLite: the disk under a running server stops taking writes', () => {
  it(
    'full (a tmpfs of 2 MB filled up): writes answer 503 problem+json with Retry-After, reads answer, and writes work again once there is room',
    { skip: canMount ? false : 'mount -t tmpfs is not allowed here' },
    async () => {
      const disk = smallDisk()!;
      try {
        await withServer(join(disk.dir, 'status.db'), async (baseUrl, token) => {
          assert.equal((await openIncidentOver(baseUrl, token, 'before')).status, 201);
          fill(join(disk.dir, 'filler'));
          // Each write needs new room in the WAL (about 8 KB of message, and the key's last use).
          for (let i = 0; i < 3; i += 1)
            assertUnavailable(await openIncidentOver(baseUrl, token, `full ${i}`, { messageBytes: 1_900 }), `write ${i}`);
          const summary = await fetch(`${baseUrl}/api/v1/summary`);
          assert.equal(summary.status, 200, 'reads answer from memory');
          assert.equal(
            ((await summary.json()) as { incidents: { title: { da: string } }[] }).incidents.filter((i) => i.title.da.startsWith('full'))
              .length,
            0,
          );

          rmSync(join(disk.dir, 'filler'));
          const after = await openIncidentOver(baseUrl, token, 'after', { messageBytes: 1_900 });
          assert.equal(after.status, 201, JSON.stringify(after.body));
          assert.equal((await fetch(`${baseUrl}/api/v1/incidents/${after.body.id}`)).status, 200);
        });
      } finally {
        disk.unmount();
      }
    },
  );

  it('read-only (the database and its WAL made immutable): writes answer 503, reads answer, and writes work again once it is writable', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'kdi-read-only-'));
    const files = ['status.db', 'status.db-wal'].map((name) => join(dir, 'db', name));
    mkdirSync(join(dir, 'db'));
    try {
      await withServer(files[0]!, async (baseUrl, token) => {
        assert.equal((await openIncidentOver(baseUrl, token, 'before')).status, 201);
        if (!tries('chattr', ['+i', ...files])) return t.skip('chattr +i is not allowed on this file system');
        try {
          for (let i = 0; i < 3; i += 1) assertUnavailable(await openIncidentOver(baseUrl, token, `read-only ${i}`), `write ${i}`);
          assert.equal((await fetch(`${baseUrl}/api/v1/summary`)).status, 200, 'reads answer from memory');
        } finally {
          tries('chattr', ['-i', ...files]);
        }
        const after = await openIncidentOver(baseUrl, token, 'after');
        assert.equal(after.status, 201, JSON.stringify(after.body));
      });
    } finally {
      tries('chattr', ['-i', ...files]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
