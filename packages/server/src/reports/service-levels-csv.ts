import type { ServiceLevelReport } from '@kdi-status/sdk/admin';

/** The CSV's media type (RFC 4180, with its header row). */
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present';

/**
 * The columns, as a Danish spreadsheet shows them. Percentages with three decimals; minutes and
 * counts whole or as they are; a verdict `ja`, `nej`, or empty without a target.
 */
const HEADER = [
  'Måned',
  'Leverandør',
  'Komponent-id',
  'Komponent',
  'Oppetid %',
  'Egen oppetid %',
  'Mål for oppetid %',
  'Oppetid overholdt',
  'Nedetid (minutter)',
  'Egen nedetid (minutter)',
  'Hændelser',
  'Kritisk påvirkning',
  'Betydelig påvirkning',
  'Mindre påvirkning',
  'Ingen påvirkning',
  'Første opdatering for sent',
  'Driftsvinduer',
  'Varslet for sent',
];

/** A number the Danish way (decimal comma), at most `decimals` decimals; empty for none. */
function danishNumber(value: number | null, decimals: number): string {
  if (value === null) return '';
  const fixed = value.toFixed(decimals);
  const trimmed = decimals > 0 ? fixed.replace(/\.?0+$/, '') : fixed;
  return trimmed.replace('.', ',');
}

const verdict = (met: boolean | null) => (met === null ? '' : met ? 'ja' : 'nej');

/**
 * One field, RFC 4180: quoted when it holds the separator, a quote or a line break (quotes
 * doubled). Text a spreadsheet would run as a formula (`=`, `+`, `-`, `@` first) gets a leading
 * apostrophe: a component name is not a formula.
 */
function field(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The report as CSV for a Danish spreadsheet: one row per component under a header row, `;`
 * between fields and a decimal comma (what Excel in Danish opens as columns), CRLF line ends,
 * UTF-8 with a byte order mark (so æ, ø and å survive Excel).
 *
 * @example
 * reply.type(CSV_MEDIA_TYPE).send(serviceLevelCsv(report));
 */
export function serviceLevelCsv(report: ServiceLevelReport): string {
  const vendorName = new Map(report.vendors.map((v) => [v.id, v.name]));
  const rows = report.components.map((c) => [
    report.month,
    vendorName.get(c.vendor) ?? c.vendor,
    c.id,
    c.name,
    danishNumber(c.uptime.percent, 3),
    danishNumber(c.uptime.ownPercent, 3),
    danishNumber(c.uptime.targetPercent, 3),
    verdict(c.uptime.met),
    danishNumber(c.uptime.downtimeMinutes, 1),
    danishNumber(c.uptime.ownDowntimeMinutes, 1),
    String(c.incidentIds.length),
    String(c.incidents.critical),
    String(c.incidents.major),
    String(c.incidents.minor),
    String(c.incidents.none),
    String(c.firstUpdatesLate),
    String(c.maintenances),
    String(c.maintenancesLate),
  ]);
  return '\uFEFF' + [HEADER, ...rows].map((row) => row.map(field).join(';') + '\r\n').join('');
}
