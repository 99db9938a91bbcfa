/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang, Summary } from '@kdi-status/sdk';
import { toLocalInput } from '../as-of-query.js';
import { Layout } from '../layout.js';
import { messagesFor } from '../messages.js';
import { formatInstant } from '../format-time.js';
import { ComponentsByKind, IncidentCard, MaintenanceCard, OverallStatus } from './parts.js';

export interface AsOfPageProps {
  lang: Lang;
  /**
   * The instant shown (whole seconds), with the summary served then and the chain hash of the last
   * event it stands on (null: an empty log); absent: only the form.
   */
  shown?: { at: Date; summary: Summary; hash: string | null } | undefined;
}

/**
 * The GET form choosing the instant: works without JavaScript, a label for its one field. A text
 * field, not `datetime-local`: that one takes a Tab stop per part and shows a format that differs
 * by browser; the server reads both Danish wall time and ISO with a zone, as the hint says.
 */
function AsOfForm({ lang, at }: { lang: Lang; at: Date | undefined }) {
  const t = messagesFor(lang).hist;
  return (
    <form class="as-of-form" method="get" action="/as-of">
      {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
      <p>
        <label for="as-of-at">{t.asOfLabel}</label>
        <input id="as-of-at" name="at" type="text" value={at ? toLocalInput(at) : ''} aria-describedby="as-of-hint" required />
        <span id="as-of-hint" class="meta">
          {t.asOfHint}
        </span>
      </p>
      <p>
        <button type="submit">{t.asOfSubmit}</button>
      </p>
    </form>
  );
}

/**
 * `/as-of?at=…`: the status page as it was at an instant, rebuilt from the event log (overall
 * status, components with their effective status, active incidents and maintenance then), saying
 * which instant and on which event (its sequence number and chain hash, to hold against a signed
 * checkpoint) it stands, with a form to choose another instant.
 *
 * @example
 * renderPage(<AsOfPage lang="da" shown={{ at, summary, hash: await store.eventHash(summary.sequence) ?? null }} />);
 */
export function AsOfPage({ lang, shown }: AsOfPageProps) {
  const t = messagesFor(lang);
  const title = shown ? `${t.hist.asOfShown} ${formatInstant(shown.at.toISOString(), lang)}` : t.hist.asOfTitle;
  if (!shown)
    return (
      <Layout lang={lang} path="/as-of" title={title}>
        <p>{t.hist.asOfIntro}</p>
        <AsOfForm lang={lang} at={undefined} />
      </Layout>
    );
  const { summary } = shown;
  const names = new Map(summary.components.map((c) => [c.id, c.name]));
  return (
    <Layout lang={lang} path="/as-of" title={title}>
      <p class="meta">
        {summary.sequence === 0 ? t.hist.asOfEmptyLog : `${t.hist.asOfSequence} ${summary.sequence}.`}
        {shown.hash ? (
          <>
            {' '}
            {t.hist.asOfHash} <code class="log-hash">{shown.hash}</code>
          </>
        ) : null}
      </p>
      <AsOfForm lang={lang} at={shown.at} />
      <OverallStatus status={summary.status} lang={lang} />
      <section aria-labelledby="as-of-incidents">
        <h2 id="as-of-incidents">{t.activeIncidents}</h2>
        {summary.incidents.length === 0 ? <p>{t.noIncidents}</p> : null}
        {summary.incidents.map((incident) => (
          <IncidentCard incident={incident} lang={lang} />
        ))}
      </section>
      <section aria-labelledby="as-of-maintenance-now">
        <h2 id="as-of-maintenance-now">{t.maintenanceNow}</h2>
        {summary.maintenances.active.length === 0 ? <p>{t.noMaintenance}</p> : null}
        {summary.maintenances.active.map((m) => (
          <MaintenanceCard maintenance={m} lang={lang} />
        ))}
      </section>
      <section aria-labelledby="as-of-maintenance-upcoming">
        <h2 id="as-of-maintenance-upcoming">{t.maintenanceUpcoming}</h2>
        {summary.maintenances.upcoming.length === 0 ? <p>{t.noMaintenance}</p> : null}
        {summary.maintenances.upcoming.map((m) => (
          <MaintenanceCard maintenance={m} lang={lang} />
        ))}
      </section>
      <ComponentsByKind components={summary.components} names={names} idPrefix="as-of-kind-" lang={lang} />
    </Layout>
  );
}
