import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { checkpointMessage, type Checkpoint } from '@kdi-status/sdk';
import type { LogVerification } from '@kdi-status/sdk/admin';
import { chainWalker, type ChainFailure } from '../store/event-chain.js';
import type { Store } from '../store/store.js';

const PAGE = 1000;

/** Every stored checkpoint, lowest sequence number first. */
async function allCheckpoints(store: Store): Promise<Checkpoint[]> {
  const all: Checkpoint[] = [];
  let beforeSeq: number | undefined;
  for (;;) {
    const page = await store.checkpoints({ limit: PAGE, beforeSeq });
    all.push(...page);
    if (page.length < PAGE) return all.reverse();
    beforeSeq = page.at(-1)!.seq;
  }
}

/** Whether a checkpoint's signature is good under `key`. */
export function checkpointSignatureValid(checkpoint: Checkpoint, key: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(checkpointMessage(checkpoint), 'utf8'), key, Buffer.from(checkpoint.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Walks the whole event log from the first event, page by page, recomputing each hash from the
 * stored columns and the previous hash, then checks each stored checkpoint against the chain and
 * its signature against the public key it names. Answers the first sequence number that does not
 * verify and why (docs/adr/0021-tamper-evident-log.md), or `ok`.
 *
 * @example
 * const result = await verifyLog(store);
 * if (!result.ok) console.error(`seq ${result.failure.seq}: ${result.failure.message}`);
 */
export async function verifyLog(store: Store): Promise<LogVerification> {
  const checkpoints = await allCheckpoints(store);
  const wanted = new Set(checkpoints.map((checkpoint) => checkpoint.seq));
  const hashes = new Map<number, string>();
  const walker = chainWalker();
  let events = 0;
  let failure: ChainFailure | undefined;
  walk: for (let after = 0; ;) {
    const rows = await store.eventRows(after, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) {
      failure = walker.check(row);
      if (failure) break walk;
      events += 1;
      if (wanted.has(row.seq)) hashes.set(row.seq, row.hash!);
      after = row.seq;
    }
  }

  const keys = new Map<string, KeyObject>();
  for (const key of await store.logKeys()) {
    try {
      keys.set(key.keyId, createPublicKey(key.publicKey));
    } catch {
      // A key that does not parse signs nothing: its checkpoints fail as signed by an unknown key.
    }
  }
  let checked = 0;
  for (const checkpoint of checkpoints) {
    // Beyond a break in the chain, nothing is known; the break is the first failure.
    if (failure && checkpoint.seq >= failure.seq) break;
    const problem = checkpointProblem(checkpoint, hashes.get(checkpoint.seq), keys.get(checkpoint.keyId), walker.head.seq);
    if (problem) {
      failure = problem;
      break;
    }
    checked += 1;
  }

  // All well: the head as walked and verified (a commit since is not vouched for). Else the
  // stored head, whatever it is.
  const head = failure ? await store.chainHead() : walker.head.seq > 0 ? walker.head : null;
  return {
    ok: failure === undefined,
    events,
    lastSeq: head?.seq ?? 0,
    lastHash: head?.hash ?? null,
    checkpoints: checked,
    failure: failure ?? null,
  };
}

function checkpointProblem(
  checkpoint: Checkpoint,
  hash: string | undefined,
  key: KeyObject | undefined,
  lastSeq: number,
): ChainFailure | undefined {
  const { seq } = checkpoint;
  if (hash === undefined)
    return {
      seq,
      reason: 'checkpoint_beyond_log',
      message: `A checkpoint names event ${seq}, but the log ends at ${lastSeq}: events were removed from its end.`,
    };
  if (hash !== checkpoint.hash)
    return { seq, reason: 'checkpoint_mismatch', message: `The checkpoint of event ${seq} names another hash than the log has.` };
  if (!key)
    return {
      seq,
      reason: 'checkpoint_unknown_key',
      message: `The checkpoint of event ${seq} is signed by key ${checkpoint.keyId}, which is not known.`,
    };
  if (!checkpointSignatureValid(checkpoint, key))
    return {
      seq,
      reason: 'checkpoint_signature',
      message: `The checkpoint of event ${seq} does not carry a valid signature of key ${checkpoint.keyId}.`,
    };
  return undefined;
}
