/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { localized, type ComponentWithStatus, type ContentItem, type Incident, type Lang } from '@kdi-status/sdk';
import { FeedLinks } from '../../feeds/feed-links.js';
import type { StatusView } from '../../read/status-view.js';
import { DependencyPicture } from '../dependency-graph.js';
import { formatTime } from '../format-time.js';
import { Layout } from '../layout.js';
import { messagesFor } from '../messages.js';
import { withKommune } from '../municipality-query.js';
import { MunicipalityChooser } from './municipality-parts.js';
import { safeHref, telHref } from '../safe-url.js';
import { StatusLabel } from '../status-label.js';
import { IncidentCard, IncidentHeading, MaintenanceCard, ViaLine } from './parts.js';
import { textLang } from '../text-lang.js';
import { emptyValues, SubscribeForm } from './subscription-parts.js';

/** A link when `href` passed the scheme check, else the text alone. */
function MaybeLink({ href, children }: { href: string | null; children: string }) {
  return href ? <a href={href}>{children}</a> : <span class="text">{children}</span>;
}

/** A list of content items of one type (news, releases, FAQ), newest first. */
function ContentList({ id, heading, items, lang }: { id: string; heading: string; items: ContentItem[]; lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {items.length === 0 ? <p>{t.none}</p> : null}
      {items.map((item) => (
        <article class="card">
          <h3 class="text" lang={textLang(item.title, lang)}>
            {localized(item.title, lang)}
          </h3>
          <p class="meta">{formatTime(item.date, lang)}</p>
          <p class="text" lang={textLang(item.body, lang)}>
            {localized(item.body, lang)}
          </p>
        </article>
      ))}
    </section>
  );
}

/** One page of a component's incident history (store.incidentsOfComponent). */
export interface IncidentHistoryPage {
  incidents: Incident[];
  /** 1-based. */
  page: number;
  /** At least 1, also when there are no incidents. */
  pages: number;
}

export interface ComponentPageProps {
  view: StatusView;
  component: ComponentWithStatus;
  /** The component and everything it depends on, transitively (`dependencyClosure`). */
  closure: ReadonlySet<string>;
  /** Its content items (store.contentItems), newest first. */
  content: ContentItem[];
  history: IncidentHistoryPage;
  /** Mail is configured: the subscribe section is the sign-up form, this component chosen. */
  subscribe?: boolean | undefined;
  /** The municipality it is shown for (`?kommune=`): `view` and `history` are that municipality's. */
  kommune?: string | null | undefined;
  lang: Lang;
}

/**
 * The URL of page `page` of a component's history, in `lang`, at the history's heading.
 *
 * @example
 * historyPageHref('ky', 2, 'en'); // '/c/ky?page=2&lang=en#history'
 */
export function historyPageHref(componentId: string, page: number, lang: Lang, kommune?: string | null): string {
  const query = [page > 1 ? `page=${page}` : '', kommune ? `kommune=${kommune}` : '', lang === 'en' ? 'lang=en' : '']
    .filter(Boolean)
    .join('&');
  return `/c/${encodeURIComponent(componentId)}${query ? `?${query}` : ''}#history`;
}

/** A past (or current) incident in the history: title linking to its page, status, times, the components it was on. */
function HistoryItem({ incident, names, lang }: { incident: Incident; names: ReadonlyMap<string, string>; lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <li class="card">
      <IncidentHeading incident={incident} lang={lang} />
      <p class="meta">
        {t.incidentStatus[incident.status]} · {t.impactName[incident.impact]} · {t.started} {formatTime(incident.startedAt, lang)}
        {incident.resolvedAt ? ` · ${t.resolved} ${formatTime(incident.resolvedAt, lang)}` : ''}
      </p>
      <p class="meta text">
        {t.affected}: {incident.components.map((c) => names.get(c.id) ?? c.id).join(', ')}
      </p>
    </li>
  );
}

