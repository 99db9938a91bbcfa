import type { ComponentKind, ComponentStatus, IncidentImpact, IncidentStatus, Lang, MaintenanceStatus } from '@kdi-status/sdk';

/** Words and operator text (each isolated by the caller: `T` is a `<bdi>` when rendered, a string when announced). */
export type Parts<T> = Array<string | T>;

/** Everything the widget says in its own words (docs: VOCABULARY.md). Operator text comes from the server. */
export interface Messages {
  componentStatus: Record<ComponentStatus, string>;
  incidentStatus: Record<IncidentStatus, string>;
  impact: Record<IncidentImpact, string>;
  maintenanceStatus: Record<MaintenanceStatus, string>;
  /** The accessible name of the banner, and what an announcement starts with ("Driftsmeddelelse: …"). */
  banner: string;
  message: string;
  /** The card's heading; with a component name, the badge's accessible name. */
  heading: string;
  statusOf: (name: string) => string;
  allWell: string;
  /** The badge's word when nothing is known (never reached, nothing stored). */
  unknown: string;
  loading: string;
  readMore: string;
  /** Hidden after "Læs mere": what it is more about, for screen readers. */
  about: (name: string) => string;
  /** "Påvirket via" before "Serviceplatformen → STS" (the names are operator text, each isolated). */
  affectedVia: string;
  /** "Opdateret kl. 08.08": the time of an incident's latest update, or when the state shown was current. */
  updated: (when: string) => string;
  /** "Senest opdateret kl. 08.08 – driftsstatus kan ikke hentes lige nu". */
  stale: (when: string) => string;
  unavailable: string;
  /** Introduces the responsible vendor. */
  responsible: string;
  serviceDesk: string;
  dismiss: string;
  more: (count: number) => string;
  /** For `audience="citizen"`, where the operator wrote no citizen text. */
  citizen: Record<'incident' | 'maintenance', string>;
  /** What a component belongs to, after its name in a cause: "Organisation (Støttesystemerne)". */
  kind: Record<ComponentKind, string>;
  and: string;
  /** "Årsag: fejl i Organisation (Støttesystemerne) – Infrastrukturdrift A/S arbejder på den." */
  cause: <T>(what: Parts<T>, vendor: string | T) => Parts<T>;
  /** A disputed cause: the vendor said to work on it says it does not. */
  causeOnly: <T>(what: Parts<T>) => Parts<T>;
  /** "Årsagen, fejl i Organisation (Støttesystemerne), er løst kl. 10.12." */
  causeResolved: <T>(what: Parts<T>, when: string) => Parts<T>;
  disputed: string;
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
  impact: {
    none: 'Ingen påvirkning',
    minor: 'Mindre påvirkning',
    major: 'Betydelig påvirkning',
    critical: 'Kritisk påvirkning',
  },
  maintenanceStatus: {
    scheduled: 'Planlagt',
    in_progress: 'I gang',
    verifying: 'Kontrolleres',
    completed: 'Afsluttet',
    cancelled: 'Aflyst',
  },
  banner: 'Driftsmeddelelser',
  message: 'Driftsmeddelelse',
  heading: 'Driftsstatus',
  statusOf: (name) => `Driftsstatus for ${name}`,
  allWell: 'Alle systemer kører',
  unknown: 'Status ukendt',
  loading: 'Henter driftsstatus',
  readMore: 'Læs mere',
  about: (name) => `om driftsstatus for ${name}`,
  affectedVia: 'Påvirket via',
  updated: (when) => `Opdateret ${when}`,
  stale: (when) => `Senest opdateret ${when} – driftsstatus kan ikke hentes lige nu`,
  unavailable: 'Driftsstatus kan ikke hentes lige nu',
  responsible: 'Ansvarlig',
  serviceDesk: 'Kontakt servicedesk',
  dismiss: 'Luk driftsmeddelelse',
  more: (count) => `+${count} flere`,
  citizen: {
    incident: 'Der er tekniske problemer. Selvbetjeningen kan være langsom eller virker måske ikke.',
    maintenance: 'Selvbetjeningen kan være utilgængelig i perioden.',
  },
  kind: {
    application: 'Fagløsningerne',
    infrastructure: 'Infrastrukturen',
    'support-system': 'Støttesystemerne',
    external: 'Eksterne systemer',
  },
  and: 'og',
  cause: (what, vendor) => ['Årsag: fejl i ', ...what, ' – ', vendor, ' arbejder på den.'],
  causeOnly: (what) => ['Årsag: fejl i ', ...what, '.'],
  causeResolved: (what, when) => ['Årsagen, fejl i ', ...what, `, er løst ${when}.`],
  disputed: 'Årsagen er under afklaring hos KOMBIT.',
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
  impact: {
    none: 'No impact',
    minor: 'Minor impact',
    major: 'Major impact',
    critical: 'Critical impact',
  },
  maintenanceStatus: {
    scheduled: 'Scheduled',
    in_progress: 'In progress',
    verifying: 'Verifying',
    completed: 'Completed',
    cancelled: 'Cancelled',
  },
  banner: 'Service messages',
  message: 'Service message',
  heading: 'Service status',
  statusOf: (name) => `Service status of ${name}`,
  allWell: 'All systems operational',
  unknown: 'Status unknown',
  loading: 'Fetching service status',
  readMore: 'Read more',
  about: (name) => `about the service status of ${name}`,
  affectedVia: 'Affected via',
  updated: (when) => `Updated ${when}`,
  stale: (when) => `Last updated ${when} – service status cannot be fetched right now`,
  unavailable: 'Service status cannot be fetched right now',
  responsible: 'Responsible',
  serviceDesk: 'Contact service desk',
  dismiss: 'Close service message',
  more: (count) => `+${count} more`,
  citizen: {
    incident: 'We have technical problems. The service may be slow or may not work.',
    maintenance: 'The service may be unavailable during this time.',
  },
  kind: {
    application: 'Applications',
    infrastructure: 'Infrastructure',
    'support-system': 'Support systems',
    external: 'External systems',
  },
  and: 'and',
  cause: (what, vendor) => ['Cause: a fault in ', ...what, ' – ', vendor, ' is working on it.'],
  causeOnly: (what) => ['Cause: a fault in ', ...what, '.'],
  // "at 17:08" today; "yesterday 17:08", "3 December 17:08" on other days.
  causeResolved: (what, when) => ['The cause, a fault in ', ...what, `, was resolved ${/^\d/.test(when) ? 'at ' : ''}${when}.`],
  disputed: 'KOMBIT is settling what the cause is.',
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
