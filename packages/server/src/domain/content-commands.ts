import type { ContentItem, CreateContentRequest, EditContentRequest } from '@kdi-status/sdk';
import { assertOwnsComponents } from './authorization.js';
import { NotFoundError } from './errors.js';
import { changedUnlessSame, existingComponents, type Decision, type WriteContext } from './write-context.js';

function changeable(ctx: WriteContext, current: ContentItem | undefined, id: string): ContentItem {
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
  return { changes: [{ type: 'content.changed', data: item }], result: item };
}

/**
 * Changes any of a content item's fields.
 *
 * @example
 * editContent(ctx, item, id, { date: '2026-12-12T23:00:00.000Z' });
 */
export function editContent(
  ctx: WriteContext,
  current: ContentItem | undefined,
  id: string,
  request: EditContentRequest,
): Decision<ContentItem> {
  const before = changeable(ctx, current, id);
  const item = { ...before, updatedAt: ctx.now.toISOString() };
  for (const [field, value] of Object.entries(request)) if (value !== undefined) Object.assign(item, { [field]: value });
  return changedUnlessSame('content.changed', before, item);
}

/**
 * Deletes a content item (the event log keeps that it existed and who deleted it).
 *
 * @example
 * deleteContent(ctx, item, id);
 */
export function deleteContent(ctx: WriteContext, current: ContentItem | undefined, id: string): Decision<null> {
  const item = changeable(ctx, current, id);
  return { changes: [{ type: 'content.deleted', data: { id, componentId: item.componentId } }], result: null };
}
