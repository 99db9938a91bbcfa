import type { Lang } from '@kdi-status/sdk';
import type { NoticeKind } from '../../store/notification-store.js';
import { CONFIRM_WITHIN_MS } from '../subscriptions.js';

/** How long a confirmation link lives unless the caller says otherwise: the sign-up's own limit (notify/subscriptions.ts). */
export const CONFIRM_EXPIRY_HOURS = CONFIRM_WITHIN_MS / 3_600_000;

/** The subject and the opening line of one kind of mail. `title` is the incident's or maintenance's (untrusted: escaped by the renderer). */
interface KindText {
  subject: (title: string) => string;
  intro: string;
}

/** A lead in hours that is not whole (a 90-minute reminder) is told in minutes: "1 time", "24 timer", "90 minutter". */
const duration = (hours: number, words: { hour: [string, string]; minute: [string, string] }) => {
  const minutes = Math.round(hours * 60);
  const [n, [one, many]] = minutes % 60 === 0 ? [minutes / 60, words.hour] : [minutes, words.minute];
  return `${n} ${n === 1 ? one : many}`;
};
const hoursDa = (hours: number) => duration(hours, { hour: ['time', 'timer'], minute: ['minut', 'minutter'] });
const hoursEn = (hours: number) => duration(hours, { hour: ['hour', 'hours'], minute: ['minute', 'minutes'] });

