import { z } from 'zod/mini';
import { ComponentSchema } from './component.js';
import { ContentItemSchema } from './content.js';
import { ChangeEventSchema } from './event.js';
import { IncidentSchema } from './incident.js';
import { MaintenanceSchema } from './maintenance.js';
import { TimestampSchema } from './primitives.js';
import { StoredKeySchema } from './stored-key.js';
import { VendorSchema } from './vendor.js';

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
