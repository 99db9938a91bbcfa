import type { LogVerification } from '@kdi-status/sdk/admin';
import { verifyLog } from '../read/verify-log.js';
import { makeCheckpoint } from '../write/log-checkpoints.js';
import { createLogSigner, parseSigningKey } from '../write/signing-key.js';
import { parse } from './args.js';
import { command, options } from './command.js';
import { DATABASE_HELP, DATABASE_OPTIONS, withStore } from './database.js';
import { databaseSource, holdToCheckpoint, readKeptCheckpoint, serverSource } from './kept-checkpoint.js';
import { human } from './output.js';
import { ADMIN_HELP, ADMIN_OPTIONS, adminClient } from './remote.js';

const WHERE = `Without --server it reads the database (DATABASE_URL or --database); with --server it asks
that running server (an admin key: KDI_STATUS_TOKEN or --token).`;

/** "1 event", "2 events". */
const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The verification as lines: all well, or the first sequence number that does not verify.
 *
 * @example
 * describeVerification(result); // 'The log verifies: 12 events, 1 checkpoint; last event 12, hash …'
 */
export function describeVerification(result: LogVerification): string {
  const checked = human`${counted(result.events, 'event', 'events')}, ${counted(result.checkpoints, 'checkpoint', 'checkpoints')}`;
  if (result.failure)
    return human`The log does not verify at sequence ${result.failure.seq} (${result.failure.reason}): ${result.failure.message}\nChecked before it: ${checked}.`;
  if (result.lastSeq === 0) return 'The log is empty: nothing to verify.';
  return human`The log verifies: ${checked}; last event ${result.lastSeq}, hash ${result.lastHash}.`;
}

/**
 * `kdi-status verify`: walks the event log from the first event, recomputing every hash, and
 * checks each stored checkpoint; exit 1 naming the first sequence number that does not verify.
 *
 * @example
 * await verify.run(['--database', 'sqlite:./data/kdi-status.db'], processIo()); // 0 when it verifies
 */
export const verify = command({
  name: 'verify',
  summary: 'Verify the tamper-evident event log and its checkpoints',
  usage: `Usage: kdi-status verify [--database <url> | --server <url>]
       kdi-status verify --checkpoint <file.json> [--server <url> | --database <url>]

Walk the event log from the first event, recompute every event's hash from its stored content and
the previous hash, and check every signed checkpoint against the chain and the public key. Exit 1
naming the first sequence number that does not verify, and why.

${WHERE}

With --checkpoint, hold the log to a checkpoint you kept (the JSON of /api/v1/log/checkpoints/latest):
its signature must hold under the key the server publishes now (a different key id is refused: the
key may have been replaced), and the event at its sequence number must still have its hash. With
--server this reads only public routes: no key needed. On the database, the key is the one it
recorded under the checkpoint's key id.

${options(
  [...DATABASE_HELP, ...ADMIN_HELP, ['--checkpoint <file>', 'A checkpoint you kept (JSON).']],
  'Print { ok, events, lastSeq, lastHash, checkpoints, failure } as JSON\n(with --checkpoint: { ok, seq, hash, keyId, current, failure }).',
)}`,
  async action(args, io, out) {
    const { values } = parse(args, { ...DATABASE_OPTIONS, ...ADMIN_OPTIONS, checkpoint: { type: 'string' } });
    if (values.checkpoint !== undefined) {
      const kept = await readKeptCheckpoint(values.checkpoint);
      const held =
        values.server === undefined
          ? await withStore(values, io, (store) => holdToCheckpoint(kept, databaseSource(store)))
          : await holdToCheckpoint(kept, serverSource(values.server, io.fetch));
      const where = values.server === undefined ? 'The database' : 'The server';
      out.result(
        held.failure
          ? human`${where} does not hold checkpoint ${held.seq} (${held.failure.reason}): ${held.failure.message}`
          : human`${where} still holds checkpoint ${held.seq}: event ${held.seq} has hash ${held.hash}, signed by key ${held.keyId}.`,
        held,
      );
      return held.ok ? 0 : 1;
    }
    const result =
      values.server === undefined ? await withStore(values, io, (store) => verifyLog(store)) : await adminClient(values, io).verifyLog();
    out.result(describeVerification(result), result);
    return result.ok ? 0 : 1;
  },
});

/**
 * `kdi-status checkpoint`: signs a checkpoint of the log's last event now (the latest one when the
 * log did not grow since), with `SIGNING_KEY` or the key kept in the database.
 *
 * @example
 * await checkpoint.run(['--server', 'https://status.example'], processIo());
 */
export const checkpoint = command({
  name: 'checkpoint',
  summary: 'Sign a checkpoint of the event log now',
  usage: `Usage: kdi-status checkpoint [--database <url> | --server <url>]

Sign a checkpoint of the log's last event (its sequence number and hash) with the server's
Ed25519 key, after verifying the log; when the log did not grow since the latest checkpoint,
that one is shown. Checkpoints are published at /api/v1/log/checkpoints.

${WHERE} On the database the key is SIGNING_KEY, else the key the server
generated and keeps there.

${options([...DATABASE_HELP, ...ADMIN_HELP], 'Print the checkpoint { seq, hash, at, keyId, signature } as JSON.')}`,
  async action(args, io, out) {
    const { values } = parse(args, { ...DATABASE_OPTIONS, ...ADMIN_OPTIONS });
    const made =
      values.server === undefined
        ? await withStore(values, io, async (store) => {
            const configured = io.env.SIGNING_KEY ? parseSigningKey(io.env.SIGNING_KEY) : undefined;
            return makeCheckpoint(store, await createLogSigner(store, configured, io.now()), io.now());
          })
        : { checkpoint: await adminClient(values, io).makeCheckpoint(), created: true };
    if (!made) {
      out.result('The log is empty: there is nothing to sign.', null);
      return 1;
    }
    const { checkpoint: signed } = made;
    out.result(human`Checkpoint of event ${signed.seq}: hash ${signed.hash}, signed by key ${signed.keyId} at ${signed.at}.`, signed);
    return 0;
  },
});
