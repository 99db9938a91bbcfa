import { COMPONENT_STATUSES, worseStatus, type ComponentStatus } from '@kdi-status/sdk';
import type { StatusChange } from './timeline.js';

/** The days of the history are calendar days in Copenhagen: 23 hours and 25 hours long at the DST changes. */
export const HISTORY_TIME_ZONE = 'Europe/Copenhagen';

/**
 * How much of a minute in each status counts as downtime, as the common status pages count it:
 * a major outage fully, a partial outage at 0.3; degraded performance and planned maintenance
 * not at all. In tenths, so that whole minutes give exact sums (0.3 × 7 in floating point is not 2.1).
 */
const DOWNTIME_TENTHS: Record<ComponentStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 3,
  major_outage: 10,
};

/** One Copenhagen calendar day of a component's history. */
export interface DayUptime {
  /** The Copenhagen date, `YYYY-MM-DD`. */
  date: string;
  /** The day's first instant (local midnight) and the next day's, in UTC. */
  start: string;
  end: string;
  /** Minutes spent in each status this day (fractions when a change fell between minutes). */
  minutes: Record<ComponentStatus, number>;
  /** Minutes with data: the sum of `minutes`. Less than the day when the component was created, retired or the day is today. */
  dataMinutes: number;
  /** Major outage minutes + 0.3 × partial outage minutes. */
  downtimeMinutes: number;
  /** The worst status that lasted any time this day; `null` for a day without data. */
  worst: ComponentStatus | null;
  /** 100 × (1 − downtime / minutes with data); `null` for a day without data (never a made-up 100 %). */
  uptime: number | null;
}

