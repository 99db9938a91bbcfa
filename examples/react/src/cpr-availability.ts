import type { StatusChangeDetail } from '@kdi-status/widget';

/** Statuses under which sending to CPR is likely to fail or hang: the button waits for them to pass. */
const BLOCKING = new Set<StatusChangeDetail['status']>(['partial_outage', 'major_outage']);

const WORDS: Record<StatusChangeDetail['status'], string> = {
  operational: 'Kører normalt',
  degraded_performance: 'Langsomme svartider',
  partial_outage: 'Driftsforstyrrelse',
  major_outage: 'Nedbrud',
  under_maintenance: 'Planlagt vedligeholdelse',
};

/** Whether "Send til CPR" may be pressed, and if not, why, in words a caseworker reads. */
export interface CprAvailability {
  blocked: boolean;
  reason: string | undefined;
}

/**
 * What the latest `kdi-status-change` means for the "Send til CPR" button. Before the first event
 * (status unknown) the button stays usable: the widget being slow or blocked must not stop work.
 *
 * @example
 * cprAvailability({ status: 'major_outage', components: [{ id: 'ky', status: 'major_outage' }] });
 * // { blocked: true, reason: 'Kan ikke sendes lige nu: Nedbrud i en løsning, sagen afhænger af. Se driftsmeddelelsen øverst.' }
 */
export function cprAvailability(detail: StatusChangeDetail | undefined): CprAvailability {
  if (!detail || !BLOCKING.has(detail.status)) return { blocked: false, reason: undefined };
  return {
    blocked: true,
    reason: `Kan ikke sendes lige nu: ${WORDS[detail.status]} i en løsning, sagen afhænger af. Se driftsmeddelelsen øverst.`,
  };
}
