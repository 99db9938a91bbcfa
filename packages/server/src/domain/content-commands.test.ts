import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContentItem } from '@kdi-status/sdk';
import type { CreateContentRequest } from '@kdi-status/sdk/admin';
import { component, T0 } from '../test-support/fixtures.js';
import { adminKey, changesOf, givenContext, vendorKey, type Given, refusal } from '../test-support/write-context.js';
import { createContent, deleteContent, editContent } from './content-commands.js';
import { ForbiddenError, NotFoundError, UnprocessableError } from './errors.js';

// Given these records, when this content command, then these changes (or this error). The clock
// stands at T1, an hour after the records were written, so what a command touches shows.

const T1 = '2026-11-26T09:00:00.000Z';
const RELEASE = '2026-12-05T23:00:00.000Z';

/** `a` belongs to v1, `c` to v2; `old` (v1) is retired. */
const landscape = [component('a'), component('c', [], { vendor: 'v2' }), component('old', [], { retiredAt: T0 })];

const item = (id: string, componentId: string, extra: Partial<ContentItem> = {}): ContentItem => ({
  id,
  componentId,
  type: 'release',
  title: { da: 'Release 2026.4' },
  body: { da: 'Ny ydelsesoversigt' },
  date: RELEASE,
  updatedAt: T0,
  ...extra,
});

const given = (extra: Partial<Given> = {}): Given => ({
  principal: vendorKey('v1'),
  now: new Date(T1),
  components: landscape,
  content: [item('n1', 'a'), item('n2', 'c'), item('n3', 'gone')],
  ...extra,
});

const release = (componentId: string): CreateContentRequest => ({
  componentId,
  type: 'release',
  title: { da: 'Release 2026.4' },
  body: { da: 'Ny ydelsesoversigt' },
  date: RELEASE,
});

describe('createContent', () => {
  it("adds an item to the vendor's own component, with a new id and the time it was written", () => {
    const ctx = givenContext(given());

    const { changes, result } = createContent(ctx, release('a'));

    const expected = { id: 'id-1', ...release('a'), updatedAt: T1 };
    assert.deepEqual(changes, [{ type: 'content.changed', data: expected }]);
    assert.deepEqual(result, expected);
  });

  it("refuses a vendor key another vendor's component", () => {
    const ctx = givenContext(given());

    assert.throws(() => createContent(ctx, release('c')), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('lets an admin add an item to any component', () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    const [created] = changesOf(createContent(ctx, release('c')).changes, 'content.changed');

    assert.equal(created?.componentId, 'c');
  });

  it('refuses an unknown component on the field componentId', () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    assert.throws(() => createContent(ctx, release('ghost')), refusal(UnprocessableError, 422, 'unknown_component', ['componentId']));
  });

  it('refuses a retired component as unknown', () => {
    const ctx = givenContext(given());

    assert.throws(() => createContent(ctx, release('old')), refusal(UnprocessableError, 422, 'unknown_component', ['componentId']));
  });
});

describe('editContent', () => {
  it('changes the fields given and keeps the others', async () => {
    const ctx = givenContext(given());

    const { changes, result } = await editContent(ctx, 'n1', { date: '2026-12-12T23:00:00.000Z', title: { da: 'Release 2026.5' } });

    const expected = item('n1', 'a', { date: '2026-12-12T23:00:00.000Z', title: { da: 'Release 2026.5' }, updatedAt: T1 });
    assert.deepEqual(changes, [{ type: 'content.changed', data: expected }]);
    assert.deepEqual(result, expected);
  });

  it('leaves a field given as undefined as it was', async () => {
    const ctx = givenContext(given());

    const [edited] = changesOf((await editContent(ctx, 'n1', { type: 'news', body: undefined })).changes, 'content.changed');

    assert.equal(edited?.type, 'news');
    assert.deepEqual(edited?.body, { da: 'Ny ydelsesoversigt' });
  });

  it('yields no change for an edit that changes nothing, and answers with the item as it was', async () => {
    for (const request of [{}, { title: { da: 'Release 2026.4' } }, { type: 'release' as const, date: RELEASE }]) {
      const ctx = givenContext(given());

      const { changes, result } = await editContent(ctx, 'n1', request);

      assert.deepEqual(changes, [], JSON.stringify(request));
      assert.deepEqual(result, item('n1', 'a'));
    }
  });

  it("refuses a vendor key an item on another vendor's component", async () => {
    const ctx = givenContext(given());

    await assert.rejects(editContent(ctx, 'n2', { title: { da: 'x' } }), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('refuses a vendor key an item whose component has since passed to another vendor', async () => {
    const ctx = givenContext(given({ components: [component('a', [], { vendor: 'v2' })] }));

    await assert.rejects(editContent(ctx, 'n1', { title: { da: 'x' } }), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('refuses a vendor key an item whose component no longer exists', async () => {
    const ctx = givenContext(given());

    await assert.rejects(editContent(ctx, 'n3', { title: { da: 'x' } }), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it("lets an admin edit an item on any vendor's component", async () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    const [edited] = changesOf((await editContent(ctx, 'n2', { body: { da: 'Flyttet en uge' } })).changes, 'content.changed');

    assert.deepEqual(edited?.body, { da: 'Flyttet en uge' });
    assert.equal(edited?.componentId, 'c');
  });

  it('refuses an unknown item with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(editContent(ctx, 'nope', { title: { da: 'x' } }), refusal(NotFoundError, 404, 'content_not_found'));
  });
});

describe('deleteContent', () => {
  it('yields a content.deleted change naming the item and its component, and answers with nothing', async () => {
    const ctx = givenContext(given());

    const { changes, result } = await deleteContent(ctx, 'n1');

    assert.deepEqual(changes, [{ type: 'content.deleted', data: { id: 'n1', componentId: 'a' } }]);
    assert.equal(result, null);
  });

  it("refuses a vendor key an item on another vendor's component", async () => {
    const ctx = givenContext(given());

    await assert.rejects(deleteContent(ctx, 'n2'), refusal(ForbiddenError, 403, 'not_your_component'));
  });

  it('lets an admin delete an item on any component, even one that no longer exists', async () => {
    const ctx = givenContext(given({ principal: adminKey() }));

    assert.deepEqual(changesOf((await deleteContent(ctx, 'n2')).changes, 'content.deleted'), [{ id: 'n2', componentId: 'c' }]);
    assert.deepEqual(changesOf((await deleteContent(ctx, 'n3')).changes, 'content.deleted'), [{ id: 'n3', componentId: 'gone' }]);
  });

  it('refuses an unknown item with 404', async () => {
    const ctx = givenContext(given());

    await assert.rejects(deleteContent(ctx, 'nope'), refusal(NotFoundError, 404, 'content_not_found'));
  });
});
