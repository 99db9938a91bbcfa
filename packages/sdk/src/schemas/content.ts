import { z } from 'zod/mini';
import { LocalizedTextSchema, LocalizedTitleSchema, SlugSchema, TimestampSchema } from './primitives.js';

/** What a fagløsning's status website holds besides status. */
export const CONTENT_TYPES = ['news', 'release', 'faq'] as const;
/**
 * @example
 * ContentTypeSchema.parse('release');
 */
export const ContentTypeSchema = z.enum(CONTENT_TYPES);
export type ContentType = z.infer<typeof ContentTypeSchema>;

/**
 * A news item, a planned release (`date` = release date, `body` = what it contains) or a FAQ
 * entry (`title` = question, `body` = answer) for one component.
 *
 * @example
 * ContentItemSchema.parse({ id: 'cnt_1', componentId: 'ky', type: 'release',
 *   title: { da: 'Release 2026.4' }, body: { da: 'Ny ydelsesoversigt' },
 *   date: '2026-12-05T23:00:00.000Z', updatedAt: '2026-11-26T08:08:00.000Z' });
 */
export const ContentItemSchema = z.object({
  id: z.string(),
  componentId: SlugSchema,
  type: ContentTypeSchema,
  title: LocalizedTitleSchema,
  body: LocalizedTextSchema,
  date: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type ContentItem = z.infer<typeof ContentItemSchema>;
