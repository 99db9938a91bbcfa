/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { localized, type Incident, type Lang } from '@kdi-status/sdk';
import type { StatusView } from '../../read/status-view.js';
import { formatTime } from '../format-time.js';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { StatusLabel } from '../status-label.js';
import { textLang } from '../text-lang.js';
import { OnlyMunicipalities } from './municipality-parts.js';

/**
 * `/incidents/:id`: the incident with its whole update timeline, newest first; a corrected
 * update shows its earlier wordings as such.
 *
 * @example
 * renderPage(<IncidentPage view={view} incident={incident} lang="da" />);
 */
export function IncidentPage({ view, incident, lang }: { view: StatusView; incident: Incident; lang: Lang }) {
  const t = messagesFor(lang);
  const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
  const vendor = view.summary.vendors.find((v) => v.id === incident.vendor);
  return (
    <Layout
      lang={lang}
      path={`/incidents/${encodeURIComponent(incident.id)}`}
      title={localized(incident.title, lang)}
      updatedAt={incident.updatedAt}
    >
      <p class="meta">
        {t.incidentStatus[incident.status]} · {t.impactName[incident.impact]} · {t.vendor}:{' '}
        <span class="text">{vendor?.name ?? incident.vendor}</span>
      </p>
      <p>
        {t.started} {formatTime(incident.startedAt, lang)}
        {incident.resolvedAt ? ` · ${t.resolved} ${formatTime(incident.resolvedAt, lang)}` : ''}
      </p>
      <section aria-labelledby="affected">
        <h2 id="affected">{t.affected}</h2>
        <ul class="components">
          {incident.components.map((c) =>
            names.has(c.id) ? (
              <li>
                <a href={pathIn(`/c/${c.id}`, lang)}>{names.get(c.id)}</a>
                <StatusLabel status={c.status} lang={lang} />
              </li>
            ) : (
              <li>
                <span>{c.id}</span>
                <StatusLabel status={c.status} lang={lang} />
              </li>
            ),
          )}
        </ul>
        <OnlyMunicipalities codes={incident.municipalities} lang={lang} />
      </section>
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t.timeline}</h2>
        <ol class="timeline">
          {[...incident.updates]
            .sort((a, b) => b.at.localeCompare(a.at))
            .map((update) => (
              <li>
                <h3>
                  {t.incidentStatus[update.status]} · <time dateTime={update.at}>{formatTime(update.at, lang)}</time>
                </h3>
                <p class="text" lang={textLang(update.message, lang)}>
                  {localized(update.message, lang)}
                </p>
                <p class="meta">
                  {t.by} <span class="text">{update.author}</span>
                </p>
                {(update.corrections ?? []).map((c) => (
                  <p class="correction">
                    {t.correctedFrom}{' '}
                    <span class="text" lang={textLang(c.message, lang)}>
                      {localized(c.message, lang)}
                    </span>{' '}
                    ({formatTime(c.at, lang)})
                  </p>
                ))}
              </li>
            ))}
        </ol>
      </section>
    </Layout>
  );
}
