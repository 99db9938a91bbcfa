export { createApp, type App, type AppOptions } from './app.js';
export { DEFAULTS, readConfig, type ServerConfig } from './config.js';
export { openStore } from './store/open-store.js';
export { openSqliteStore } from './store/sqlite/sqlite-store.js';
export type { Change, Snapshot, Store } from './store/store.js';
export { computeEffectiveStatuses } from './domain/effective-status.js';
export { buildStatusView, type StatusView } from './read/status-view.js';
