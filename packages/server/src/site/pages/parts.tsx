/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import {
  COMPONENT_KINDS,
  localized,
  type ComponentStatus,
  type ComponentWithStatus,
  type Incident,
  type Lang,
  type Maintenance,
} from '@kdi-status/sdk';
import { formatTime, formatWindow } from '../format-time.js';
import { maintenanceAnchor, pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';
import { withKommune } from '../municipality-query.js';
import { OnlyMunicipalities } from './municipality-parts.js';
import { StatusLabel } from '../status-label.js';
import { textLang } from '../text-lang.js';

/** "Påvirket via Serviceplatformen → Organisation", names looked up from the ids of the path. */
export function ViaLine({ component, names, lang }: { component: ComponentWithStatus; names: ReadonlyMap<string, string>; lang: Lang }) {
  const { cause } = component.effective;
  if (cause.type !== 'dependency') return null;
  return (
    <p class="via">
      {messagesFor(lang).affectedVia} {cause.path.map((id) => names.get(id) ?? id).join(' → ')}
    </p>
  );
}

/** An incident as a card: title linking to its page, status words, start, latest update. */
export function IncidentCard({ incident, lang, headingLevel = 3 }: { incident: Incident; lang: Lang; headingLevel?: 2 | 3 }) {
  const t = messagesFor(lang);
  const latest = incident.updates[0];
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <article class="card">
      <Heading>
        <a href={pathIn(`/incidents/${encodeURIComponent(incident.id)}`, lang)}>
          <span class="text" lang={textLang(incident.title, lang)}>
            {localized(incident.title, lang)}
          </span>
        </a>
      </Heading>
      <p class="meta">
        {t.incidentStatus[incident.status]} · {t.impactName[incident.impact]} · {t.started} {formatTime(incident.startedAt, lang)}
      </p>
      <OnlyMunicipalities codes={incident.municipalities} lang={lang} />
      {latest ? (
        <p class="text" lang={textLang(latest.message, lang)}>
          {localized(latest.message, lang)}
        </p>
      ) : null}
    </article>
  );
}

/**
 * A maintenance window as a card: title, status words, window, description; with `names`, also
 * the components it concerns (linked; a retired one by its id). With `anchored` (on `/maintenance`),
 * the card carries `maintenanceAnchor(id)`, which feeds and calendars link to.
 */
export function MaintenanceCard(props: { maintenance: Maintenance; names?: ReadonlyMap<string, string>; anchored?: boolean; lang: Lang }) {
  const { maintenance, names, anchored, lang } = props;
  const t = messagesFor(lang);
  return (
    <article class="card" id={anchored ? maintenanceAnchor(maintenance.id) : undefined}>
      <h3 class="text" lang={textLang(maintenance.title, lang)}>
        {localized(maintenance.title, lang)}
      </h3>
      <p class="meta">
        {t.maintenanceStatus[maintenance.status]} · {formatWindow(maintenance.startsAt, maintenance.endsAt, lang)}
      </p>
      <OnlyMunicipalities codes={maintenance.municipalities} lang={lang} />
      {names ? (
        <p class="meta">
          {t.hist.maintenanceComponents}{' '}
          {maintenance.components.map((id, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {names.has(id) ? <a href={pathIn(`/c/${encodeURIComponent(id)}`, lang)}>{names.get(id)}</a> : <span class="text">{id}</span>}
            </>
          ))}
        </p>
      ) : null}
      <p class="text" lang={textLang(maintenance.description, lang)}>
        {localized(maintenance.description, lang)}
      </p>
    </article>
  );
}

/** One component in a list: its name linking to its page, its effective status, where it comes from. */
export function ComponentRow({
  component,
  names,
  kommune,
  lang,
}: {
  component: ComponentWithStatus;
  names: ReadonlyMap<string, string>;
  /** The municipality the page is shown for: the link keeps it. */
  kommune?: string | null | undefined;
  lang: Lang;
}) {
  return (
    <li>
      <a href={pathIn(withKommune(`/c/${component.id}`, kommune), lang)}>{component.name}</a>
      <StatusLabel status={component.effective.status} lang={lang} />
      <ViaLine component={component} names={names} lang={lang} />
    </li>
  );
}

/** The overall status in words: "Alle systemer kører", or "Samlet status:" and the worst one. */
export function OverallStatus({ status, lang }: { status: ComponentStatus; lang: Lang }) {
  const t = messagesFor(lang);
  return (
    <p class="overall">
      {status === 'operational' ? (
        <span class="status status-operational">{t.allWell}</span>
      ) : (
        <>
          {t.overallIs} <StatusLabel status={status} lang={lang} />
        </>
      )}
    </p>
  );
}

/** An incident in a list: its title as a heading linking to its page. */
export function IncidentHeading({ incident, lang }: { incident: Incident; lang: Lang }) {
  return (
    <h3>
      <a href={pathIn(`/incidents/${encodeURIComponent(incident.id)}`, lang)}>
        <span class="text" lang={textLang(incident.title, lang)}>
          {localized(incident.title, lang)}
        </span>
      </a>
    </h3>
  );
}

/** The components under one h2 per kind (in `COMPONENT_KINDS` order), kinds without any left out. */
export function ComponentsByKind(props: {
  components: readonly ComponentWithStatus[];
  names: ReadonlyMap<string, string>;
  /** Makes the headings' ids unique on the page: `kind-`, `as-of-kind-`. */
  idPrefix: string;
  /** The municipality the page is shown for: the components' links keep it. */
  kommune?: string | null | undefined;
  lang: Lang;
}) {
  const { components, names, idPrefix, kommune, lang } = props;
  const t = messagesFor(lang);
  return COMPONENT_KINDS.map((kind) => {
    const ofKind = components.filter((c) => c.kind === kind);
    if (ofKind.length === 0) return null;
    return (
      <section aria-labelledby={`${idPrefix}${kind}`}>
        <h2 id={`${idPrefix}${kind}`}>{t.kindHeading[kind]}</h2>
        <ul class="components">
          {ofKind.map((c) => (
            <ComponentRow component={c} names={names} kommune={kommune} lang={lang} />
          ))}
        </ul>
      </section>
    );
  });
}
