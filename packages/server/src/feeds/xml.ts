/**
 * Characters XML 1.0 cannot carry at all, not even as a character reference: C0 controls other
 * than tab and line breaks, DEL–C1 controls (allowed, but no reader shows them), half surrogate
 * pairs, U+FFFE and U+FFFF. The write API refuses them; an imported database could still hold them.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Text made safe for XML character data and attribute values (either quote): `& < > " '`
 * become entities (so `]]>` cannot close anything either), characters XML cannot carry are
 * dropped. The one escaping function of the feeds, the calendar's XML-free cousin aside.
 *
 * @example
 * escapeXml('<script>"&"</script>'); // '&lt;script&gt;&quot;&amp;&quot;&lt;/script&gt;'
 */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/**
 * A piece of XML made by {@link xml}: its text is already escaped, so it nests without escaping again.
 *
 * @example
 * xml`<a>${xml`<b/>`}</a>`.value; // '<a><b/></a>'
 */
export class XmlFragment {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** What may be put into an {@link xml} template: text (escaped), numbers, fragments, lists of them, nothing. */
export type XmlValue = string | number | XmlFragment | null | undefined | false | readonly XmlValue[];

function render(value: XmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof XmlFragment) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeXml(String(value));
}

/**
 * A tagged template for XML: every interpolated string is escaped with {@link escapeXml}, fragments
 * made by `xml` nest as they are, arrays are joined, `null`/`undefined`/`false` leave nothing.
 * Only the template's literal parts (written in this code) are markup.
 *
 * @example
 * const title = '<b>Nedbrud</b>';
 * xml`<entry><title>${title}</title>${[xml`<x/>`, xml`<y/>`]}</entry>`.value;
 * // '<entry><title>&lt;b&gt;Nedbrud&lt;/b&gt;</title><x/><y/></entry>'
 */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): XmlFragment {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new XmlFragment(out);
}
