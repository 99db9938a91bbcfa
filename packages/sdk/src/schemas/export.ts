import { z } from 'zod/mini';
import { ComponentSchema } from './component.js';
import { ContentItemSchema } from './content.js';
import { ChangeEventSchema } from './event.js';
import { IncidentSchema } from './incident.js';
import { CheckpointSchema, LogHashSchema } from './log.js';
import { MaintenanceSchema } from './maintenance.js';
import { MunicipalityCodeSchema } from './municipality.js';
import { SlugSchema, TimestampSchema } from './primitives.js';
import { StoredKeySchema } from './stored-key.js';
import { VendorSchema } from './vendor.js';
import { WebhookEndpointSchema } from './webhook.js';

/**
 * A mail subscriber as the database holds it: only what GDPR lets us keep (the address, the
 * components, the language, the consent, the municipality) and the token its links carry. Personal data: it is in
 * the export (a backup must restore subscriptions) and never in the event log.
 *
 * @example
 * ExportedSubscriberSchema.parse(doc.subscribers?.[0]);
 */
export const ExportedSubscriberSchema = z.object({
  id: z.string(),
  // Not re-validated as an address: a backup restores what was accepted when it was made.
  address: z.string(),
  components: z.nullable(z.array(SlugSchema)),
  lang: z.enum(['da', 'en']),
  token: z.string(),
  createdAt: TimestampSchema,
  confirmedAt: z.nullable(TimestampSchema),
  consentVersion: z.string(),
  consentedAt: z.nullable(TimestampSchema),
  /** The one municipality (kommunekode) the subscriber follows; absent: all (and in exports made before it existed). */
  municipality: z.optional(MunicipalityCodeSchema),
});
export type ExportedSubscriber = z.infer<typeof ExportedSubscriberSchema>;

/**
 * A webhook endpoint as the database holds it: the API's view and the signing secret every
 * delivery is signed with (so a restored server keeps signing as its receivers expect).
 *
 * @example
 * StoredWebhookEndpointSchema.parse({ ...endpoint, secret: 'whsec_…' });
 */
export const StoredWebhookEndpointSchema = z.extend(WebhookEndpointSchema, { secret: z.string() });
export type StoredWebhookEndpoint = z.infer<typeof StoredWebhookEndpointSchema>;

/**
 * An event of the exported log with its chain hash (docs/adr/0021-tamper-evident-log.md). Exports
 * made before the chain have no `hash`: the import computes them.
 *
 * @example
 * ExportedEventSchema.parse({ ...event, hash: 'ab12…' });
 */
export const ExportedEventSchema = z.intersection(ChangeEventSchema, z.object({ hash: z.optional(LogHashSchema) }));
export type ExportedEvent = z.infer<typeof ExportedEventSchema>;

/**
 * A public key that signed (or signs) checkpoints, as SPKI PEM: exported with the checkpoints so
 * a restored server can still check them. Never the private key.
 *
 * @example
 * ExportedLogKeySchema.parse({ keyId: '3f2a…', publicKey: '-----BEGIN PUBLIC KEY-----…', createdAt });
 */
export const ExportedLogKeySchema = z.object({ keyId: z.string(), publicKey: z.string(), createdAt: TimestampSchema });
export type ExportedLogKey = z.infer<typeof ExportedLogKeySchema>;

/**
 * The whole state of a server as one JSON document (`kdi-status export`): backup, and migration
 * between stores. Importing it into an empty database gives the same summary. `subscribers` and
 * `webhookEndpoints` came later: an export without them imports as one with none. So did the chain
 * (each event's `hash`, `checkpoints`, `logKeys`): an export without hashes gets them computed on
 * import; one with hashes must verify, or it is refused.
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
  events: z.array(ExportedEventSchema),
  subscribers: z.optional(z.array(ExportedSubscriberSchema)),
  webhookEndpoints: z.optional(z.array(StoredWebhookEndpointSchema)),
  checkpoints: z.optional(z.array(CheckpointSchema)),
  logKeys: z.optional(z.array(ExportedLogKeySchema)),
});
export type ExportDocument = z.infer<typeof ExportDocumentSchema>;
