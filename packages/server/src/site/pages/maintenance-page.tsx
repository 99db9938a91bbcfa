/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { localized, type Lang, type Maintenance } from '@kdi-status/sdk';
import { formatWindow } from '../format-time.js';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { Pager, type PagerLink } from './history-parts.js';
import { textLang } from '../text-lang.js';

export interface MaintenancePageProps {
  lang: Lang;
  /** Windows in progress (or being verified) and scheduled ones: shown on the first page only. */
  active: readonly Maintenance[];
  upcoming: readonly Maintenance[];
  /** This page of the finished windows (completed or cancelled), the latest end first. */
  finished: readonly Maintenance[];
  page: number;
  hasNext: boolean;
  /** Component names by id; an id not in it (a retired component) is shown as the id. */
  names: ReadonlyMap<string, string>;
  updatedAt?: string | undefined;
}

/** One window: title, state in words, its times in Copenhagen time, its components, its description. */
function Window({ maintenance, names, lang }: { maintenance: Maintenance; names: ReadonlyMap<string, string>; lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <article class="card">
      <h3 class="text" lang={textLang(maintenance.title, lang)}>
        {localized(maintenance.title, lang)}
      </h3>
      <p class="meta">
        {t.maintenanceStatus[maintenance.status]} · {formatWindow(maintenance.startsAt, maintenance.endsAt, lang)}
      </p>
      <p class="meta">
        {t.hist.maintenanceComponents}{' '}
        {maintenance.components.map((id, i) => (
          <>
            {i > 0 ? ', ' : ''}
            {names.has(id) ? <a href={pathIn(`/c/${encodeURIComponent(id)}`, lang)}>{names.get(id)}</a> : <span class="text">{id}</span>}
          </>
        ))}
      </p>
      <p class="text" lang={textLang(maintenance.description, lang)}>
        {localized(maintenance.description, lang)}
      </p>
    </article>
  );
}

/** A list of windows under an h2, or "Ingen." */
function WindowList(props: {
  id: string;
  heading: string;
  windows: readonly Maintenance[];
  names: ReadonlyMap<string, string>;
  lang: Lang;
}) {
  const { id, heading, windows, names, lang } = props;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {windows.length === 0 ? <p>{messagesFor(lang).none}</p> : null}
      {windows.map((m) => (
        <Window maintenance={m} names={names} lang={lang} />
      ))}
    </section>
  );
}

/**
 * `/maintenance`: windows in progress and upcoming (first page), then the finished ones, paged
 * (`?page=2`), each with its times in Copenhagen time, its components and its state in words.
 *
 * @example
 * renderPage(<MaintenancePage lang="da" active={[]} upcoming={[]} finished={past} page={1} hasNext={false} names={names} />);
 */
export function MaintenancePage(props: MaintenancePageProps) {
  const { lang, active, upcoming, finished, page, hasNext, names } = props;
  const t = messagesFor(lang);
  const href = (n: number) => (n === 1 ? pathIn('/maintenance', lang) : `/maintenance?page=${n}${lang === 'en' ? '&lang=en' : ''}`);
  const links: PagerLink[] = [];
  if (page > 1) links.push({ href: href(page - 1), label: t.hist.previousPage, rel: 'prev' });
  if (hasNext) links.push({ href: href(page + 1), label: t.hist.nextPage, rel: 'next' });
  const title = page === 1 ? t.hist.maintenanceTitle : `${t.hist.maintenanceTitle} · ${t.hist.page} ${page}`;
  return (
    <Layout lang={lang} path="/maintenance" title={title} updatedAt={props.updatedAt}>
      {page === 1 ? (
        <>
          <WindowList id="maintenance-now" heading={t.maintenanceNow} windows={active} names={names} lang={lang} />
          <WindowList id="maintenance-upcoming" heading={t.maintenanceUpcoming} windows={upcoming} names={names} lang={lang} />
        </>
      ) : null}
      <WindowList id="maintenance-done" heading={t.hist.maintenanceDone} windows={finished} names={names} lang={lang} />
      <Pager label={t.hist.pages} links={links} />
    </Layout>
  );
}
