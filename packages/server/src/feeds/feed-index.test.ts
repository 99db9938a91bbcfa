import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChangeEvent, ContentItem, Maintenance } from '@kdi-status/sdk';
import { applyFeedEvent, createFeedIndex, emptyFeedState } from './feed-index.js';

const actor = { type: 'system', id: 'test' } as const;
const window: Maintenance = {
  id: 'mnt_1',
  title: { da: 'Opdatering' },
  description: { da: 'Serviceplatformen opdateres' },
  status: 'scheduled',
  vendor: 'infra-drift',
  components: ['serviceplatformen'],
  startsAt: '2026-12-05T23:00:00.000Z',
  endsAt: '2026-12-06T07:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};
const release: ContentItem = {
  id: 'cnt_1',
  componentId: 'ky',
  type: 'release',
  title: { da: 'Release 2026.4' },
  body: { da: 'Ny ydelsesoversigt' },
  date: '2026-12-05T23:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};

/** The log as numbered events, one per change. */
function log(...changes: Array<Pick<ChangeEvent, 'type' | 'data'>>): ChangeEvent[] {
  return changes.map((c, i) => ({ ...c, seq: i + 1, at: `2026-12-01T08:0${i}:00.000Z`, actor }) as ChangeEvent);
}

function replay(events: ChangeEvent[]) {
  const state = emptyFeedState();
  for (const event of events) applyFeedEvent(state, event);
  return state;
}

describe('the feeds’ projection of the event log', () => {
  it('given a window, when its text or times change, then each change is one revision more, dated by its event', () => {
    const state = replay(
      log(
        { type: 'maintenance.changed', data: window },
        { type: 'maintenance.changed', data: { ...window, endsAt: '2026-12-06T09:00:00.000Z' } },
        { type: 'maintenance.changed', data: { ...window, endsAt: '2026-12-06T09:00:00.000Z', title: { da: 'Ny titel' } } },
      ),
    );
    const record = state.maintenances.get('mnt_1')!;
    assert.equal(record.revision, 2);
    assert.equal(record.revisedAt, '2026-12-01T08:02:00.000Z');
    assert.equal(record.createdAt, '2026-12-01T08:00:00.000Z');
    assert.equal(record.data.title.da, 'Ny titel');
  });

  it('given a window, when the clock moves it to in_progress and completed, then that is no revision; a cancel is', () => {
    const moved = replay(
      log(
        { type: 'maintenance.changed', data: window },
        { type: 'maintenance.changed', data: { ...window, status: 'in_progress' } },
        { type: 'maintenance.changed', data: { ...window, status: 'completed' } },
      ),
    );
    assert.equal(moved.maintenances.get('mnt_1')!.revision, 0);
    const cancelled = replay(
      log({ type: 'maintenance.changed', data: window }, { type: 'maintenance.changed', data: { ...window, status: 'cancelled' } }),
    );
    assert.equal(cancelled.maintenances.get('mnt_1')!.revision, 1);
  });

  it('given a release, when it is deleted or turned into news, then it stays, deleted, one revision more', () => {
    const deleted = replay(
      log({ type: 'content.changed', data: release }, { type: 'content.deleted', data: { id: 'cnt_1', componentId: 'ky' } }),
    );
    assert.deepEqual([deleted.releases.get('cnt_1')!.deleted, deleted.releases.get('cnt_1')!.revision], [true, 1]);
    const news = replay(log({ type: 'content.changed', data: release }, { type: 'content.changed', data: { ...release, type: 'news' } }));
    assert.deepEqual([news.releases.get('cnt_1')!.deleted, news.releases.get('cnt_1')!.revision], [true, 1]);
    const never = replay(log({ type: 'content.changed', data: { ...release, type: 'faq' } }));
    assert.equal(never.releases.size, 0);
  });

  it('ignores events it has already applied (a replay changes nothing)', () => {
    const events = log(
      { type: 'maintenance.changed', data: window },
      { type: 'maintenance.changed', data: { ...window, title: { da: 'B' } } },
    );
    const state = replay(events);
    for (const event of events) applyFeedEvent(state, event);
    assert.equal(state.maintenances.get('mnt_1')!.revision, 1);
  });

  it('catches up page by page, and a failed read fails only its caller', async () => {
    const events = Array.from({ length: 2500 }, (_, i) => ({
      type: 'maintenance.changed',
      data: { ...window, title: { da: `T${i}` } },
      seq: i + 1,
      at: '2026-12-01T08:00:00.000Z',
      actor,
    })) as ChangeEvent[];
    let fail = true;
    const index = createFeedIndex({
      async eventsAfter(after, limit) {
        if (fail) {
          fail = false;
          throw new Error('database away');
        }
        return events.filter((e) => e.seq > after).slice(0, limit);
      },
    });
    await assert.rejects(index.current(), /database away/);
    const state = await index.current();
    assert.equal(state.seq, 2500);
    assert.equal(state.maintenances.get('mnt_1')!.revision, 2499);
  });
});
