import { z } from 'zod/mini';
import { ApiKeySchema } from './api-key.js';
import { ComponentSchema } from './component.js';
import { ContentItemSchema } from './content.js';
import { ChangeEventSchema } from './event.js';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { TimestampSchema } from './primitives.js';
import { VendorSchema } from './vendor.js';

/**
 * An API key as stored: with the SHA-256 hash of its secret (never the secret itself).
 *
 * @example
 * StoredKeySchema.parse({ ...apiKey, secretHash: 'Zm9v…' });
 */
export const StoredKeySchema = z.extend(ApiKeySchema, { secretHash: z.string().check(z.minLength(20)) });
export type StoredKey = z.infer<typeof StoredKeySchema>;

/**
 * The whole state of a server as one JSON document (`kdi-status export`): backup, and migration
 * between stores. Importing it into an empty database gives the same summary.
 *
 * @example
 * const doc = ExportDocumentSchema.parse(JSON.parse(readFileSync('backup.json', 'utf8')));
 */
export const ExportDocumentSchema = z.object({
  format: z.literal('kdi-status-export'),
  version: z.literal(1),
  exportedAt: TimestampSchema,
  vendors: z.array(VendorSchema),
  components: z.array(ComponentSchema),
  incidents: z.array(IncidentSchema),
  maintenances: z.array(MaintenanceSchema),
  content: z.array(ContentItemSchema),
  keys: z.array(StoredKeySchema),
  events: z.array(ChangeEventSchema),
});
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;
