/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang, Vendor } from '@kdi-status/sdk';
import { Layout } from '../layout.js';
import { messagesFor } from '../messages.js';
import { safeHref } from '../safe-url.js';

/** Where the statement's path is; the footer links it. */
export const ACCESSIBILITY_PATH = '/tilgaengelighed';

/** The enforcement body's complaint site (Digitaliseringsstyrelsen, webtilgængelighedsloven § 9). */
const COMPLAINTS_URL = 'https://was.digst.dk/';

/** When the statement was last reviewed against what the tests check (update with it). */
const REVIEWED = { da: '2. december 2026', en: '2 December 2026' };

/**
 * The statement's prose, following the structure of Digitaliseringsstyrelsen's template: scope,
 * compliance status, content that is not accessible, how it was prepared (what is tested and how),
 * feedback, enforcement. Kept beside the page, not in messages.ts: it is one page's text, not
 * words shared across the site.
 */
const TEXT = {
  da: {
    intro:
      'Driftsstatus skal være tilgængelig efter lov om tilgængelighed af offentlige organers websteder og mobilapplikationer (webtilgængelighedsloven), som henviser til standarden EN 301 549 og dermed WCAG 2.1 niveau AA. Denne erklæring gælder for statussiderne på dette websted: forsiden, hver løsnings side, driftsmeddelelserne og denne side, på dansk og engelsk.',
    statusHeading: 'Overholdelsesstatus',
    status: 'Webstedet er delvist i overensstemmelse med WCAG 2.1 niveau AA. Det, der ikke er i overensstemmelse, står nedenfor.',
    gapsHeading: 'Indhold, der ikke er tilgængeligt',
    gaps: [
      'Billedet af en løsnings afhængigheder bliver mindre på smalle skærme, og linjerne mellem kasserne kan være svære at følge. Den samme oplysning står som liste under billedet, med status i ord.',
      'Skærmlæseres oplæsning af statusbanneret (widget) er testet ved at kontrollere, hvad der skrives i sidens live-regioner, ikke med de enkelte skærmlæsere (JAWS, NVDA, VoiceOver).',
    ],
    preparedHeading: 'Sådan er erklæringen udarbejdet',
    prepared: `Erklæringen er udarbejdet den ${REVIEWED.da} på grundlag af en selvevaluering med automatiske test, der køres ved hver ændring af koden:`,
    tests: [
      'axe-core i Chromium finder ingen overtrædelser af reglerne for WCAG 2.0 og 2.1, niveau A og AA, på alle sidetyper, på dansk og engelsk, i lyst og mørkt tema.',
      'Kun med tastatur: Et link til indholdet er det første, Tab når hvert link på siden i rækkefølge, og fokus er altid synligt.',
      'Hver side har én overskrift på niveau 1, overskrifter i rigtig rækkefølge og landemærker (sidehoved, navigation, indhold, sidefod).',
      'Tekster fra driftsleverandørerne, der kun findes på dansk, er markeret som dansk på den engelske udgave, så en skærmlæser udtaler dem på dansk.',
      'Status fortælles altid i ord, med et symbol ved siden af; farven gentager kun, hvad teksten siger.',
      'Statusbanneret (widget) er testet i Chromium: nye driftsmeddelelser meddeles høfligt, et nyt nedbrud bestemt, fokus flyttes aldrig af sig selv, og luk er en rigtig knap.',
      'Siderne virker uden JavaScript og under en streng Content-Security-Policy.',
    ],
    feedbackHeading: 'Feedback og kontaktoplysninger',
    feedback:
      'Oplever du problemer med tilgængeligheden, så skriv til servicedesken for den løsning, det drejer sig om (den står under Support på løsningens side), og fortæl, hvilken side og hvad der ikke virker. Servicedeskene:',
    complaintsHeading: 'Håndhævelse',
    complaints:
      'Digitaliseringsstyrelsen håndhæver webtilgængelighedsloven. Hvis du ikke får et tilfredsstillende svar, kan du klage til Digitaliseringsstyrelsen:',
    complaintsLink: 'Klag over tilgængeligheden (was.digst.dk)',
  },
  en: {
    intro:
      'This service status site must be accessible under the Danish act on the accessibility of public sector websites and mobile applications, which refers to the standard EN 301 549 and thereby to WCAG 2.1 level AA. This statement covers the status pages of this site: the front page, each service’s page, the incident pages and this page, in Danish and English.',
    statusHeading: 'Compliance status',
    status: 'The site is partially compliant with WCAG 2.1 level AA. What does not comply is listed below.',
    gapsHeading: 'Content that is not accessible',
    gaps: [
      'The picture of a service’s dependencies gets smaller on narrow screens, and the lines between the boxes can be hard to follow. The same information is given as a list below the picture, with the status in words.',
      'What screen readers say for the status banner (widget) is tested by checking what is written to the page’s live regions, not with each screen reader (JAWS, NVDA, VoiceOver).',
    ],
    preparedHeading: 'How this statement was prepared',
    prepared: `This statement was prepared on ${REVIEWED.en} from a self-assessment with automated tests that run on every change of the code:`,
    tests: [
      'axe-core in Chromium finds no violations of the rules for WCAG 2.0 and 2.1, level A and AA, on every page type, in Danish and English, in light and dark themes.',
      'Keyboard only: a link to the content comes first, Tab reaches every link of the page in order, and the focus is always visible.',
      'Each page has one level 1 heading, headings in the right order, and landmarks (header, navigation, main, footer).',
      'Operator text written in Danish only is marked as Danish on the English version, so a screen reader pronounces it in Danish.',
      'Status is always told in words, with a symbol beside them; colour only repeats what the text says.',
      'The status banner (widget) is tested in Chromium: new incidents are announced politely, a new outage assertively, focus is never moved by itself, and close is a real button.',
      'The pages work without JavaScript and under a strict Content Security Policy.',
    ],
    feedbackHeading: 'Feedback and contact information',
    feedback:
      'If you meet an accessibility problem, write to the service desk of the service concerned (listed under Support on the service’s page) and tell us which page and what does not work. The service desks:',
    complaintsHeading: 'Enforcement',
    complaints:
      'The Danish Agency for Digital Government (Digitaliseringsstyrelsen) enforces the act. If you do not get a satisfactory answer, you can complain to the agency:',
    complaintsLink: 'Complain about accessibility (was.digst.dk, in Danish)',
  },
} as const satisfies Record<Lang, unknown>;

