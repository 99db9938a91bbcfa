import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { ApiKeySchema } from '@kdi-status/sdk/admin';
import { keyRejection, parseToken } from '../domain/api-keys.js';
import { openStore } from '../store/open-store.js';
import { tempSqliteStore } from '../test-support/fixtures.js';
import { captureIo } from './io.js';
import { run } from './run.js';

// `kdi-status keys …` on a real SQLite file, as an operator runs it next to the server.

const NOW = new Date('2026-11-26T08:00:00.000Z');

let database = '';
let cleanup: () => Promise<void> = async () => {};

const cli = async (argv: string[], env: Record<string, string> = {}) => {
  const io = captureIo({ env, now: () => NOW });
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
};

/** Reads the database the CLI wrote, as the server would. */
async function inStore<T>(read: (store: ReturnType<typeof openStore>) => Promise<T>): Promise<T> {
  const store = openStore(database);
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

describe('kdi-status keys (real SQLite file)', () => {
  beforeEach(async () => {
    const temp = await tempSqliteStore();
    await temp.store.commit(
      [{ type: 'vendor.changed', data: { id: 'fagsys-nord', name: 'Fagsystemer Nord', servicedesk: {} } }],
      { type: 'system', id: 'test' },
      NOW.toISOString(),
    );
    await temp.store.close();
    database = `sqlite:${temp.file}`;
    cleanup = temp.cleanup;
  });
  afterEach(() => cleanup());

  it('creates an admin key: only the token on stdout, the warning on stderr; the token works and only its hash is stored', async () => {
    const { code, out, err } = await cli(['keys', 'create', '--role', 'admin', '--name', 'KOMBIT drift', '--database', database]);
    assert.equal(code, 0);
    assert.match(out, /^kdi_k_[0-9a-f]{12}_[A-Za-z0-9_-]{43}\n$/);
    assert.match(err, /^Created admin key k_[0-9a-f]{12} \("KOMBIT drift"\) not expiring\.\n/);
    assert.match(err, /shown only now and cannot be shown again/);

    const parsed = parseToken(out.trim())!;
    const stored = await inStore((store) => store.key(parsed.id));
    assert.equal(keyRejection(stored, parsed.secret, NOW), null);
    assert.ok(!JSON.stringify(stored).includes(parsed.secret));
    const [event] = await inStore((store) => store.audit({ actor: 'cli' }));
    assert.equal(event?.type, 'key.changed');
    assert.deepEqual(event?.actor, { type: 'system', id: 'cli' });
  });

  it('creates a vendor key with an expiry, and prints { token, key } with --json; DATABASE_URL names the database', async () => {
    const { code, out, err } = await cli(['keys', 'create', '--role', 'vendor', '--vendor', 'fagsys-nord', '--expires', '30d', '--json'], {
      DATABASE_URL: database,
    });
    assert.equal(err, '');
    assert.equal(code, 0);
    const { token, key } = JSON.parse(out) as { token: string; key: unknown };
    const apiKey = ApiKeySchema.parse(key);
    assert.equal(parseToken(token)?.id, apiKey.id);
    assert.equal(apiKey.vendor, 'fagsys-nord');
    assert.equal(apiKey.expiresAt, '2026-12-26T08:00:00.000Z');
    assert.ok(!('secretHash' in (key as object)));
  });

  it('refuses a key the command line gets wrong with exit code 2, and one the domain refuses with 1, naming the option', async () => {
    const cases = [
      [['--role', 'root'], 2, '--role must be one of admin, vendor (got "root")'],
      [['--role', 'vendor'], 2, 'missing --vendor'],
      [['--role', 'admin', '--expires', 'soon'], 2, '--expires must be an ISO 8601 time or a duration'],
      [['--role', 'vendor', '--vendor', 'nope'], 1, 'refused (invalid_key): vendor (--vendor): unknown vendor "nope"'],
      [['--role', 'admin', '--expires', '2020-01-01T00:00:00Z'], 1, 'refused (invalid_key): expiresAt (--expires): must be in the future'],
    ] as const;
    for (const [args, exitCode, message] of cases) {
      const { code, out, err } = await cli(['keys', 'create', ...args, '--database', database]);
      assert.equal(code, exitCode, message);
      assert.equal(out, '');
      assert.ok(err.startsWith(`kdi-status keys create: ${message}`), err);
    }
    assert.deepEqual(await inStore((store) => store.keys()), []);
  });

  it('lists keys as a table and as JSON, never with their hashes', async () => {
    assert.equal((await cli(['keys', 'list', '--database', database])).out, 'No API keys. Create one with "kdi-status keys create".\n');
    await cli(['keys', 'create', '--role', 'vendor', '--vendor', 'fagsys-nord', '--name', 'Servicedesk Nord', '--database', database]);

    const { code, out } = await cli(['keys', 'list', '--database', database]);
    assert.equal(code, 0);
    const [header, row, end] = out.split('\n');
    assert.equal(header, 'ID              NAME              ROLE    VENDOR       CREATED            EXPIRES  REVOKED  LAST USED');
    assert.match(row!, /^k_[0-9a-f]{12} {2}Servicedesk Nord {2}vendor {2}fagsys-nord {2}2026-11-26 08:00Z {2}- {8}- {8}-$/);
    assert.equal(end, '');

    const json = JSON.parse((await cli(['keys', 'list', '--json', '--database', database])).out) as object[];
    assert.equal(json.length, 1);
    assert.ok(!JSON.stringify(json).includes('secretHash'));
  });

  it('revokes a key (the token stops working), says so when it was revoked already, and exits 1 for an unknown id', async () => {
    const token = (await cli(['keys', 'create', '--role', 'admin', '--database', database])).out.trim();
    const { id, secret } = parseToken(token)!;

    const first = await cli(['keys', 'revoke', id, '--database', database]);
    assert.equal(first.code, 0);
    assert.equal(first.out, `Revoked key ${id}.\n`);
    assert.equal(keyRejection(await inStore((store) => store.key(id)), secret, NOW), 'the key was revoked');

    const again = await cli(['keys', 'revoke', id, '--database', database]);
    assert.equal(again.code, 0);
    assert.equal(again.out, `Key ${id} was already revoked at 2026-11-26 08:00Z.\n`);
    assert.equal((await inStore((store) => store.audit({ actor: 'cli' }))).length, 2, 'a second revoke writes nothing');

    const unknown = await cli(['keys', 'revoke', 'k_000000000000', '--database', database]);
    assert.equal(unknown.code, 1);
    assert.equal(unknown.err, 'kdi-status keys revoke: no key "k_000000000000" (see "kdi-status keys list")\n');

    assert.equal((await cli(['keys', 'revoke', '--database', database])).code, 2);
  });
});
