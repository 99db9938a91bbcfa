export { default as KdiStatus } from './kdi-status/kdi-status.js';
export type { KdiStatusChangeEvent, StatusChangeDetail } from './kdi-status/kdi-status.js';
