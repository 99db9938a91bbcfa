// `@kdi-status/sdk`: the shapes of the public API and the read client. Operators' tools import
// `@kdi-status/sdk/admin`; the server's database-level shapes are in `@kdi-status/sdk/export`.
export * from './schemas/primitives.js';
export * from './schemas/municipality.js';
export * from './data/municipalities.js';
export * from './schemas/status.js';
export * from './schemas/vendor.js';
export * from './schemas/component.js';
export * from './schemas/incident.js';
export * from './schemas/maintenance.js';
export * from './schemas/content.js';
export * from './schemas/summary.js';
export * from './schemas/webhook.js';
export * from './schemas/subscription.js';
export * from './schemas/event.js';
export * from './schemas/log.js';
export * from './schemas/problem.js';
export * from './schemas/api.js';
export * from './client/errors.js';
export type { ClientOptions, RequestOptions } from './client/request.js';
export { zodCheck, type Check, type CheckIssue } from './client/check.js';
export * from './client/status-client.js';
export * from './client/live.js';
export * from './client/apply-live-event.js';
