import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Store } from '../store/store.js';
import { component, tempSqliteStore } from '../test-support/fixtures.js';
import { createReadModel } from './read-model.js';

const actor = { type: 'system', id: 'test' } as const;

/** The store with its snapshot reads counted. */
function counting(store: Store): { store: Store; snapshots: () => number } {
  let snapshots = 0;
  return {
    store: { ...store, snapshot: (options) => (snapshots++, store.snapshot(options)) },
    snapshots: () => snapshots,
  };
}

describe('read model', () => {
  it('rebuilds once for several listeners of one commit, and once for a burst of commits', async () => {
    const temp = await tempSqliteStore();
    try {
      const { store, snapshots } = counting(temp.store);
      const readModel = createReadModel(store, () => new Date());
      await readModel.refresh();
      const before = snapshots();

      // One commit, heard by three listeners (the read model's, the live hub's, the clock's).
      const [event] = await temp.store.commit([{ type: 'component.changed', data: component('a') }], actor, new Date().toISOString());
      const models = await Promise.all([readModel.refreshTo(event!.seq), readModel.refreshTo(event!.seq), readModel.refreshTo(event!.seq)]);
      assert.equal(snapshots() - before, 1);
      assert.ok(models.every((m) => m.view.summary.sequence === event!.seq));

      // Ten commits while a rebuild is reading: the ones that come during it share one more.
      const during = snapshots();
      const first = readModel.refresh();
      const seqs: number[] = [];
      for (let i = 0; i < 10; i++) {
        const [e] = await temp.store.commit([{ type: 'component.changed', data: component(`b${i}`) }], actor, new Date().toISOString());
        seqs.push(e!.seq);
      }
      const last = await Promise.all(seqs.map((seq) => readModel.refreshTo(seq)));
      await first;
      assert.ok(snapshots() - during <= 2, `${snapshots() - during} rebuilds`);
      assert.equal(readModel.current().view.summary.sequence, seqs.at(-1));
      assert.ok(last.every((m, i) => m.view.summary.sequence >= seqs[i]!));
    } finally {
      await temp.cleanup();
    }
  });

  it('never misses a commit made while a rebuild is reading', async () => {
    const temp = await tempSqliteStore();
    try {
      const readModel = createReadModel(temp.store, () => new Date());
      await readModel.refresh();
      const reading = readModel.refresh();
      const [event] = await temp.store.commit([{ type: 'component.changed', data: component('late') }], actor, new Date().toISOString());
      const model = await readModel.refreshTo(event!.seq);
      await reading;
      assert.equal(model.view.summary.sequence, event!.seq);
      assert.ok(model.view.componentsById.has('late'));
    } finally {
      await temp.cleanup();
    }
  });
});