/** "A", "A og B", "A, B og C". */
const listDa = (names: readonly string[]) => (names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} og ${names.at(-1)}`);
const listEn = (names: readonly string[]) =>
  names.length <= 1
    ? (names[0] ?? '')
    : names.length === 2
      ? `${names[0]} and ${names[1]}`
      : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

const DA = {
  siteName: 'Driftsstatus',
  notice: {
    'incident.opened': {
      subject: (t) => `Ny driftsmeddelelse: ${t}`,
      intro: 'Der er en ny driftsmeddelelse om løsninger, du abonnerer på.',
    },
    'incident.updated': { subject: (t) => `Opdateret: ${t}`, intro: 'Driftsmeddelelsen er opdateret.' },
    'incident.resolved': { subject: (t) => `Løst: ${t}`, intro: 'Fejlen er løst, og driftsmeddelelsen er lukket.' },
    'maintenance.scheduled': {
      subject: (t) => `Planlagt vedligeholdelse: ${t}`,
      intro: 'Der er planlagt vedligeholdelse af løsninger, du abonnerer på.',
    },
    'maintenance.reminder': { subject: (t) => `Påmindelse: ${t}`, intro: 'Planlagt vedligeholdelse begynder snart.' },
    'maintenance.started': { subject: (t) => `Vedligeholdelse i gang: ${t}`, intro: 'Den planlagte vedligeholdelse er gået i gang.' },
    'maintenance.completed': { subject: (t) => `Vedligeholdelse afsluttet: ${t}`, intro: 'Den planlagte vedligeholdelse er afsluttet.' },
    'maintenance.cancelled': {
      subject: (t) => `Vedligeholdelse aflyst: ${t}`,
      intro: 'Den planlagte vedligeholdelse er aflyst og finder ikke sted.',
    },
    'incident.cause_resolved': {
      subject: (t) => `Årsagen er løst: ${t}`,
      intro:
        'Den driftsmeddelelse, der er angivet som årsag til jeres driftsmeddelelse, er løst. Kontrollér, om fejlen også er væk hos jer, og opdatér eller luk jeres driftsmeddelelse.',
    },
  } satisfies Record<NoticeKind, KindText>,
  reminderIntro: (hours: number) => `Den planlagte vedligeholdelse begynder om ${hoursDa(hours)}.`,
  // Facts of an incident or a maintenance.
  status: 'Status',
  impact: 'Påvirkning',
  vendorWorking: (vendor: string) => `${vendor} arbejder på sagen.`,
  vendorResponsible: (vendor: string) => `${vendor} står for vedligeholdelsen.`,
  started: 'Startet',
  resolved: 'Løst',
  window: 'Tidsrum',
  howAffected: 'Sådan berører det dig',
  affectsDirectly: (component: string) => `Påvirker ${component} direkte`,
  affectsVia: (component: string, chain: readonly string[]) => `Påvirker ${component} via ${chain.join(', der afhænger af ')}`,
  latestUpdate: (when: string) => `Seneste opdatering, ${when}`,
  description: 'Beskrivelse',
  readIncident: 'Læs driftsmeddelelsen på Driftsstatus',
  readMaintenance: 'Se vedligeholdelsen på Driftsstatus',
  // The footer of every notice.
  danishTime: 'Alle tider er dansk tid.',
  because: (scope: readonly string[] | null) =>
    `Du får denne mail, fordi du abonnerer på driftsmeddelelser om ${scope === null ? 'alle løsninger' : listDa(scope)}.`,
  manage: 'Skift abonnement',
  unsubscribe: 'Afmeld',
  // subscription.confirm
  confirm: {
    subject: 'Bekræft dit abonnement på driftsmeddelelser',
    heading: 'Bekræft dit abonnement',
    intro: 'Nogen, forhåbentlig dig, har bedt om at få driftsmeddelelser fra Driftsstatus sendt til denne adresse.',
    scope: (scope: readonly string[] | null) => `Abonnementet gælder ${scope === null ? 'alle løsninger' : listDa(scope)}.`,
    link: 'Bekræft abonnementet',
    expires: (hours: number) => `Linket udløber om ${hoursDa(hours)}.`,
    ignore: 'Har du ikke bedt om det, kan du se bort fra denne mail. Så sker der ikke noget, og adressen slettes igen.',
  },
  // subscription.existing
  existing: {
    subject: 'Du abonnerer allerede på driftsmeddelelser',
    heading: 'Du abonnerer allerede',
    intro: 'Nogen har bedt om at tilmelde denne adresse til driftsmeddelelser fra Driftsstatus, men adressen abonnerer allerede.',
    links: 'Du behøver ikke gøre noget. Vil du ændre eller stoppe abonnementet, kan du gøre det her:',
    ignore: 'Var det ikke dig, kan du se bort fra denne mail.',
  },
  // webhook.disabled
  webhook: {
    subject: (url: string) => `Webhook slået fra: ${url}`,
    heading: 'Webhook slået fra',
    intro: 'Vi har slået webhook-endpointet fra, fordi leveringer til det er blevet ved med at fejle.',
    endpoint: 'Endpoint',
    id: 'Id',
    reason: 'Årsag',
    disabledAt: 'Slået fra',
    after: 'Der sendes ikke flere hændelser til det. Når endpointet virker igen, kan en administrator slå det til igen.',
    because: 'Du får denne mail, fordi adressen er kontakt for webhook-endpointet.',
  },
  // incident.cause_resolved, to the downstream vendor's service desk
  cause: {
    cause: 'Årsag',
    causeLine: (components: readonly string[], vendor: string) => `fejl i ${listDa(components)} (${vendor})`,
    resolved: 'Årsagen løst',
    because: (vendor: string) => `I får denne mail, fordi adressen er servicedesk for ${vendor}.`,
  },
};

const EN: typeof DA = {
  siteName: 'Service status',
  notice: {
    'incident.opened': { subject: (t) => `New incident: ${t}`, intro: 'There is a new incident on services you subscribe to.' },
    'incident.updated': { subject: (t) => `Update: ${t}`, intro: 'The incident has been updated.' },
    'incident.resolved': { subject: (t) => `Resolved: ${t}`, intro: 'The problem is resolved and the incident is closed.' },
    'maintenance.scheduled': {
      subject: (t) => `Planned maintenance: ${t}`,
      intro: 'Maintenance is planned on services you subscribe to.',
    },
    'maintenance.reminder': { subject: (t) => `Reminder: ${t}`, intro: 'Planned maintenance starts soon.' },
    'maintenance.started': { subject: (t) => `Maintenance in progress: ${t}`, intro: 'The planned maintenance has started.' },
    'maintenance.completed': { subject: (t) => `Maintenance completed: ${t}`, intro: 'The planned maintenance is completed.' },
    'maintenance.cancelled': {
      subject: (t) => `Maintenance cancelled: ${t}`,
      intro: 'The planned maintenance is cancelled and will not take place.',
    },
    'incident.cause_resolved': {
      subject: (t) => `Cause resolved: ${t}`,
      intro:
        'The incident named as the cause of your incident is resolved. Check whether the fault is gone on your side too, and update or resolve your incident.',
    },
  },
  reminderIntro: (hours) => `The planned maintenance starts in ${hoursEn(hours)}.`,
  status: 'Status',
  impact: 'Impact',
  vendorWorking: (vendor) => `${vendor} is working on it.`,
  vendorResponsible: (vendor) => `${vendor} is responsible for the maintenance.`,
  started: 'Started',
  resolved: 'Resolved',
  window: 'Window',
  howAffected: 'How it affects you',
  affectsDirectly: (component) => `Affects ${component} directly`,
  affectsVia: (component, chain) => `Affects ${component} via ${chain.join(', which depends on ')}`,
  latestUpdate: (when) => `Latest update, ${when}`,
  description: 'Description',
  readIncident: 'Read the incident on the status page',
  readMaintenance: 'See the maintenance on the status page',
  danishTime: 'All times are Danish time (Copenhagen).',
  because: (scope) =>
    `You receive this mail because you subscribe to status notices about ${scope === null ? 'all services' : listEn(scope)}.`,
  manage: 'Change subscription',
  unsubscribe: 'Unsubscribe',
  confirm: {
    subject: 'Confirm your subscription to status notices',
    heading: 'Confirm your subscription',
    intro: 'Someone, hopefully you, asked for status notices from the status page to be sent to this address.',
    scope: (scope) => `The subscription covers ${scope === null ? 'all services' : listEn(scope)}.`,
    link: 'Confirm the subscription',
    expires: (hours) => `The link expires in ${hoursEn(hours)}.`,
    ignore: 'If you did not ask for it, you can ignore this mail. Nothing happens, and the address is deleted again.',
  },
  existing: {
    subject: 'You already subscribe to status notices',
    heading: 'You already subscribe',
    intro: 'Someone asked to sign this address up for status notices from the status page, but the address already subscribes.',
    links: 'You need not do anything. To change or stop the subscription, use these links:',
    ignore: 'If it was not you, you can ignore this mail.',
  },
  webhook: {
    subject: (url) => `Webhook disabled: ${url}`,
    heading: 'Webhook disabled',
    intro: 'We have disabled the webhook endpoint because deliveries to it kept failing.',
    endpoint: 'Endpoint',
    id: 'Id',
    reason: 'Reason',
    disabledAt: 'Disabled',
    after: 'No more events are sent to it. When the endpoint works again, an administrator can enable it again.',
    because: 'You receive this mail because this address is the contact of the webhook endpoint.',
  },
  cause: {
    cause: 'Cause',
    causeLine: (components, vendor) => `fault in ${listEn(components)} (${vendor})`,
    resolved: 'Cause resolved',
    because: (vendor) => `You receive this mail because this address is the service desk of ${vendor}.`,
  },
};

/** One language's words of the mail. */
export type MailText = typeof DA;

/**
 * The mail's words in `lang` (VOCABULARY.md): subjects, intros and footers of every
 * `MessageKind`. The status words themselves are the site's (site/messages.ts), so a mail
 * and the page it links to say the same.
 *
 * @example
 * mailTextFor('da').notice['incident.resolved'].subject('Nedbrud i STS'); // 'Løst: Nedbrud i STS'
 */
export function mailTextFor(lang: Lang): MailText {
  return lang === 'en' ? EN : DA;
}
