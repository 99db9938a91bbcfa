import type { ContentItem } from '@kdi-status/sdk';
import type { CreateContentRequest, EditContentRequest } from '@kdi-status/sdk/admin';
import { assertOwnsComponents } from './authorization.js';
import { changed, patched, type Decision } from './decision.js';
import { NotFoundError } from './errors.js';
import { existingComponents, type WriteContext } from './write-context.js';

/** Loads the content item if the key may change its component. */
async function changeable(ctx: WriteContext, id: string): Promise<ContentItem> {
  const current = await ctx.contentItem(id);
  if (!current) throw new NotFoundError('content_not_found', `No content item "${id}".`);
  const component = ctx.components.get(current.componentId);
  assertOwnsComponents(ctx.principal, [component ?? { id: current.componentId, vendor: '' }]);
  return current;
}

/**
 * Adds a news item, planned release or FAQ entry to a component the key may change.
 *
 * @example
 * createContent(ctx, { componentId: 'ky', type: 'release', title: { da: 'KY 2026.4' }, body: { da: '…' }, date: '2026-12-05T23:00:00.000Z' });
 */
export function createContent(ctx: WriteContext, request: CreateContentRequest): Decision<ContentItem> {
  assertOwnsComponents(
    ctx.principal,
    existingComponents(ctx, [request.componentId], () => 'componentId'),
  );
  const item: ContentItem = { id: ctx.newId(), ...request, updatedAt: ctx.now.toISOString() };
  return changed('content.changed', item);
}

/**
 * Changes any of a content item's fields.
 *
 * @example
 * editContent(ctx, id, { date: '2026-12-12T23:00:00.000Z' });
 */
export async function editContent(ctx: WriteContext, id: string, request: EditContentRequest): Promise<Decision<ContentItem>> {
  const before = await changeable(ctx, id);
  return changed('content.changed', patched(before, { ...request, updatedAt: ctx.now.toISOString() }), before);
}

/**
 * Deletes a content item (the event log keeps that it existed and who deleted it).
 *
 * @example
 * deleteContent(ctx, id);
 */
export async function deleteContent(ctx: WriteContext, id: string): Promise<Decision<null>> {
  const item = await changeable(ctx, id);
  return { changes: [{ type: 'content.deleted', data: { id, componentId: item.componentId } }], result: null };
}