export interface AccessibilityPageProps {
  /** The vendors, whose service desks take feedback. */
  vendors: readonly Vendor[];
  lang: Lang;
}

/**
 * `/tilgaengelighed`: the accessibility statement (tilgængelighedserklæring) public-sector sites
 * must publish, in the structure of Digitaliseringsstyrelsen's template, saying what is tested and
 * how, and what is known not to comply.
 *
 * @example
 * renderPage(<AccessibilityPage vendors={view.summary.vendors} lang="da" />);
 */
export function AccessibilityPage({ vendors, lang }: AccessibilityPageProps) {
  const t = messagesFor(lang);
  const x = TEXT[lang];
  const desks = vendors.filter((v) => v.servicedesk.email);
  return (
    <Layout lang={lang} path={ACCESSIBILITY_PATH} title={t.accessibilityStatement}>
      <div class="statement">
        <p>{x.intro}</p>
        <h2>{x.statusHeading}</h2>
        <p>{x.status}</p>
        <h2>{x.gapsHeading}</h2>
        <ul>
          {x.gaps.map((gap) => (
            <li>{gap}</li>
          ))}
        </ul>
        <h2>{x.preparedHeading}</h2>
        <p>{x.prepared}</p>
        <ul>
          {x.tests.map((test) => (
            <li>{test}</li>
          ))}
        </ul>
        <h2>{x.feedbackHeading}</h2>
        <p>{x.feedback}</p>
        <ul>
          {desks.map((vendor) => {
            const href = safeHref(`mailto:${vendor.servicedesk.email}`);
            return (
              <li>
                <span class="text">{vendor.name}</span>:{' '}
                {href ? <a href={href}>{vendor.servicedesk.email}</a> : <span class="text">{vendor.servicedesk.email}</span>}
              </li>
            );
          })}
        </ul>
        <h2>{x.complaintsHeading}</h2>
        <p>{x.complaints}</p>
        <p>
          <a href={COMPLAINTS_URL} hrefLang="da">
            {x.complaintsLink}
          </a>
        </p>
      </div>
    </Layout>
  );
}
