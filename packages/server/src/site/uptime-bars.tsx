/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import { COMPONENT_STATUSES, type Lang } from '@kdi-status/sdk';
import type { DayUptime } from '../history/uptime.js';
import { pathIn } from './layout.js';
import { messagesFor } from './messages.js';
import { withKommune } from './municipality-query.js';
import type { ComponentBar, UptimeBars } from './uptime-holder.js';

const PERCENT = {
  da: new Intl.NumberFormat('da-DK', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
};

/**
 * An uptime percentage in words, rounded down to two decimals (a day with a minute of outage
 * never reads "100,00 %"); `null` is "no data", never a made-up 100 %.
 *
 * @example
 * formatPercent(99.9861, 'da'); // '99,98 %'
 * formatPercent(null, 'en'); // 'No data'
 */
export function formatPercent(value: number | null, lang: Lang): string {
  if (value === null) return messagesFor(lang).hist.noData;
  return `${PERCENT[lang].format(Math.floor(value * 100 + 1e-9) / 100)} %`;
}

const DAY = {
  da: new Intl.DateTimeFormat('da-DK', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
  en: new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }),
};

/**
 * A Copenhagen calendar date (`YYYY-MM-DD`) as words: "ons. 2. dec. 2026", "Wed 2 Dec 2026".
 *
 * @example
 * formatDay('2026-12-02', 'en'); // 'Wed 2 Dec 2026'
 */
export function formatDay(date: string, lang: Lang): string {
  return DAY[lang].format(new Date(`${date}T12:00:00Z`));
}

/** SVG geometry: one 4-unit box per day, 1 unit apart. */
const BOX = 4;
const STEP = 5;
const HEIGHT = 24;

const dayClass = (day: DayUptime) => `day day-${day.worst ?? 'none'}`;

/** One day as words: date, worst status, uptime (the bar's text alternative and the box's tooltip). */
function dayWords(day: DayUptime, lang: Lang): string {
  const t = messagesFor(lang);
  if (!day.worst) return `${formatDay(day.date, lang)}: ${t.hist.noData}`;
  return `${formatDay(day.date, lang)}: ${t.status[day.worst]}, ${formatPercent(day.uptime, lang)}`;
}

/** One component's bar: name, period uptime in words, the drawn bar, and its table day by day. */
function Bar({ bar, kommune, lang }: { bar: ComponentBar; kommune: string | null | undefined; lang: Lang }) {
  const t = messagesFor(lang);
  const tableId = `uptime-${bar.id}`;
  // A percentage over one day of data is no 90-day figure: say over how many days it is.
  const withData = bar.days.filter((day) => day.worst).length;
  return (
    <li class="uptime-bar">
      <p class="uptime-head">
        <a href={pathIn(withKommune(`/c/${encodeURIComponent(bar.id)}`, kommune), lang)}>{bar.name}</a>
        <span class="uptime-total">
          {formatPercent(bar.uptime, lang)} {t.hist.uptimeOfPeriod}
          {withData < bar.days.length ? ` ${t.hist.daysWithData(withData, bar.days.length)}` : ''}
        </span>
      </p>
      {/* The drawing repeats what the table says: hidden from assistive technology, boxes coloured by class (no inline style). */}
      <svg
        class="uptime-svg"
        viewBox={`0 0 ${bar.days.length * STEP} ${HEIGHT}`}
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        {bar.days.map((day, i) => (
          <rect class={dayClass(day)} x={i * STEP} y={0} width={BOX} height={HEIGHT}>
            <title>{dayWords(day, lang)}</title>
          </rect>
        ))}
      </svg>
      <details class="uptime-days">
        <summary>
          {t.hist.dayByDay} {bar.name}
        </summary>
        <table id={tableId}>
          <caption>
            {bar.name}: {t.hist.uptimeHeading.toLowerCase()}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t.hist.colDate}</th>
              <th scope="col">{t.hist.colWorst}</th>
              <th scope="col">{t.hist.colUptime}</th>
            </tr>
          </thead>
          <tbody>
            {bar.days.map((day) => (
              <tr>
                <th scope="row">{formatDay(day.date, lang)}</th>
                <td>{day.worst ? t.status[day.worst] : t.hist.noData}</td>
                <td>{formatPercent(day.uptime, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </li>
  );
}

/**
 * The 90-day bars of the front page: per component, per Copenhagen day, the worst status (the
 * box's colour, from a class) and the uptime %; the period's uptime in words; each bar with a
 * table of its days as text alternative; a help text saying how uptime is computed; a legend
 * naming each colour in words.
 *
 * @example
 * <UptimeBarsSection uptime={await uptime.bars(summary.components, new Date())} lang="da" />
 */
export function UptimeBarsSection({
  uptime,
  kommune,
  lang,
}: {
  uptime: UptimeBars;
  /** The municipality the page is for (`?kommune=`): kept on the links, as the component list does. */
  kommune?: string | null | undefined;
  lang: Lang;
}) {
  const t = messagesFor(lang);
  return (
    <section aria-labelledby="uptime">
      <h2 id="uptime">{t.hist.uptimeHeading}</h2>
      <p class="meta">
        {formatDay(uptime.period.from, lang)} – {formatDay(uptime.period.to, lang)}
      </p>
      <p class="uptime-help">{t.hist.uptimeHelp}</p>
      <p class="uptime-legend">
        {t.hist.legend}{' '}
        {COMPONENT_STATUSES.map((status) => (
          <span class="legend-item">
            <span class={`legend-box day-${status}`} aria-hidden="true" /> {t.status[status]}
          </span>
        ))}
        <span class="legend-item">
          <span class="legend-box day-none" aria-hidden="true" /> {t.hist.noData}
        </span>
      </p>
      <ul class="uptime-bars">
        {uptime.bars.map((bar) => (
          <Bar bar={bar} kommune={kommune} lang={lang} />
        ))}
      </ul>
      <p>
        <a href={pathIn('/history', lang)}>{t.hist.navHistory}</a> · <a href={pathIn('/as-of', lang)}>{t.hist.asOfLink}</a>
      </p>
    </section>
  );
}
