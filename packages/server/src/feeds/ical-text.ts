/**
 * Controls a content line cannot hold (RFC 5545 §3.1: CONTROL, tab excepted; line breaks are
 * escaped before this is applied), and half surrogate pairs, which have no UTF-8 form.
 */
// eslint-disable-next-line no-control-regex
const NOT_TEXT = /[\u0000-\u0008\u000A-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * A TEXT value (RFC 5545 §3.3.11): `\` `;` `,` escaped with a backslash, each line break (CRLF,
 * CR or LF) as `\n`, other controls dropped.
 *
 * @example
 * escapeIcalText('Opdatering; del 1, trin 2\nSe C:\\drift'); // 'Opdatering\\; del 1\\, trin 2\\nSe C:\\\\drift'
 */
export function escapeIcalText(text: string): string {
  return text
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(NOT_TEXT, '');
}

/** Longest content line in octets, the CRLF not counted (RFC 5545 §3.1). */
const MAX_OCTETS = 75;

/**
 * One content line folded to at most 75 octets a line (the continuation's leading space
 * included), each line ended by CRLF. Folds fall between characters, never inside a UTF-8
 * sequence or a surrogate pair, so every line is valid UTF-8 on its own.
 *
 * @example
 * foldLine('SUMMARY:' + 'x'.repeat(80)); // 'SUMMARY:xxx…x\r\n xxxxxxxxxxxxx\r\n'
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (octets + size > MAX_OCTETS) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.map((l) => `${l}\r\n`).join('');
}

/**
 * A UTC DATE-TIME value (RFC 5545 §3.3.5, form 2) from an ISO timestamp: `20260824T220000Z`.
 *
 * @example
 * icalTime('2026-08-24T22:00:00.000Z'); // '20260824T220000Z'
 */
export function icalTime(iso: string): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * A content line `NAME:value`, folded: `value` is put in as it is (escape TEXT with
 * {@link escapeIcalText} first; URIs and times need none).
 *
 * @example
 * icalLine('SUMMARY', escapeIcalText('Opdatering, del 1')); // 'SUMMARY:Opdatering\\, del 1\r\n'
 */
export function icalLine(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}
