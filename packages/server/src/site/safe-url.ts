/** The only schemes a link made from operator or vendor data may have. */
const SAFE_SCHEMES = new Set(['https:', 'mailto:', 'tel:']);

/**
 * `value` when it is an absolute URL with an https:, mailto: or tel: scheme, else null: the page
 * then shows the text without a link (a `javascript:` or `data:` URL never becomes an href).
 *
 * @example
 * safeHref('https://ky.example/hjaelp'); // 'https://ky.example/hjaelp'
 * safeHref('javascript:alert(1)');       // null
 */
export function safeHref(value: string | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * A `tel:` URL of a phone number as written by a vendor ("+45 00 00 00 00"), or null when it has
 * characters other than digits, spaces, dashes, parentheses and a leading plus.
 *
 * @example
 * telHref('+45 00 00 00 01'); // 'tel:+4500000001'
 * telHref('+45.12.34.56.78'); // 'tel:+4512345678'
 */
export function telHref(phone: string | undefined): string | null {
  if (!phone || !/^\+?[0-9 ().-]{3,40}$/.test(phone)) return null;
  return `tel:${phone.replace(/[ ().-]/g, '')}`;
}
