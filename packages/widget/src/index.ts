export { default as KdiStatus } from './kdi-status/kdi-status.js';
export type { DismissDetail, KdiStatusChangeEvent, KdiStatusDismissEvent, StatusChangeDetail } from './kdi-status/kdi-status.js';