/** The history section: one page of incidents and links to the newer and older pages ("side 2 af 5"). */
function IncidentHistory({
  component,
  history,
  names,
  kommune,
  lang,
}: {
  component: ComponentWithStatus;
  history: IncidentHistoryPage;
  names: ReadonlyMap<string, string>;
  kommune: string | null;
  lang: Lang;
}) {
  const t = messagesFor(lang);
  const { page, pages } = history;
  return (
    <section aria-labelledby="history">
      <h2 id="history">{t.incidentHistory}</h2>
      <p>{t.incidentHistoryIntro}</p>
      {history.incidents.length === 0 ? (
        <p>{t.noIncidentHistory}</p>
      ) : (
        <ol class="history-list">
          {history.incidents.map((incident) => (
            <HistoryItem incident={incident} names={names} lang={lang} />
          ))}
        </ol>
      )}
      {pages > 1 ? (
        <nav class="pager" aria-label={t.historyPages}>
          {page > 1 ? (
            <a href={historyPageHref(component.id, page - 1, lang, kommune)} rel="prev">
              {t.newer}
            </a>
          ) : null}
          <span>
            {t.pageWord} {page} {t.ofWord} {pages}
          </span>
          {page < pages ? (
            <a href={historyPageHref(component.id, page + 1, lang, kommune)} rel="next">
              {t.older}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}

/**
 * `/c/:component`: the fagløsning's own page: description, status now (own and inherited, with
 * the path) and its active incidents, the picture of its dependencies, maintenance in progress and
 * planned, vendor and service desk, planned releases, news, FAQ, one page of its incident
 * history, and where to subscribe.
 *
 * @example
 * renderPage(<ComponentPage view={view} component={ky} closure={dependencyClosure(['ky'], components)} content={items}
 *   history={{ incidents, page: 1, pages: 3 }} lang="da" />);
 */
export function ComponentPage({ view, component, closure, content, history, subscribe, lang, ...props }: ComponentPageProps) {
  const t = messagesFor(lang);
  const kommune = props.kommune ?? null;
  const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
  const vendor = view.summary.vendors.find((v) => v.id === component.vendor);
  const desk = vendor?.servicedesk ?? {};
  const concerns = (ids: readonly string[]) =>
    ids.includes(component.id) || component.effective.sources.some((s) => ids.includes(s.componentId));
  const incidents = view.incidents.active.filter((i) => concerns(i.components.map((c) => c.id)));
  // Planned work on anything it depends on concerns it, even while that is running normally.
  const maintenances = [...view.maintenances.active, ...view.maintenances.upcoming].filter((m) => m.components.some((c) => closure.has(c)));
  const ofType = (type: ContentItem['type']) => content.filter((item) => item.type === type);
  const { effective } = component;
  return (
    <Layout
      lang={lang}
      path={withKommune(history.page > 1 ? `/c/${component.id}?page=${history.page}` : `/c/${component.id}`, kommune)}
      title={component.name}
      documentTitle={history.page > 1 ? `${component.name} · ${t.pageWord} ${history.page} ${t.ofWord} ${history.pages}` : undefined}
      updatedAt={view.summary.updatedAt}
      componentFeed={{ id: component.id, name: component.name }}
    >
      {component.description ? <p class="text">{component.description}</p> : null}
      <MunicipalityChooser path={`/c/${component.id}`} kommune={kommune} lang={lang} />
      <section aria-labelledby="status-now">
        <h2 id="status-now">{t.statusNow}</h2>
        <p class="overall">
          <StatusLabel status={effective.status} lang={lang} />
        </p>
        {effective.cause.type === 'dependency' ? (
          <>
            <ViaLine component={component} names={names} lang={lang} />
            <p>
              {t.ownStatus} <StatusLabel status={effective.own} lang={lang} />
            </p>
          </>
        ) : null}
        {component.statusReason ? <p class="text">{component.statusReason}</p> : null}
        {incidents.map((incident) => (
          <IncidentCard incident={incident} lang={lang} />
        ))}
      </section>
      <section aria-labelledby="dependencies">
        <h2 id="dependencies">{t.dependencies}</h2>
        <DependencyPicture component={component} componentsById={view.componentsById} lang={lang} />
      </section>
      <section aria-labelledby="maintenance">
        <h2 id="maintenance">{t.maintenance}</h2>
        {maintenances.length === 0 ? <p>{t.noMaintenance}</p> : null}
        {maintenances.map((m) => (
          <MaintenanceCard maintenance={m} lang={lang} />
        ))}
      </section>
      <section aria-labelledby="support">
        <h2 id="support">{t.support}</h2>
        <dl class="contact">
          <dt>{t.vendor}</dt>
          <dd class="text">{vendor?.name ?? component.vendor}</dd>
          {desk.email ? (
            <>
              <dt>{t.mail}</dt>
              <dd>
                <MaybeLink href={safeHref(`mailto:${desk.email}`)}>{desk.email}</MaybeLink>
              </dd>
            </>
          ) : null}
          {desk.phone ? (
            <>
              <dt>{t.phone}</dt>
              <dd>
                <MaybeLink href={telHref(desk.phone)}>{desk.phone}</MaybeLink>
              </dd>
            </>
          ) : null}
          {desk.hours ? (
            <>
              {/* Opening hours are written in Danish only. */}
              <dt>{t.hours}</dt>
              <dd class="text" lang={lang === 'en' ? 'da' : undefined}>
                {desk.hours}
              </dd>
            </>
          ) : null}
          {desk.url ? (
            <>
              <dt>{t.web}</dt>
              <dd>
                <MaybeLink href={safeHref(desk.url)}>{desk.url}</MaybeLink>
              </dd>
            </>
          ) : null}
          {component.links.support ? (
            <>
              <dt>{t.contact}</dt>
              <dd>
                <MaybeLink href={safeHref(component.links.support)}>{component.links.support}</MaybeLink>
              </dd>
            </>
          ) : null}
          {component.links.documentation ? (
            <>
              <dt>{t.documentation}</dt>
              <dd>
                <MaybeLink href={safeHref(component.links.documentation)}>{component.links.documentation}</MaybeLink>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <ContentList id="releases" heading={t.releases} items={ofType('release')} lang={lang} />
      <ContentList id="news" heading={t.news} items={ofType('news')} lang={lang} />
      <ContentList id="faq" heading={t.faq} items={ofType('faq')} lang={lang} />
      <IncidentHistory component={component} history={history} names={names} kommune={kommune} lang={lang} />
      <section aria-labelledby="subscribe">
        <h2 id="subscribe">{t.subscribe}</h2>
        {subscribe ? (
          <>
            <p>{t.subs.intro}</p>
            <SubscribeForm choices={[component]} values={emptyValues(lang, [component.id])} more lang={lang} />
          </>
        ) : (
          <p>
            {t.subscribeText} <a href="#feeds">{t.feedsHeading}</a>
          </p>
        )}
      </section>
      {/* Part C: the component's feeds, calendar and badge. */}
      <FeedLinks componentId={component.id} lang={lang} />
    </Layout>
  );
}
