import { z } from 'zod/mini';
import { SlugSchema, StoredLinkUrlSchema } from './primitives.js';

/**
 * How to reach a vendor's service desk.
 *
 * @example
 * ServiceDeskSchema.parse({ email: 'servicedesk@kombit.example', hours: 'Hverdage 08.00-16.00' });
 */
export const ServiceDeskSchema = z.object({
  email: z.optional(z.email()),
  phone: z.optional(z.string().check(z.maxLength(40))),
  hours: z.optional(z.string().check(z.maxLength(200))),
  url: z.optional(StoredLinkUrlSchema),
});
export type ServiceDesk = z.infer<typeof ServiceDeskSchema>;

/**
 * A vendor: owns components and is responsible for their incidents.
 *
 * @example
 * VendorSchema.parse({ id: 'kombit', name: 'KOMBIT', servicedesk: {} });
 */
export const VendorSchema = z.object({
  id: SlugSchema,
  name: z.string().check(z.minLength(1), z.maxLength(120)),
  servicedesk: ServiceDeskSchema,
});
export type Vendor = z.infer<typeof VendorSchema>;
