/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Incident, Lang } from '@kdi-status/sdk';
import { formatTime } from '../format-time.js';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { formatDuration, Pager, type PagerLink } from './history-parts.js';
import { IncidentHeading } from './parts.js';

const MONTH = {
  da: new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' }),
};

/**
 * A month (`YYYY-MM`) in words: "november 2026", "November 2026".
 *
 * @example
 * formatMonth('2026-11', 'da'); // 'november 2026'
 */
export function formatMonth(month: string, lang: Lang): string {
  return MONTH[lang].format(new Date(`${month}-15T12:00:00Z`));
}

export interface HistoryPageProps {
  lang: Lang;
  /** The month shown, `YYYY-MM` (Copenhagen calendar). */
  month: string;
  /** The months before and after, or null where there is nothing to go to (the future). */
  previous: string | null;
  next: string | null;
  /** Incidents open at some time in the month, newest start first. */
  incidents: readonly Incident[];
  names: ReadonlyMap<string, string>;
}

/** One incident: its title linking to its page, impact, start, duration, components. */
function IncidentItem({ incident, names, lang }: { incident: Incident; names: ReadonlyMap<string, string>; lang: Lang }) {
  const t = messagesFor(lang);
  const duration = incident.resolvedAt
    ? formatDuration(Date.parse(incident.resolvedAt) - Date.parse(incident.startedAt), lang)
    : t.hist.ongoing;
  return (
    <li class="card">
      <IncidentHeading incident={incident} lang={lang} />
      <p class="meta">
        {t.impactName[incident.impact]} · {t.started} {formatTime(incident.startedAt, lang)} · {t.hist.duration}: {duration}
      </p>
      <p class="meta">
        {t.hist.components} <span class="text">{incident.components.map((c) => names.get(c.id) ?? c.id).join(', ')}</span>
      </p>
    </li>
  );
}

/**
 * `/history?month=2026-11`: the incidents of a month (open at some time in it), with impact,
 * duration and components, each linking to `/incidents/:id`; links to the months before and after.
 *
 * @example
 * renderPage(<HistoryPage lang="da" month="2026-11" previous="2026-10" next={null} incidents={list} names={names} />);
 */
export function HistoryPage({ lang, month, previous, next, incidents, names }: HistoryPageProps) {
  const t = messagesFor(lang);
  const href = (m: string) => `/history?month=${m}${lang === 'en' ? '&lang=en' : ''}`;
  const links: PagerLink[] = [];
  if (previous) links.push({ href: href(previous), label: `${t.hist.previousMonth} (${formatMonth(previous, lang)})`, rel: 'prev' });
  if (next) links.push({ href: href(next), label: `${t.hist.nextMonth} (${formatMonth(next, lang)})`, rel: 'next' });
  return (
    <Layout lang={lang} path="/history" title={`${t.hist.historyTitle}: ${formatMonth(month, lang)}`}>
      <Pager label={t.hist.months} links={links} />
      <section aria-labelledby="history-incidents">
        <h2 id="history-incidents">{t.activeIncidents}</h2>
        {incidents.length === 0 ? (
          <p>{t.hist.noIncidentsMonth}</p>
        ) : (
          <ul class="history-list">
            {incidents.map((incident) => (
              <IncidentItem incident={incident} names={names} lang={lang} />
            ))}
          </ul>
        )}
      </section>
      <p>
        <a href={pathIn('/as-of', lang)}>{t.hist.asOfLink}</a>
      </p>
    </Layout>
  );
}
