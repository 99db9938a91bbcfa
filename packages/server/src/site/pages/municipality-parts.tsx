/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { MUNICIPALITIES, municipality, municipalityFullName, type Lang } from '@kdi-status/sdk';
import { pathIn } from '../layout.js';
import { messagesFor } from '../messages.js';

/**
 * A `<select>` of the 98 municipalities by name, "Alle kommuner" (empty) first. The options'
 * values are the kommunekoder; their text the names, which a screen reader reads.
 *
 * @example
 * <MunicipalitySelect id="kommune" name="kommune" selected="0751" lang="da" />
 */
export function MunicipalitySelect(props: {
  id: string;
  name: string;
  selected: string | null;
  lang: Lang;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
}) {
  const t = messagesFor(props.lang).kommune;
  const byName = [...MUNICIPALITIES].sort((a, b) => a.name.localeCompare(b.name, 'da'));
  return (
    <select
      id={props.id}
      name={props.name}
      class="municipality-select"
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid ? 'true' : undefined}
    >
      <option value="" selected={props.selected === null}>
        {t.all}
      </option>
      {byName.map((m) => (
        <option value={m.code} selected={m.code === props.selected}>
          {m.name}
        </option>
      ))}
    </select>
  );
}

/**
 * The chooser of a page that can be shown for one municipality (`/`, `/c/:id`): a GET form that
 * works without JavaScript, and while one is chosen, "Viser status for Aarhus Kommune" with a
 * link back to all. `path` is the page's own, without `kommune` and the language.
 *
 * @example
 * <MunicipalityChooser path="/c/ky" kommune="0751" lang="da" />
 */
export function MunicipalityChooser({ path, kommune, lang }: { path: string; kommune: string | null; lang: Lang }) {
  const t = messagesFor(lang).kommune;
  const fullName = kommune ? municipalityFullName(kommune) : undefined;
  return (
    <section class="municipality-chooser" aria-labelledby="municipality-heading">
      <h2 id="municipality-heading" class="visually-hidden">
        {t.heading}
      </h2>
      {fullName ? (
        <p class="municipality-shown">
          <strong>
            {t.showingFor} <span lang="da">{fullName}</span>
          </strong>{' '}
          · <a href={pathIn(path, lang)}>{t.showAll}</a>
        </p>
      ) : null}
      <form class="municipality-form" method="get" action={path}>
        {lang === 'en' ? <input type="hidden" name="lang" value="en" /> : null}
        <p>
          <label for="municipality">{t.label}</label>
          <MunicipalitySelect id="municipality" name="kommune" selected={kommune} lang={lang} />
        </p>
        <p>
          <button type="submit">{t.show}</button>
        </p>
      </form>
    </section>
  );
}

/**
 * "Berører kun: København, Frederiksberg" for a record limited to some municipalities; nothing
 * for one that affects all.
 *
 * @example
 * <OnlyMunicipalities codes={incident.municipalities} lang="da" />
 */
export function OnlyMunicipalities({ codes, lang }: { codes: readonly string[] | undefined; lang: Lang }) {
  if (!codes) return null;
  const t = messagesFor(lang).kommune;
  return (
    <p class="meta municipalities-only">
      {t.onlyIn} <span lang="da">{codes.map((code) => municipality(code)?.name ?? code).join(', ')}</span>
    </p>
  );
}
