import type { Incident, Maintenance } from '@kdi-status/sdk';
import type { Change } from '../store/store.js';
import type { NoticeDraft, NoticeKind } from '../store/notification-store.js';

/**
 * What one change tells subscribers, judged against the record as it was before (undefined: new).
 * An incident: opened, a new update, resolved (a correction of wording or a retitle tells nobody),
 * and to its own vendor only: the upstream incident it is caused by resolved.
 * A maintenance window: scheduled (and scheduled again when a planned window moves), started,
 * completed, cancelled. Everything else tells nothing.
 *
 * @example
 * noticeKind({ type: 'incident.changed', data: resolved }, open); // 'incident.resolved'
 */
export function noticeKind(change: Change, before: Incident | Maintenance | undefined): NoticeKind | null {
  if (change.type === 'incident.changed') {
    const prior = before as Incident | undefined;
    const next = change.data;
    if (next.status === 'resolved') return prior?.status === 'resolved' ? null : prior ? 'incident.resolved' : 'incident.opened';
    if (!prior) return 'incident.opened';
    // Reopened, or a new update posted.
    if (prior.status === 'resolved' || next.updates.length > prior.updates.length) return 'incident.updated';
    // The upstream incident it is linked to as caused by was resolved (its owner is told: ADR 18).
    const cause = next.causedBy;
    const causeResolved = cause?.upstreamResolvedAt && prior.causedBy?.incident === cause.incident && !prior.causedBy.upstreamResolvedAt;
    return causeResolved ? 'incident.cause_resolved' : null;
  }
  if (change.type === 'maintenance.changed') {
    const prior = before as Maintenance | undefined;
    const next = change.data;
    if (next.status === 'scheduled') {
      return !prior || prior.startsAt !== next.startsAt || prior.status !== 'scheduled' ? 'maintenance.scheduled' : null;
    }
    if (prior?.status === next.status) return null;
    if (next.status === 'in_progress') return prior?.status === 'verifying' ? null : 'maintenance.started';
    if (next.status === 'completed') return 'maintenance.completed';
    if (next.status === 'cancelled') return 'maintenance.cancelled';
  }
  return null;
}

/**
 * The notices a commit writes with its changes: one per change that tells something, due at
 * once, and for a window scheduled far enough ahead a reminder due `reminderLeadMs` before it
 * starts (a window that starts sooner gets none: the scheduled notice is its reminder). A
 * reminder whose window moved or was cancelled before it fell due is skipped when it falls due.
 *
 * @example
 * const notices = noticesFor(changes, (change) => before.get(change.data.id), at, 24 * 3_600_000);
 */
export function noticesFor(
  changes: readonly Change[],
  before: (change: Change) => Incident | Maintenance | undefined,
  at: Date,
  reminderLeadMs: number,
): NoticeDraft[] {
  const now = at.toISOString();
  return changes.flatMap((change, changeIndex): NoticeDraft[] => {
    const kind = noticeKind(change, before(change));
    if (!kind) return [];
    const subjectId = change.data.id;
    const notice = { changeIndex, kind, subjectId, dueAt: now };
    if (kind !== 'maintenance.scheduled') return [notice];
    const remindAt = Date.parse((change.data as Maintenance).startsAt) - reminderLeadMs;
    if (remindAt <= at.getTime()) return [notice];
    return [notice, { changeIndex, kind: 'maintenance.reminder', subjectId, dueAt: new Date(remindAt).toISOString() }];
  });
}

/** The changes whose notices depend on the record before them (incidents and maintenance), by id. */
export function noticeSubjects(changes: readonly Change[]): { incidents: string[]; maintenances: string[] } {
  return {
    incidents: changes.filter((c) => c.type === 'incident.changed').map((c) => c.data.id),
    maintenances: changes.filter((c) => c.type === 'maintenance.changed').map((c) => c.data.id),
  };
}
