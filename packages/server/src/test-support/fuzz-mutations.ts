import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonPath = ReadonlyArray<string | number>;

/** What the answer to a case must be; a case without one must only not be a 5xx. */
export interface Refusal {
  /** The statuses allowed (default: any 4xx). */
  statuses?: readonly number[];
  /** A field `errors` must name: this dotted path or one below it. */
  field?: string;
}

/** Headers a case adds to the route's own; `null` removes one (e.g. the Content-Type). */
export type HeaderPatch = Record<string, string | null>;

/**
 * One case of the fuzz suite: how it spoils a valid request of a route, and what the answer must
 * be. `kind` is the class of mutation (failures are grouped by it), `detail` says exactly what.
 */
export interface Mutation {
  kind: string;
  detail: string;
  /** The body to send, built from a fresh valid body (`undefined`: none). Default: the valid body. */
  body?: (valid: Json) => Buffer | undefined;
  headers?: HeaderPatch;
  /** Replaces the route's `:id` in the path, raw (%-escapes kept). */
  id?: string;
  /** Replaces the route's query string (raw, without `?`). */
  query?: string;
  /** Another method than the route's (HEAD on a read). */
  method?: string;
  refuse?: Refusal;
}

// —— JSON paths ——

/** Every value in `value` with its path, the root (path `[]`) first. */
export function walk(value: Json, path: JsonPath = []): Array<{ path: JsonPath; value: Json }> {
  const here = [{ path, value }];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => walk(item, [...path, i]))];
  if (value && typeof value === 'object') return [...here, ...Object.entries(value).flatMap(([key, item]) => walk(item, [...path, key]))];
  return here;
}

/** The dotted path a problem's `errors[].field` uses (`components.0.status`). */
export const dotted = (path: JsonPath): string => path.join('.');

