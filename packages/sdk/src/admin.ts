// `@kdi-status/sdk/admin`: what operators need to publish status: the admin client, the request
// bodies of the admin API and the API key's public shape.
export * from './schemas/api-key.js';
export * from './schemas/admin-api.js';
export * from './schemas/outbox.js';
export * from './schemas/service-level-report.js';
export * from './schemas/log-verification.js';
export * from './client/admin-client.js';
