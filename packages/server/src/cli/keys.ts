import { KEY_ROLES, type ApiKey } from '@kdi-status/sdk/admin';
import { publicKey } from '@kdi-status/sdk/export';
import { generateKey } from '../domain/api-keys.js';
import { expiry, oneOf, parse, required } from './args.js';
import { command, group, options } from './command.js';
import { DATABASE_HELP, DATABASE_OPTIONS, withStore } from './database.js';
import { human, shortTime, table } from './output.js';

/** Keys are made and revoked on the database itself, by whoever runs the server: that is the root of trust. */
const CLI_ACTOR = { type: 'system', id: 'cli' } as const;

const create = command({
  name: 'keys create',
  summary: 'Create an API key and print its token (once)',
  usage: `Usage: kdi-status keys create --role admin|vendor [--vendor <id>] [--name <text>] [--expires <time>]

Create an API key in the database and print its token. The token is shown only this once:
only a hash of it is stored. In human output the token alone goes to stdout (the rest to
stderr), so KDI_STATUS_TOKEN=$(kdi-status keys create …) works.

${options(
  [
    ['--role <role>', "admin (may change everything) or vendor (only its vendor's components)."],
    ['--vendor <id>', 'The vendor the key acts for; required for a vendor key.'],
    ['--name <text>', 'What the key is for, e.g. "Servicedesk Nord".'],
    ['--expires <time>', 'An ISO 8601 time, or a duration from now: 12h, 30d. Default: never.'],
    ...DATABASE_HELP,
  ],
  'Print { token, key } as JSON.',
)}`,
  hints: { expiresAt: '--expires', vendor: '--vendor', role: '--role', name: '--name' },
  async action(args, io, out) {
    const { values } = parse(args, {
      ...DATABASE_OPTIONS,
      role: { type: 'string' },
      vendor: { type: 'string' },
      name: { type: 'string' },
      expires: { type: 'string' },
    });
    const role = oneOf(required(values.role, 'role'), KEY_ROLES, '--role');
    if (role === 'vendor') required(values.vendor, 'vendor');
    const now = io.now();
    const expiresAt = values.expires === undefined ? null : expiry(values.expires, now);

    const { token, key } = await withStore(values, io, async (store) => {
      const { vendors } = await store.snapshot({ since: now.toISOString() });
      const { token, stored } = generateKey({ role, vendor: values.vendor, name: values.name, expiresAt }, vendors, now);
      await store.saveKey(stored, CLI_ACTOR, now.toISOString());
      return { token, key: publicKey(stored) };
    });

    if (out.json) return out.result('', { token, key });
    io.stderr.write(
      `Created ${describeKey(key)}.\n` +
        `This is its token. It is shown only now and cannot be shown again: store it safely (e.g. in KDI_STATUS_TOKEN).\n`,
    );
    io.stdout.write(`${token}\n`);
  },
});

function describeKey(key: ApiKey): string {
  const parts = [key.role === 'admin' ? 'admin' : 'vendor', 'key', key.id];
  if (key.vendor) parts.push(human`for ${key.vendor}`);
  if (key.name) parts.push(human`("${key.name}")`);
  parts.push(key.expiresAt ? human`expiring ${shortTime(key.expiresAt)}` : 'not expiring');
  return parts.join(' ');
}

/**
 * The keys as a table: id, name, role, vendor, created, expires, revoked, last used.
 *
 * @example
 * io.stdout.write(keysTable(await store.keys()));
 */
export function keysTable(keys: readonly ApiKey[]): string {
  if (keys.length === 0) return 'No API keys. Create one with "kdi-status keys create".\n';
  return table(
    ['ID', 'NAME', 'ROLE', 'VENDOR', 'CREATED', 'EXPIRES', 'REVOKED', 'LAST USED'],
    keys.map((k) => [
      k.id,
      k.name,
      k.role,
      k.vendor,
      shortTime(k.createdAt),
      shortTime(k.expiresAt),
      shortTime(k.revokedAt),
      shortTime(k.lastUsedAt),
    ]),
  );
}

const list = command({
  name: 'keys list',
  summary: 'List API keys (never their secrets)',
  usage: `Usage: kdi-status keys list [--json]

List the API keys in the database: id, name, role, vendor, created, expires, revoked, last used.

${options([...DATABASE_HELP], 'Print the keys as JSON.')}`,
  async action(args, io, out) {
    const { values } = parse(args, DATABASE_OPTIONS);
    const keys = await withStore(values, io, (store) => store.keys());
    out.result(keysTable(keys), keys);
  },
});

/** A revoke of an unknown key id: the store has nothing to refuse, so the CLI does. */
class UnknownKeyError extends Error {}

const revoke = command({
  name: 'keys revoke',
  summary: 'Revoke an API key at once',
  usage: `Usage: kdi-status keys revoke <id> [--json]

Revoke an API key: every request with it is refused from now on. Revoking a revoked key
changes nothing.

${options([...DATABASE_HELP], 'Print the key as JSON.')}`,
  async action(args, io, out) {
    const { values, positionals } = parse(args, DATABASE_OPTIONS, ['id']);
    const id = positionals[0]!;
    const now = io.now().toISOString();
    const result = await withStore(values, io, async (store) => {
      const key = await store.key(id);
      if (!key) throw new UnknownKeyError(`no key "${id}" (see "kdi-status keys list")`);
      if (key.revokedAt) return { key: publicKey(key), already: true };
      const revoked = { ...key, revokedAt: now };
      await store.saveKey(revoked, CLI_ACTOR, now);
      return { key: publicKey(revoked), already: false };
    });
    out.result(
      result.already ? human`Key ${id} was already revoked at ${shortTime(result.key.revokedAt)}.` : human`Revoked key ${id}.`,
      result.key,
    );
  },
});

/**
 * `kdi-status keys create|list|revoke`: API keys, straight on the database (like `serve`).
 *
 * @example
 * await keys.run(['create', '--role', 'admin', '--name', 'KOMBIT drift'], processIo());
 */
export const keys = group('keys', 'Create, list and revoke API keys (on the database, like serve)', { create, list, revoke });