/** A copy of `root` with the value at `path` replaced (or added, for a new key). */
export function setAt(root: Json, path: JsonPath, value: Json): Json {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
  // defineProperty, so that a key named `__proto__` becomes an own key that JSON.stringify writes.
  Object.defineProperty(parent, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

export const getAt = (root: Json, path: JsonPath): Json =>
  path.reduce<Json>((value, step) => (value as Record<string | number, Json>)[step]!, root);

const MARK = 'zzfuzzmarkzz';

/** `root` as JSON bytes with the value at `path` replaced by raw JSON text (`1e999`, 10,000 brackets). */
export function withRawValue(root: Json, path: JsonPath, raw: string): Buffer {
  return Buffer.from(JSON.stringify(setAt(root, path, MARK)).replace(`"${MARK}"`, raw), 'utf8');
}

/** `root` as JSON bytes with raw `bytes` (any, invalid UTF-8 included) appended inside the string at `path`. */
export function withBytesInString(root: Json, path: JsonPath, bytes: Buffer): Buffer {
  const text = JSON.stringify(setAt(root, path, `${String(getAt(root, path))}${MARK}`));
  const [before, after] = text.split(MARK) as [string, string];
  return Buffer.concat([Buffer.from(before, 'utf8'), bytes, Buffer.from(after, 'utf8')]);
}

export const json = (value: Json): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

/**
 * A JSON value nested `depth` levels, as text: built iteratively, so no stack is needed to make it.
 *
 * @example
 * deepJson(3, 'array'); // '[[[]]]'
 */
export function deepJson(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array' ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

// —— the poisons ——

/** Characters no operator text may hold: NUL and lone surrogates (sent as JSON escapes). */
export const POISON_CHARS = ['\u0000', '\ud800', '\udfff', '\udc00\ud800'] as const;
/** Control characters no operator text may hold (C0 but tab, LF and CR; DEL; C1): ADR 9. */
export const CONTROL_CHARS = ['\u0001', '\u0008', '\u000b', '\u001b', '\u007f', '\u0085', '\u009b'] as const;
/** Byte sequences that are not UTF-8: a stray byte, overlong NUL, an encoded surrogate, truncated, 5-byte. */
export const INVALID_UTF8 = ['ff', 'fe', '80', 'c080', 'eda080', 'edbfbf', 'e282', 'f888808080', 'c3'].map((hex) =>
  Buffer.from(hex, 'hex'),
);
/** Numbers no body field takes, as raw JSON (`1e999` parses as Infinity). */
const RAW_NUMBERS = ['1e999', '-1e999', `1${'0'.repeat(400)}`, '-0', '0.1e-400', '1.7976931348623157e308', '9007199254740993'];
/** Times a request must refuse (the API takes UTC only): no zone, a date alone, an offset, a space for the T. */
const ZONELESS_TIMES = [
  '2026-11-28T23:00:00',
  '2026-11-28T23:00',
  '2026-11-28',
  '2026-11-28T23:00:00+01:00',
  '2026-11-28 23:00:00Z',
  '20261128T230000Z',
];
/** Odd times that only must not break anything (they may well be refused). */
const ODD_TIMES = [
  '2026-02-30T00:00:00Z',
  '2026-11-28T24:00:00Z',
  '2026-11-28T23:59:60Z',
  '+275760-09-13T00:00:00.001Z',
  '0000-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999999999Z',
  '1969-12-31T23:59:59Z',
  '2026-11-28t23:00:00z',
  '',
];
/** Keys no request schema has (schema keys are camelCase without `_`), plain or odd. */
const UNKNOWN_KEYS = ['en_', 'da_', 'x_', 'Title_', 'id_', 'extra_field'];
const ODD_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '\u0000', '\ud800', 'x'.repeat(5000)];

/** Wrong-typed replacements for a value of the type of `value` (never `null`: some fields may be nullable). */
function wrongTypes(value: Json): fc.Arbitrary<Json> {
  const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
  const string = fc.string({ maxLength: 20 });
  const array = fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 });
  const object = fc.dictionary(fc.stringMatching(/^[a-z]{1,5}_$/), fc.integer(), { maxKeys: 2 });
  if (typeof value === 'string') return fc.oneof(number, fc.boolean(), array, object);
  if (typeof value === 'number') return fc.oneof(string, fc.boolean(), array, object);
  if (typeof value === 'boolean') return fc.oneof(string, number, array, object);
  if (Array.isArray(value)) return fc.oneof(string, number, fc.boolean(), object);
  return fc.oneof(string, number, fc.boolean(), array);
}

const isObject = (value: Json): value is Record<string, Json> => !!value && typeof value === 'object' && !Array.isArray(value);
const ISO = /^\d{4}-\d\d-\d\dT/;
/** Paths that hold a reference to a component or vendor (not the id a create gives). */
const isReference = (path: JsonPath) => {
  const last = path.at(-1);
  const parent = path.at(-2);
  return (
    (last === 'id' && path.length > 1) ||
    last === 'componentId' ||
    last === 'vendor' ||
    ((parent === 'components' || parent === 'dependsOn') && typeof last === 'number')
  );
};

const BAD_BODY = [400] as const;

/** Links an operator may not write (issue 10: https:, mailto: and tel: only), some spelled to slip past a naive check. */
export const UNSAFE_URLS = [
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'http://example.dk/support',
  'ftp://example.dk/',
  'file:///etc/passwd',
  'blob:https://example.dk/1',
  // https:, but reading as one site while going to another.
  'https://www.kombit.dk@evil.example/',
  'https://user:pass@example.dk/',
  'https:\\\\evil.example/',
] as const;

/**
 * Mutations of a valid JSON body (`template` gives the shape; the case is applied to a fresh valid
 * body of the same shape when it is sent). Each names what the answer must be.
 *
 * @example
 * fc.sample(bodyMutations({ title: { da: 't' } }), 1)[0].kind; // e.g. 'unknown key'
 */
