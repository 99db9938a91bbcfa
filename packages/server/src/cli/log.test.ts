import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeVerification } from './log.js';

// `kdi-status verify` says what it checked in words: one of a thing is singular.

const HASH = 'a'.repeat(64);

describe('describeVerification', () => {
  it('says "1 checkpoint" and "1 event", and counts more in the plural', () => {
    assert.equal(
      describeVerification({ ok: true, events: 1, lastSeq: 1, lastHash: HASH, checkpoints: 1, failure: null }),
      `The log verifies: 1 event, 1 checkpoint; last event 1, hash ${HASH}.`,
    );
    assert.equal(
      describeVerification({ ok: true, events: 12, lastSeq: 12, lastHash: HASH, checkpoints: 0, failure: null }),
      `The log verifies: 12 events, 0 checkpoints; last event 12, hash ${HASH}.`,
    );
  });

  it('the same words for what was checked before a failure', () => {
    const text = describeVerification({
      ok: false,
      events: 4,
      lastSeq: 5,
      lastHash: HASH,
      checkpoints: 1,
      failure: { seq: 5, reason: 'hash_mismatch', message: 'the hash differs' },
    });
    assert.match(text, /Checked before it: 4 events, 1 checkpoint\.$/);
  });
});