/** A period of Copenhagen days, both ends included, `YYYY-MM-DD`. */
export interface DayPeriod {
  from: string;
  to: string;
}

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: HISTORY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function zonedParts(ms: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = Object.fromEntries(partsFormat.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/**
 * The Copenhagen wall clock of an instant, to the second, as the UTC milliseconds of the same
 * digits (so 10.14 Copenhagen time reads as 10:14Z).
 *
 * @example
 * new Date(copenhagenWall(Date.parse('2026-03-03T09:14:05Z'))).toISOString(); // '2026-03-03T10:14:05.000Z'
 */
export function copenhagenWall(ms: number): number {
  const p = zonedParts(ms);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** Copenhagen's offset from UTC at an instant, in milliseconds (1 h in winter, 2 h in summer). */
function offsetAt(ms: number): number {
  return copenhagenWall(ms) - Math.floor(ms / 1000) * 1000;
}

function parseDate(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * Midnights already computed: every component's bar asks for the same 91 days, and `Intl` is the
 * slow part (about 10 µs a call). Bounded: cleared when full (some years of days).
 */
const midnights = new Map<string, number>();
const MIDNIGHT_CACHE_SIZE = 4096;

/**
 * The instant a Copenhagen calendar day begins (local midnight), in UTC milliseconds. Midnight is
 * never skipped or doubled in Copenhagen (the clocks change at 02.00 and 03.00).
 *
 * @example
 * new Date(copenhagenMidnight('2026-03-29')).toISOString(); // '2026-03-28T23:00:00.000Z'
 */
export function copenhagenMidnight(date: string): number {
  const known = midnights.get(date);
  if (known !== undefined) return known;
  const [year, month, day] = parseDate(date);
  const wall = Date.UTC(year, month - 1, day);
  const guess = wall - offsetAt(wall);
  // The offset at the guess can differ from the one at the wall time read as UTC near a change.
  const midnight = wall - offsetAt(guess);
  if (midnights.size >= MIDNIGHT_CACHE_SIZE) midnights.clear();
  midnights.set(date, midnight);
  return midnight;
}

/**
 * The Copenhagen calendar date of an instant.
 *
 * @example
 * copenhagenDate('2026-10-24T22:30:00.000Z'); // '2026-10-25'
 */
export function copenhagenDate(instant: string | number | Date): string {
  const p = zonedParts(new Date(instant).getTime());
  return `${String(p.year).padStart(4, '0')}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/**
 * The date `days` after (or before, if negative) a date.
 *
 * @example
 * addDays('2026-02-28', 1); // '2026-03-01'
 */
export function addDays(date: string, days: number): string {
  const [year, month, day] = parseDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/**
 * The last `days` Copenhagen days up to and including the day of `now`: the period of the 90-day bar.
 *
 * @example
 * lastDays(90, '2026-12-02T08:15:00.000Z'); // { from: '2026-09-04', to: '2026-12-02' }
 */
export function lastDays(days: number, now: string | number | Date): DayPeriod {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, not ${days}`);
  const to = copenhagenDate(now);
  return { from: addDays(to, 1 - days), to };
}

const noMinutes = (): Record<ComponentStatus, number> =>
  Object.fromEntries(COMPONENT_STATUSES.map((s) => [s, 0])) as Record<ComponentStatus, number>;

/**
 * One component's history per Copenhagen day of `period`, oldest day first: the worst status of
 * each day, the minutes in each status and the uptime percentage. Downtime is major outage minutes
 * + 0.3 × partial outage minutes; degraded performance and maintenance are not downtime. Time
 * before the timeline's first change (the component did not exist yet), after `now` (not known
 * yet) and while the status is `null` (retired) has no data, and a day with no data at all has
 * `worst` and `uptime` `null`.
 *
 * @example
 * const days = dailyUptime(fold.timeline('ky'), lastDays(90, now), now);
 * days.at(-1); // { date: '2026-12-02', worst: 'partial_outage', uptime: 97.5, … }
 */
export function dailyUptime(timeline: readonly StatusChange[], period: DayPeriod, now: string | number | Date): DayUptime[] {
  const nowMs = new Date(now).getTime();
  if (Number.isNaN(nowMs)) throw new RangeError(`Not a time: ${String(now)}`);
  const changes = timeline.map((c) => ({ at: Date.parse(c.at), status: c.status }));
  const days: DayUptime[] = [];
  let next = 0; // first change after the current position
  for (let date = period.from; date <= period.to; date = addDays(date, 1)) {
    const start = copenhagenMidnight(date);
    const end = copenhagenMidnight(addDays(date, 1));
    const ms = noMinutes();
    let worst: ComponentStatus | null = null;
    while (next < changes.length && changes[next]!.at <= start) next++;
    // Walk the intervals that overlap [start, min(end, now)).
    const stop = Math.min(end, nowMs);
    let status = next > 0 ? changes[next - 1]!.status : null;
    let from = start;
    let i = next;
    while (from < stop) {
      const to = i < changes.length ? Math.min(changes[i]!.at, stop) : stop;
      if (status !== null && to > from) {
        ms[status] += to - from;
        worst = worst === null ? status : worseStatus(worst, status);
      }
      from = to;
      if (i < changes.length && changes[i]!.at <= from) status = changes[i++]!.status;
    }
    const minutes = noMinutes();
    let dataMs = 0;
    let downtimeTenthMs = 0;
    for (const s of COMPONENT_STATUSES) {
      minutes[s] = ms[s] / 60_000;
      dataMs += ms[s];
      downtimeTenthMs += ms[s] * DOWNTIME_TENTHS[s];
    }
    days.push({
      date,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      minutes,
      dataMinutes: dataMs / 60_000,
      downtimeMinutes: downtimeTenthMs / 600_000,
      worst,
      uptime: dataMs === 0 ? null : (100 * (dataMs * 10 - downtimeTenthMs)) / (dataMs * 10),
    });
  }
  return days;
}

/**
 * The uptime of a whole period from its days: the same rule over every minute with data (so a
 * component created mid-period is judged on the days it existed); `null` if no day has data.
 *
 * @example
 * periodUptime(dailyUptime(timeline, lastDays(90, now), now)); // 99.97
 */
export function periodUptime(days: readonly DayUptime[]): number | null {
  let data = 0;
  let downtime = 0;
  for (const day of days) {
    data += day.dataMinutes;
    downtime += day.downtimeMinutes;
  }
  return data === 0 ? null : (100 * (data - downtime)) / data;
}