export function bodyMutations(template: Json): fc.Arbitrary<Mutation> {
  const all = walk(template).filter(({ path }) => path.length > 0);
  const objects = walk(template).filter(({ value }) => isObject(value));
  const strings = all.filter(({ value }) => typeof value === 'string');
  const arrays = all.filter(({ value }) => Array.isArray(value) && value.length > 0);
  const dates = strings.filter(({ value }) => ISO.test(value as string));
  const references = strings.filter(({ path }) => isReference(path));
  const dependsOn = all.filter(({ path, value }) => path.at(-1) === 'dependsOn' && Array.isArray(value) && value.length > 0);
  const urls = strings.filter(({ value }) => /^https:\/\//.test(value as string));
  const root = isObject(template) ? template : {};
  const window = 'startsAt' in root && 'endsAt' in root;
  const pick = <T>(items: T[]) => fc.constantFrom(...items);

  const arbitraries: Array<fc.WeightedArbitrary<Mutation>> = [
    // Valid cases move the state on (new incidents, resolved ones), so later mutations meet more states.
    { weight: 3, arbitrary: fc.constant<Mutation>({ kind: 'valid', detail: 'as built' }) },
    {
      weight: 3,
      arbitrary: pick(all).chain(({ path, value }) =>
        wrongTypes(value).map<Mutation>((wrong) => ({
          kind: 'wrong type',
          detail: `${dotted(path)} = ${JSON.stringify(wrong)}`,
          body: (valid) => json(setAt(valid, path, wrong)),
          refuse: { statuses: BAD_BODY, field: dotted(path) },
        })),
      ),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(pick(objects), pick(UNKNOWN_KEYS), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()))
        .map<Mutation>(([{ path }, key, value]) => ({
          kind: path.length ? 'unknown key (nested)' : 'unknown key (top level)',
          detail: dotted([...path, key]),
          body: (valid) => json(setAt(valid, [...path, key], value)),
          refuse: { statuses: BAD_BODY, field: dotted([...path, key]) },
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(pick(objects), pick(ODD_KEYS)).map<Mutation>(([{ path }, key]) => ({
        kind: 'odd key',
        detail: `${dotted(path) || '(root)'}[${JSON.stringify(key.slice(0, 20))}]`,
        body: (valid) => json(setAt(valid, [...path, key], 1)),
        refuse: { statuses: BAD_BODY },
      })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(pick(strings), pick([...POISON_CHARS]), fc.constantFrom('start', 'end'))
        .map<Mutation>(([{ path, value }, poison, where]) => ({
          kind: poison === '\u0000' ? 'NUL in a string' : 'lone surrogate in a string',
          detail: `${dotted(path)} ${where} ${JSON.stringify(poison)}`,
          body: (valid) => json(setAt(valid, path, where === 'start' ? `${poison}${String(value)}` : `${String(value)}${poison}`)),
          refuse: { statuses: BAD_BODY, field: dotted(path) },
        })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(pick(strings), pick([...CONTROL_CHARS])).map<Mutation>(([{ path, value }, char]) => ({
        kind: 'control character in a string',
        detail: `${dotted(path)} + ${JSON.stringify(char)}`,
        body: (valid) => json(setAt(valid, path, `${String(value)}${char}x`)),
        refuse: { statuses: BAD_BODY, field: dotted(path) },
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(pick(strings), pick(INVALID_UTF8)).map<Mutation>(([{ path }, bytes]) => ({
        kind: 'invalid UTF-8 in a string',
        detail: `${dotted(path)} + 0x${bytes.toString('hex')}`,
        body: (valid) => withBytesInString(valid, path, bytes),
        refuse: { statuses: BAD_BODY },
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(pick(strings), fc.constantFrom(2001, 70_000)).map<Mutation>(([{ path }, length]) => ({
        kind: length > 64 * 1024 ? 'huge string (over the body limit)' : 'too long string',
        detail: `${dotted(path)} × ${length}`,
        body: (valid) => json(setAt(valid, path, 'x'.repeat(length))),
        refuse: length > 64 * 1024 ? { statuses: [413] } : { statuses: BAD_BODY, field: dotted(path) },
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(pick(all), pick(RAW_NUMBERS)).map<Mutation>(([{ path }, raw]) => ({
        kind: 'huge number',
        detail: `${dotted(path)} = ${raw.slice(0, 30)}`,
        body: (valid) => withRawValue(valid, path, raw),
        refuse: { statuses: BAD_BODY, field: dotted(path) },
      })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.oneof(
            pick(all).map(({ path }) => path),
            pick(objects).map(({ path }) => [...path, 'deep_']),
          ),
          fc.constantFrom(1000, 10_000),
          fc.constantFrom('array' as const, 'object' as const),
          fc.option(fc.uuid()),
        )
        .map<Mutation>(([path, depth, shape, key]) => ({
          kind: key ? 'deep nesting with Idempotency-Key' : 'deep nesting',
          detail: `${dotted(path)} ${depth} levels of ${shape}`,
          body: (valid) => withRawValue(valid, path, deepJson(depth, shape)),
          ...(key ? { headers: { 'idempotency-key': key } } : {}),
          refuse: { statuses: BAD_BODY },
        })),
    },
    {
      weight: 1,
      // A UTF-8 byte order mark may be ignored (RFC 8259 § 8.1) or refused.
      arbitrary: fc
        .oneof(fc.json({ maxDepth: 3 }), fc.constantFrom('null', '[]', '""', '1', 'true', '[{}]', '\ufeff{}'))
        .map<Mutation>((raw) => ({
          kind: 'other JSON',
          detail: raw.slice(0, 60),
          body: () => Buffer.from(raw, 'utf8'),
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('', '{', '{"a":1}{"b":2}', '{"a":1,}', "{'a':1}", '{"a":"\\ud800"}', '{"a":"\\x00"}', 'NaN')
        .map<Mutation>((raw) => ({
          kind: 'not JSON',
          detail: JSON.stringify(raw),
          body: () => Buffer.from(raw, 'utf8'),
          refuse: { statuses: BAD_BODY },
        })),
    },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'application/json; charset=latin1',
          'application/json; charset=iso-8859-1',
          'application/json; charset=utf-16',
          'application/json;charset=ascii',
        )
        .map<Mutation>((type) => ({
          kind: 'charset not UTF-8',
          detail: type,
          headers: { 'content-type': type },
          refuse: { statuses: [415] },
        })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom<string | null>(
          null,
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/jsonx',
          'json',
          '',
        )
        .map<Mutation>((type) => ({
          kind: 'not a JSON media type',
          detail: String(type),
          headers: { 'content-type': type },
          refuse: {},
        })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('', ' ', 'x'.repeat(201), 'ä', 'a b', 'a\tb').map<Mutation>((key) => ({
        kind: 'bad Idempotency-Key',
        detail: JSON.stringify(key.slice(0, 20)),
        headers: { 'idempotency-key': Buffer.from(key, 'utf8').toString('latin1') },
        refuse: { statuses: [400], field: 'Idempotency-Key' },
      })),
    },
  ];
  if (arrays.length)
    arbitraries.push({
      weight: 1,
      arbitrary: fc.tuple(pick(arrays), fc.integer({ min: 101, max: 300 })).map<Mutation>(([{ path, value }, count]) => ({
        kind: 'long array',
        detail: `${dotted(path)} × ${count}`,
        body: (valid) =>
          json(
            setAt(
              valid,
              path,
              Array.from({ length: count }, () => (getAt(valid, path) as Json[])[0] ?? (value as Json[])[0]!),
            ),
          ),
        refuse: { statuses: BAD_BODY, field: dotted(path) },
      })),
    });
  if (dates.length)
    arbitraries.push(
      {
        weight: 2,
        arbitrary: fc.tuple(pick(dates), pick(ZONELESS_TIMES)).map<Mutation>(([{ path }, time]) => ({
          kind: 'time without zone (or not UTC)',
          detail: `${dotted(path)} = ${time}`,
          body: (valid) => json(setAt(valid, path, time)),
          refuse: { statuses: BAD_BODY, field: dotted(path) },
        })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(pick(dates), pick(ODD_TIMES)).map<Mutation>(([{ path }, time]) => ({
          kind: 'odd time',
          detail: `${dotted(path)} = ${time}`,
          body: (valid) => json(setAt(valid, path, time)),
        })),
      },
    );
  if (window)
    arbitraries.push({
      weight: 2,
      arbitrary: fc.constantFrom('swapped', 'equal').map<Mutation>((how) => ({
        kind: 'end not after start',
        detail: how,
        body: (valid) => {
          const { startsAt, endsAt } = valid as Record<string, Json>;
          return json({ ...(valid as Record<string, Json>), startsAt: endsAt!, endsAt: how === 'equal' ? endsAt! : startsAt! });
        },
        refuse: {},
      })),
    });
  if (references.length)
    arbitraries.push({
      weight: 2,
      arbitrary: fc.tuple(pick(references), fc.stringMatching(/^nope-[a-z0-9]{1,8}$/)).map<Mutation>(([{ path }, id]) => ({
        kind: 'unknown id in the body',
        detail: `${dotted(path)} = ${id}`,
        body: (valid) => json(setAt(valid, path, id)),
        refuse: {},
      })),
    });
  if (urls.length)
    arbitraries.push({
      weight: 2,
      arbitrary: fc.tuple(pick(urls), pick([...UNSAFE_URLS])).map<Mutation>(([{ path }, url]) => ({
        kind: 'link with a scheme other than https:, mailto: or tel:, or with a user name',
        detail: `${dotted(path)} = ${url}`,
        body: (valid) => json(setAt(valid, path, url)),
        refuse: { statuses: BAD_BODY, field: dotted(path) },
      })),
    });
  if (dependsOn.length)
    arbitraries.push({
      weight: 2,
      arbitrary: pick(dependsOn).map<Mutation>(({ path }) => ({
        kind: 'duplicate dependsOn',
        detail: dotted(path),
        body: (valid) => {
          const list = getAt(valid, path) as Json[];
          return json(setAt(valid, path, [...list, list[0]!]));
        },
        // Refused by the domain (422) once the input is well formed, so after a vendor key's 403 on admin routes.
        refuse: { statuses: [400, 403, 422], field: dotted(path) },
      })),
    });
  return fc.oneof(...arbitraries);
}

/** Raw path segments no id has: %-escaped NUL, overlong NUL, an encoded surrogate, invalid UTF-8, malformed escapes, too long. */
export const POISON_SEGMENTS = [
  '%00',
  'x%00',
  '%00x',
  '%C0%80',
  '%ED%A0%80',
  '%ED%BF%BF',
  '%FF',
  '%C3',
  '%E2%80%AE',
  '%',
  '%zz',
  '%2',
  '%2F',
  '%20',
  '%0A',
  '%0D%0Ax',
  '\u00ff',
  '..',
  '%2e%2e',
  'x'.repeat(101),
  'x'.repeat(2000),
  '00000000-0000-0000-0000-000000000000',
  'nope',
];

const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * Mutations of a route's `:id`: poison or an id that does not exist, any 4xx. On a route that
 * creates what it names (`PUT /vendors/:id`), an id that is a valid slug may be accepted.
 *
 * @example
 * fc.sample(idMutations(), 1)[0].id; // e.g. '%00'
 */
export function idMutations({ createsAtId = false } = {}): fc.Arbitrary<Mutation> {
  const refuse = (id: string) => (createsAtId && SLUG.test(id) ? {} : { refuse: {} });
  return fc.oneof(
    fc.constantFrom(...POISON_SEGMENTS).map<Mutation>((id) => ({ kind: 'poisoned :id', detail: id.slice(0, 40), id, ...refuse(id) })),
    fc.uuid().map<Mutation>((id) => ({ kind: 'unknown :id', detail: id, id, ...refuse(id) })),
  );
}

/** One parameter of a query: its name and a valid value. */
export interface QueryParam {
  name: string;
  valid: string;
}

/** Raw query values that no parameter takes (NUL, overlong NUL, an encoded surrogate, invalid UTF-8). */
const POISON_QUERY_VALUES = ['%00', 'a%00', '%00a', '%C0%80', '%ED%A0%80', '%FF', '%C3', '%1B', '%7F', '%C2%85'];
/** Values that are wrong for most parameters but may be fine for some (free text such as audit `actor`). */
const ODD_QUERY_VALUES = [
  '',
  '+',
  '%20',
  '%E2%80%AE',
  '%',
  '%zz',
  '-1',
  '0',
  '101',
  '1.5',
  '1e3',
  'NaN',
  'Infinity',
  '0x10',
  '9007199254740993',
  'ky,',
  ',ky',
  'ky,,ksd',
  'KY',
  'nope',
  'x'.repeat(3000),
  // Component lists: one id past the most a list may name, and one id repeated 2,000 times.
  Array.from({ length: 201 }, (_, i) => `c${i}`).join(','),
  `${'ky,'.repeat(2000)}ky`,
];

/**
 * Mutations of a query string built from `params` (all present in the valid query): poisoned and odd
 * values, repeated parameters, unknown ones (`strict`: a 400 naming it), raw junk.
 *
 * @example
 * fc.sample(queryMutations([{ name: 'state', valid: 'recent' }], false), 1)[0].query;
 */
export function queryMutations(params: readonly QueryParam[], strict: boolean): fc.Arbitrary<Mutation> {
  const valid = params.map((p) => `${p.name}=${p.valid}`);
  const replace = (name: string, value: string) => params.map((p) => `${p.name}=${p.name === name ? value : p.valid}`).join('&');
  const arbitraries: Array<fc.WeightedArbitrary<Mutation>> = [
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'valid query', detail: valid.join('&'), query: valid.join('&') }) },
    {
      weight: 2,
      arbitrary: fc.uniqueArray(fc.constantFrom(...params), { minLength: 0, maxLength: params.length }).map<Mutation>((some) => ({
        kind: 'valid query (some parameters)',
        detail: some.map((p) => p.name).join(','),
        query: some.map((p) => `${p.name}=${p.valid}`).join('&'),
      })),
    },
    {
      weight: 4,
      arbitrary: fc.tuple(fc.constantFrom(...params), fc.constantFrom(...POISON_QUERY_VALUES)).map<Mutation>(([param, value]) => ({
        kind: 'poisoned query value',
        detail: `${param.name}=${value}`,
        query: replace(param.name, value),
        refuse: { statuses: [400], field: param.name },
      })),
    },
    {
      // A byte above 0x7f in the request line (node:http writes it as latin1) is not HTTP: any 4xx problem.
      weight: 1,
      arbitrary: fc.constantFrom(...params).map<Mutation>((param) => ({
        kind: 'raw byte in the request line',
        detail: `${param.name}=\\xff`,
        query: replace(param.name, '\u00ff'),
        refuse: {},
      })),
    },
    {
      weight: 3,
      arbitrary: fc.tuple(fc.constantFrom(...params), fc.constantFrom(...ODD_QUERY_VALUES)).map<Mutation>(([param, value]) => ({
        kind: 'odd query value',
        detail: `${param.name}=${value.slice(0, 30)}`,
        query: replace(param.name, value),
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...params).map<Mutation>((param) => ({
        kind: 'repeated parameter',
        detail: param.name,
        query: `${valid.join('&')}&${param.name}=${param.valid}`,
        refuse: { statuses: [400], field: param.name },
      })),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom('x_', 'limit_', '__proto__', 'constructor', 'toString', 'a[b]', 'a.b').map<Mutation>((name) => ({
        kind: 'unknown parameter',
        detail: name,
        query: `${valid.join('&')}&${name}=1`,
        ...(strict && /^\w+$/.test(name) && !name.startsWith('__') ? { refuse: { statuses: [400], field: name } } : {}),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('&&&', '=', '=1', '%', 'a=%', '&=&', ';', '%00=1', '%FF=1', `a=${'b'.repeat(20_000)}`)
        .map<Mutation>((raw) => ({
          kind: 'raw query junk',
          detail: raw.slice(0, 30),
          query: raw,
        })),
    },
  ];
  return fc.oneof(...arbitraries);
}
