/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { localized, type Incident, type IncidentCause, type Lang } from '@kdi-status/sdk';
import type { StatusView } from '../../read/status-view.js';
import { formatTime } from '../format-time.js';
import { reachedApplications } from '../incident-chain.js';
import { Layout, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { StatusLabel } from '../status-label.js';
import { plainTextLang, textLang } from '../text-lang.js';
import { OnlyMunicipalities } from './municipality-parts.js';

/**
 * `/incidents/:id`: the incident with its whole update timeline, newest first; a corrected
 * update shows its earlier wordings as such. With the chain of responsibility: the upstream
 * incident it is caused by (with a dispute and KOMBIT's settlement, when there are), and, on an
 * upstream incident, the fagløsninger it reaches and the linked incidents it reaches them through.
 *
 * @example
 * renderPage(<IncidentPage view={view} incident={incident} lang="da" downstream={[]} />);
 */
export function IncidentPage({
  view,
  incident,
  lang,
  upstream,
  removedUpstream,
  downstream = [],
}: {
  view: StatusView;
  incident: Incident;
  lang: Lang;
  /** The incident `causedBy` names, when it is known. */
  upstream?: Incident | undefined;
  /** The incident `removedCause` names, when it is known. */
  removedUpstream?: Incident | undefined;
  /** The incidents linked downstream of this one, directly or through others. */
  downstream?: Incident[];
}) {
  const t = messagesFor(lang);
  const names = new Map(view.summary.components.map((c) => [c.id, c.name]));
  const vendor = view.summary.vendors.find((v) => v.id === incident.vendor);
  const reached = downstream.length ? reachedApplications(incident, downstream, view.summary.components) : [];
  const incidentLink = (linked: Incident) => (
    <a href={pathIn(`/incidents/${encodeURIComponent(linked.id)}`, lang)}>{localized(linked.title, lang)}</a>
  );
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
      {incident.causedBy || incident.removedCause?.settlement ? (
        <section aria-labelledby="cause">
          <h2 id="cause">{t.chain.causeHeading}</h2>
          {incident.causedBy ? <Cause view={view} cause={incident.causedBy} upstream={upstream} lang={lang} /> : null}
          {incident.removedCause?.settlement ? (
            <RemovedCause view={view} cause={incident.removedCause} upstream={removedUpstream} lang={lang} />
          ) : null}
        </section>
      ) : null}
      {downstream.length ? (
        <section aria-labelledby="reaches">
          <h2 id="reaches">{t.chain.reachesHeading}</h2>
          <p>{t.chain.reachesIntro}</p>
          <ul class="components">
            {reached.map(({ component, through }) => (
              <li>
                <a href={pathIn(`/c/${component.id}`, lang)}>{component.name}</a>
                <span>
                  {through.length
                    ? [t.chain.through, ' ', ...through.flatMap((linked, i) => [i ? ', ' : '', incidentLink(linked)])]
                    : t.chain.byDependency}
                </span>
              </li>
            ))}
          </ul>
          <h3>{t.chain.linkedHeading}</h3>
          <ul>
            {downstream.map((linked) => (
              <li>
                {incidentLink(linked)} · <span class="text">{vendorName(view, linked.vendor)}</span> · {t.incidentStatus[linked.status]}
                {linked.causedBy?.state === 'disputed' ? <strong> · {t.chain.disputedShort}</strong> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
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

/** A vendor's name; `admin` (KOMBIT's admin key) is KOMBIT. */
function vendorName(view: StatusView, id: string): string {
  return id === 'admin' ? 'KOMBIT' : (view.summary.vendors.find((v) => v.id === id)?.name ?? id);
}

/**
 * KOMBIT took the link away when it settled a dispute: said, naming the incident by its title,
 * with who disputed it and why and KOMBIT's reason, so a reader who saw the cause before knows
 * why it is gone. Shown also when a new cause was named since.
 */
function RemovedCause({
  view,
  cause,
  upstream,
  lang,
}: {
  view: StatusView;
  cause: IncidentCause;
  upstream: Incident | undefined;
  lang: Lang;
}) {
  const t = messagesFor(lang);
  const settlement = cause.settlement;
  if (!settlement) return null;
  const href = pathIn(`/incidents/${encodeURIComponent(cause.incident)}`, lang);
  return (
    <>
      {cause.dispute ? <Dispute view={view} dispute={cause.dispute} past lang={lang} /> : null}
      <p>
        {t.chain.settled.removed} (<UpstreamLink href={href} upstream={upstream} id={cause.incident} lang={lang} />){t.chain.settledSep}
        {formatTime(settlement.at, lang)}: <Reason text={settlement.reason} lang={lang} />
      </p>
    </>
  );
}

/** Operator text quoted: a dispute's or settlement's reason, marked Danish on an English page. */
function Reason({ text, lang }: { text: string; lang: Lang }) {
  return (
    <q class="text" lang={plainTextLang(lang)}>
      {text}
    </q>
  );
}

/** "Infrastrukturdrift A/S bestrider årsagen …: reason", or "bestred" once KOMBIT settled it. */
function Dispute({
  view,
  dispute,
  past,
  lang,
}: {
  view: StatusView;
  dispute: NonNullable<IncidentCause['dispute']>;
  past: boolean;
  lang: Lang;
}) {
  const t = messagesFor(lang);
  const said = past ? t.chain.disputedByPast : t.chain.disputedBy;
  return (
    <p>
      {said(vendorName(view, dispute.by), formatTime(dispute.at, lang))} <Reason text={dispute.reason} lang={lang} />
    </p>
  );
}

/** The upstream incident by its title when it is known, else by its id. */
function UpstreamLink({ href, upstream, id, lang }: { href: string; upstream: Incident | undefined; id: string; lang: Lang }) {
  return upstream ? (
    <a href={href} lang={textLang(upstream.title, lang)}>
      {localized(upstream.title, lang)}
    </a>
  ) : (
    <a href={href}>{id}</a>
  );
}

/**
 * "Fejl i Organisation (Støttesystemerne) – Infrastrukturdrift A/S arbejder på den.", or "Under
 * afklaring hos KOMBIT." with who disputed it, when and why; KOMBIT's settlement; the upstream
 * incident's resolve; and a link to it.
 */
function Cause({ view, cause, upstream, lang }: { view: StatusView; cause: IncidentCause; upstream: Incident | undefined; lang: Lang }) {
  const t = messagesFor(lang);
  const components = new Map(view.summary.components.map((c) => [c.id, c]));
  const what = cause.components.flatMap((id, i) => {
    const c = components.get(id);
    const joint = i === 0 ? '' : i === cause.components.length - 1 ? ` ${t.chain.and} ` : ', ';
    return [joint, <span class="text">{c?.name ?? id}</span>, c ? ` (${c.group || t.chain.kindOf[c.kind]})` : ''];
  });
  const working = cause.state !== 'disputed' && !cause.upstreamResolvedAt;
  const href = pathIn(`/incidents/${encodeURIComponent(cause.incident)}`, lang);
  return (
    <>
      <p>
        {t.chain.faultIn} {what}
        {working ? [' – ', <span class="text">{vendorName(view, cause.vendor)}</span>, ` ${t.chain.working}`] : '.'}
      </p>
      {cause.upstreamResolvedAt ? <p>{t.chain.upstreamResolved(formatTime(cause.upstreamResolvedAt, lang))}</p> : null}
      {cause.state === 'disputed' ? (
        <p>
          <strong>{t.chain.disputed}</strong>
        </p>
      ) : null}
      {cause.dispute ? <Dispute view={view} dispute={cause.dispute} past={cause.settlement !== undefined} lang={lang} /> : null}
      {cause.settlement ? (
        <p>
          {t.chain.settled[cause.settlement.outcome]}
          {t.chain.settledSep}
          {formatTime(cause.settlement.at, lang)}: <Reason text={cause.settlement.reason} lang={lang} />
        </p>
      ) : null}
      <p>
        {t.chain.upstreamIncident} <UpstreamLink href={href} upstream={upstream} id={cause.incident} lang={lang} />
      </p>
      <p class="meta">{t.chain.linkedBy(vendorName(view, cause.linkedBy), formatTime(cause.linkedAt, lang))}</p>
    </>
  );
}
