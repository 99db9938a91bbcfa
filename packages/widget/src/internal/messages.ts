import type { ComponentStatus, IncidentStatus, Lang, MaintenanceStatus } from '@kdi-status/sdk';

/** Everything the widget says in its own words (docs: VOCABULARY.md). Operator text comes from the server. */
export interface Messages {
  componentStatus: Record<ComponentStatus, string>;
  incidentStatus: Record<IncidentStatus, string>;
  maintenanceStatus: Record<MaintenanceStatus, string>;
  /** The accessible name of the banner. */
  banner: string;
  /** "Påvirket via" before "Serviceplatformen → STS" (the names are operator text, each isolated). */
  affectedVia: string;
  /** "Opdateret kl. 08.08": the time of an incident's latest update. */
  updated: (when: string) => string;
  /** "Senest opdateret kl. 08.08": when the widget last reached the server. */
  lastUpdated: (when: string) => string;
  unavailable: string;
  /** Introduces the responsible vendor. */
  responsible: string;
  serviceDesk: string;
}

const da: Messages = {
  componentStatus: {
    operational: 'Kører normalt',
    degraded_performance: 'Langsomme svartider',
    partial_outage: 'Driftsforstyrrelse',
    major_outage: 'Nedbrud',
    under_maintenance: 'Planlagt vedligeholdelse',
  },
  incidentStatus: {
    investigating: 'Vi undersøger fejlen',
    identified: 'Fejlen er fundet',
    monitoring: 'Overvåges',
    resolved: 'Løst',
  },
  maintenanceStatus: {
    scheduled: 'Planlagt',
    in_progress: 'I gang',
    verifying: 'Kontrolleres',
    completed: 'Afsluttet',
    cancelled: 'Aflyst',
  },
  banner: 'Driftsmeddelelser',
  affectedVia: 'Påvirket via',
  updated: (when) => `Opdateret ${when}`,
  lastUpdated: (when) => `Senest opdateret ${when}`,
  unavailable: 'Driftsstatus kan ikke hentes lige nu',
  responsible: 'Ansvarlig',
  serviceDesk: 'Kontakt servicedesk',
};

const en: Messages = {
  componentStatus: {
    operational: 'Operational',
    degraded_performance: 'Degraded performance',
    partial_outage: 'Partial outage',
    major_outage: 'Major outage',
    under_maintenance: 'Under maintenance',
  },
  incidentStatus: {
    investigating: 'Investigating',
    identified: 'Identified',
    monitoring: 'Monitoring',
    resolved: 'Resolved',
  },
  maintenanceStatus: {
    scheduled: 'Scheduled',
    in_progress: 'In progress',
    verifying: 'Verifying',
    completed: 'Completed',
    cancelled: 'Cancelled',
  },
  banner: 'Service messages',
  affectedVia: 'Affected via',
  updated: (when) => `Updated ${when}`,
  lastUpdated: (when) => `Last updated ${when}`,
  unavailable: 'Service status cannot be fetched right now',
  responsible: 'Responsible',
  serviceDesk: 'Contact service desk',
};

/**
 * The widget's strings in a language; anything but `en` is Danish.
 *
 * @example
 * messages('da').componentStatus.major_outage; // 'Nedbrud'
 */
export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : da;
}
