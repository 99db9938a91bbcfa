/** The content codings the server has a body in, most preferred first. */
export const CODINGS = ['br', 'gzip', 'identity'] as const;
export type Coding = (typeof CODINGS)[number];

/**
 * The coding to send for an `Accept-Encoding` header (RFC 9110 §12.5.3): of the `available` ones,
 * brotli, then gzip, then none, each unless the client refused it with `q=0` (named, or through
 * `*`). No header: none.
 * When the client refuses every coding we have, the body goes uncoded anyway, as RFC 9110 allows
 * (a 406 would leave a page without its widget for a proxy's odd header).
 *
 * @example
 * chooseCoding('gzip, deflate, br'); // 'br'
 * chooseCoding('br;q=0, gzip'); // 'gzip'
 * chooseCoding(undefined); // 'identity'
 * chooseCoding('gzip, br', ['gzip', 'identity']); // 'gzip'
 */
export function chooseCoding(header: string | string[] | undefined, available: readonly Coding[] = CODINGS): Coding {
  if (header === undefined) return 'identity';
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!name) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const coding = name === 'x-gzip' ? 'gzip' : name;
    weights.set(coding, Number.isFinite(weight) ? weight : 0);
  }
  const star = weights.get('*');
  const acceptable = (coding: Coding) => (weights.get(coding) ?? (coding === 'identity' ? (star ?? 1) : (star ?? 0))) > 0;
  return available.find(acceptable) ?? 'identity';
}
