import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, InvalidInputError, type FieldError } from '../domain/errors.js';

/** No request of this API nests deeper than a few levels; far beyond it is an attack, not a typo. */
export const MAX_BODY_DEPTH = 32;

/** A 415 for a body in an encoding the API does not read. */
class UnsupportedMediaTypeError extends DomainError {
  override readonly status = 415;
}

// Text from clients may hold line breaks and tabs (a message), never other control characters,
// and never half a surrogate pair (which no encoding can store: PostgreSQL refuses it, SQLite
// stores garbage). Nor the bidi embeddings and overrides (U+202A–U+202E): they make a title or a
// phone number show something else than it says; right-to-left text needs only the isolates
// (U+2066–U+2069), each closed, and marks, which Unicode recommends instead. Ids and query values may hold no
// control characters at all.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const BAD_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e]|\p{Cs}/u;
// eslint-disable-next-line no-control-regex -- as above
const BAD_IN_URL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]|\p{Cs}/u;

function describeBad(text: string, bad: RegExp): string | null {
  const found = bad.exec(text);
  if (!found) return bad === BAD_IN_TEXT && !isolatesBalanced(text) ? UNBALANCED_ISOLATE : null;
  const code = found[0].charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return 'must not hold a lone surrogate (half of a UTF-16 pair)';
  if (code >= 0x202a && code <= 0x202e)
    return `must not hold the bidi embedding or override U+${code.toString(16).toUpperCase()} (use an isolate, U+2066–U+2069)`;
  return `must not hold the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

const UNBALANCED_ISOLATE = 'must close every bidi isolate it opens (U+2066–U+2068) with U+2069, and close none it did not open';

/**
 * Whether every bidi isolate `text` opens is closed, in order. An isolate left open in a title
 * reorders whatever a feed, a badge or a calendar writes after it ("… ⁧abc: Kører normalt").
 */
function isolatesBalanced(text: string): boolean {
  if (!/[\u2066-\u2069]/.test(text)) return true;
  let open = 0;
  for (const char of text) {
    if (char >= '\u2066' && char <= '\u2068') open++;
    else if (char === '\u2069' && --open < 0) return false;
  }
  return open === 0;
}

/**
 * The first thing wrong in a parsed JSON body: nested deeper than `MAX_BODY_DEPTH`, or a string
 * (value or key) with a character no text here may hold. Iterative, so no depth overflows it.
 */
function badJson(body: unknown): FieldError | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  while (stack.length) {
    const { value, path, depth } = stack.pop()!;
    const field = path || '(body)';
    if (typeof value === 'string') {
      const message = describeBad(value, BAD_IN_TEXT);
      if (message) return { field, message };
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_BODY_DEPTH) return { field, message: `nests deeper than ${MAX_BODY_DEPTH} levels` };
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        const message = describeBad(key, BAD_IN_URL);
        if (message) return { field: path || '(body)', message: `has a key that ${message.replace(/^must not hold/, 'holds')}` };
        stack.push({ value: child, path: childPath, depth: depth + 1 });
      }
    }
  }
  return null;
}

/**
 * The charset parameters of a Content-Type, lower-cased: parameters are read as RFC 9110 has them
 * (`;name=token` or `;name="quoted"`), so a quoted value that merely contains `charset=` is not one.
 */
function charsetsOf(contentType: string | undefined): string[] {
  const parameters = /;\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g;
  return [...(contentType ?? '').matchAll(parameters)]
    .filter(([, name]) => name!.toLowerCase() === 'charset')
    .map(([, , value]) => value!.replace(/^"(.*)"$/, '$1').toLowerCase());
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Each query parameter as sent, decoded strictly: a `%FF` is an error, not a literal. */
function badQuery(url: string): FieldError | null {
  const start = url.indexOf('?');
  if (start === -1) return null;
  for (const pair of url.slice(start + 1).split('&')) {
    const [rawName = '', rawValue = ''] = pair.split(/=(.*)/s);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replaceAll('+', ' '));
      const message = describeBad(name, BAD_IN_URL) ?? describeBad(decodeURIComponent(rawValue.replaceAll('+', ' ')), BAD_IN_URL);
      if (message) return { field: name, message };
    } catch {
      return { field: name, message: 'is not valid percent-encoded UTF-8' };
    }
  }
  return null;
}

/** A path parameter with a control character (`/incidents/%00`) is refused before any lookup. */
function badParams(params: unknown): FieldError | null {
  for (const [name, value] of Object.entries((params ?? {}) as Record<string, string>)) {
    const message = describeBad(value, BAD_IN_URL);
    if (message) return { field: name, message };
  }
  return null;
}

/**
 * What the server accepts as input before any route sees it:
 * - JSON bodies only as UTF-8 (another declared charset is a 415), decoded strictly (invalid
 *   bytes are a 400, not U+FFFD), parsed with Fastify's guard against prototype poisoning, nested
 *   at most `MAX_BODY_DEPTH` deep, with no control characters (but line breaks and tabs) and no
 *   lone surrogates in any string;
 * - path parameters and query values with no control characters and valid percent-encoding.
 * Every refusal is a 400/415 problem naming the field or parameter.
 *
 * @example
 * registerInputChecks(app); // before the routes
 */
export function registerInputChecks(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, bytes: Buffer, done) => {
    const charsets = charsetsOf(request.headers['content-type']);
    const other = charsets.find((charset) => charset !== 'utf-8' && charset !== 'utf8');
    if (other !== undefined || charsets.length > 1) {
      const message = `must declare the body UTF-8 (once), not ${charsets.map((c) => `"${c}"`).join(' and ')}`;
      return done(
        new UnsupportedMediaTypeError('unsupported_charset', `Content-Type: ${message}.`, [{ field: 'Content-Type', message }]),
        undefined,
      );
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return done(new InvalidInputError('invalid_encoding', [{ field: '(body)', message: 'is not valid UTF-8' }]), undefined);
    }
    parseJson(request, text, (error, body) => {
      if (error) return done(error, undefined);
      const bad = badJson(body);
      return bad ? done(new InvalidInputError('invalid_body', [bad]), undefined) : done(null, body);
    });
  });

  // A callback hook with a fast path: only a percent-escape can smuggle a control character in.
  // preValidation, not onRequest: the plugins' own hooks (CORS, authentication) come first.
  app.addHook('preValidation', (request: FastifyRequest, _reply: FastifyReply, done) => {
    if (!request.url.includes('%')) return done();
    const param = badParams(request.params);
    if (param) return done(new InvalidInputError('invalid_path', [param]));
    const query = badQuery(request.url);
    return done(query ? new InvalidInputError('invalid_query', [query]) : undefined);
  });
}
