/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import type { StatusView } from '../../read/status-view.js';
import { Layout } from '../layout.js';
import { messagesFor } from '../messages.js';
import { UptimeBarsSection } from '../uptime-bars.js';
import type { UptimeBars } from '../uptime-holder.js';
import { withKommune } from '../municipality-query.js';
import { MunicipalityChooser } from './municipality-parts.js';
import { ComponentsByKind, IncidentCard, MaintenanceCard, OverallStatus } from './parts.js';
import { emptyValues, SubscribeForm } from './subscription-parts.js';

/**
 * `/`: the overall status in words, the components by kind with their effective status and
 * "påvirket via …", active incidents, maintenance in progress and upcoming, and (given `uptime`)
 * the 90-day bar of each component; with `subscribe` (mail is configured), the sign-up form.
 * With `kommune` (`?kommune=0751`), `view` is that municipality's and the page says so.
 *
 * @example
 * renderPage(<HomePage view={readModel.current().view} uptime={await uptime.bars(components, now)} subscribe lang="da" />);
 */
export function HomePage(props: {
  view: StatusView;
  uptime?: UptimeBars | undefined;
  subscribe?: boolean | undefined;
  kommune?: string | null | undefined;
  lang: Lang;
}) {
  const { view, uptime, subscribe, lang } = props;
  const kommune = props.kommune ?? null;
  const t = messagesFor(lang);
  const { summary } = view;
  const names = new Map(summary.components.map((c) => [c.id, c.name]));
  return (
    <Layout lang={lang} path={withKommune('/', kommune)} title={t.siteName} updatedAt={summary.updatedAt}>
      <MunicipalityChooser path="/" kommune={kommune} lang={lang} />
      <OverallStatus status={summary.status} lang={lang} />
      <section aria-labelledby="incidents">
        <h2 id="incidents">{t.activeIncidents}</h2>
        {view.incidents.active.length === 0 ? <p>{t.noIncidents}</p> : null}
        {view.incidents.active.map((incident) => (
          <IncidentCard incident={incident} lang={lang} />
        ))}
      </section>
      {view.maintenances.active.length > 0 ? (
        <section aria-labelledby="maintenance-now">
          <h2 id="maintenance-now">{t.maintenanceNow}</h2>
          {view.maintenances.active.map((m) => (
            <MaintenanceCard maintenance={m} lang={lang} />
          ))}
        </section>
      ) : null}
      <section aria-labelledby="maintenance-upcoming">
        <h2 id="maintenance-upcoming">{t.maintenanceUpcoming}</h2>
        {view.maintenances.upcoming.length === 0 ? <p>{t.noMaintenance}</p> : null}
        {view.maintenances.upcoming.map((m) => (
          <MaintenanceCard maintenance={m} lang={lang} />
        ))}
      </section>
      <ComponentsByKind components={summary.components} names={names} idPrefix="kind-" kommune={kommune} lang={lang} />
      {/* Part D: the 90-day bars (history/uptime.ts), from the site's one timeline fold. */}
      {uptime ? <UptimeBarsSection uptime={uptime} kommune={kommune} lang={lang} /> : null}
      {/* Issue 11: mail notifications, offered when the server sends mail. */}
      {subscribe ? (
        <section aria-labelledby="subscribe">
          <h2 id="subscribe">{t.subs.heading}</h2>
          <p>{t.subs.intro}</p>
          <SubscribeForm choices={summary.components} values={{ ...emptyValues(lang), municipality: kommune }} lang={lang} />
        </section>
      ) : null}
    </Layout>
  );
}
