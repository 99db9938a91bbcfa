/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang, Maintenance } from '@kdi-status/sdk';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { Pager, type PagerLink } from './history-parts.js';
import { MaintenanceCard } from './parts.js';

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
        <MaintenanceCard maintenance={m} names={names} anchored lang={lang} />
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
