/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { localized, type ComponentWithStatus, type ContentItem, type Lang } from '@kdi-status/sdk';
import type { StatusView } from '../../read/status-view.js';
import { formatTime } from '../format-time.js';
import { Layout } from '../layout.js';
import { messagesFor } from '../messages.js';
import { safeHref, telHref } from '../safe-url.js';
import { StatusLabel } from '../status-label.js';
import { IncidentCard, MaintenanceCard, ViaLine } from './parts.js';

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
          <h3 class="text">{localized(item.title, lang)}</h3>
          <p class="meta">{formatTime(item.date, lang)}</p>
          <p class="text">{localized(item.body, lang)}</p>
        </article>
      ))}
    </section>
  );
}

export interface ComponentPageProps {
  view: StatusView;
  component: ComponentWithStatus;
  /** Its content items (store.contentItems), newest first. */
  content: ContentItem[];
  lang: Lang;
}

/**
 * `/c/:component`: the fagløsning's own page: description, vendor and service desk, status now
 * (own and inherited, with the path), planned releases, news, FAQ, its active incidents and
 * maintenance.
 *
 * @example
 * renderPage(<ComponentPage view={view} component={view.componentsById.get('ky')!} content={items} lang="da" />);
 */
export function ComponentPage({ view, component, content, lang }: ComponentPageProps) {
  const t = messagesFor(lang);
  const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
  const vendor = view.summary.vendors.find((v) => v.id === component.vendor);
  const desk = vendor?.servicedesk ?? {};
  const concerns = (ids: readonly string[]) =>
    ids.includes(component.id) || component.effective.sources.some((s) => ids.includes(s.componentId));
  const incidents = view.incidents.active.filter((i) => concerns(i.components.map((c) => c.id)));
  const maintenances = [...view.maintenances.active, ...view.maintenances.upcoming].filter((m) => concerns(m.components));
  const ofType = (type: ContentItem['type']) => content.filter((item) => item.type === type);
  const { effective } = component;
  return (
    <Layout lang={lang} path={`/c/${component.id}`} title={component.name} updatedAt={view.summary.updatedAt}>
      {component.description ? <p class="text">{component.description}</p> : null}
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
              <dt>{t.hours}</dt>
              <dd class="text">{desk.hours}</dd>
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
        </dl>
      </section>
      <ContentList id="releases" heading={t.releases} items={ofType('release')} lang={lang} />
      <ContentList id="news" heading={t.news} items={ofType('news')} lang={lang} />
      <ContentList id="faq" heading={t.faq} items={ofType('faq')} lang={lang} />
    </Layout>
  );
}
