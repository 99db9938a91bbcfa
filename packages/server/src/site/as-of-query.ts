import { LangSchema } from '@kdi-status/sdk';
import { z } from 'zod/mini';
import { copenhagenWall } from '../history/uptime.js';

const OFFSET_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const ISO_WITH_ZONE = z.iso.datetime({ offset: true });
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Copenhagen wall-clock digits as the instant they name. A time skipped by the spring change
 * (02.30 on the last Sunday of March) moves forward an hour, as a clock would; one that occurs
 * twice in October is read as the first (summer time).
 */
function fromCopenhagenWall(wall: number): number {
  // Try summer time (UTC+2) first, then winter time (UTC+1): the first whose wall clock matches.
  for (const offset of [2, 1]) {
    const candidate = wall - offset * 3_600_000;
    if (copenhagenWall(candidate) === wall) return candidate;
  }
  return wall - 3_600_000;
}

/**
 * The instant an `/as-of?at=` value names, to the millisecond (an event's own time shows that
 * event, as the API's `?at=` does): an ISO 8601 date-time with a zone, or a Copenhagen wall time
 * without one (`2026-03-03T10:14`, what `<input type="datetime-local">` sends). `undefined` for
 * anything else.
 *
 * @example
 * parseAsOfInstant('2026-03-03T10:14')?.toISOString(); // '2026-03-03T09:14:00.000Z'
 * parseAsOfInstant('2026-13-01T00:00Z'); // undefined
 */
export function parseAsOfInstant(value: string): Date | undefined {
  if (value.length > 40) return undefined;
  const local = LOCAL_TIME.exec(value);
  let ms: number;
  if (local) {
    const [year, month, day, hour, minute, second] = local.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const back = new Date(wall);
    // Date.UTC rolls 30 February over into March: refuse what does not name itself.
    if (back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
    ms = fromCopenhagenWall(wall);
  } else {
    if (!OFFSET_TIME.test(value)) return undefined;
    // With seconds, as the ISO check wants them (a form or a person may leave them out).
    const withSeconds = value.replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-])/, '$1:00$2');
    if (!ISO_WITH_ZONE.safeParse(withSeconds).success) return undefined;
    ms = Date.parse(withSeconds);
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799000) return undefined;
  // To the millisecond: an event's own time (pasted in a dispute) must show that event, as the API does.
  return new Date(ms);
}

/**
 * `/as-of`'s query: the language and the instant (empty, as an empty form sends it, is none).
 * Other parameters are ignored, as on every page; a bad `at` is a 400 naming `at`.
 *
 * @example
 * const { at } = parseQuery(AsOfQuerySchema, request.query); // Date | undefined
 */
export const AsOfQuerySchema = z.object({
  lang: z.optional(LangSchema),
  at: z.optional(
    z.pipe(
      z.string().check(
        z.refine((value) => value === '' || parseAsOfInstant(value) !== undefined, {
          error: 'must be a date-time: Danish time as 2026-03-03T10:14, or ISO 8601 with a zone, e.g. 2026-03-03T10:14:00+01:00',
        }),
      ),
      z.transform((value: string) => (value === '' ? undefined : parseAsOfInstant(value))),
    ),
  ),
});

/**
 * The Copenhagen wall time of an instant as `<input type="datetime-local">` takes it.
 *
 * @example
 * toLocalInput(new Date('2026-03-03T09:14:00Z')); // '2026-03-03T10:14:00'
 */
export function toLocalInput(at: Date): string {
  return new Date(copenhagenWall(at.getTime())).toISOString().slice(0, 19);
}
