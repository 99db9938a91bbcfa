import fc from 'fast-check';
import { ProblemSchema, type Problem } from '@kdi-status/sdk';
import type { RawRequest, RawResponse } from './fuzz-http.js';
import type { Mutation, Refusal } from './fuzz-mutations.js';
import { sameState, type FuzzKeys, type FuzzServer } from './fuzz-server.js';

/** The seed of every run (printed; `FUZZ_SEED=<n>` replays one), and the cases per route (`FUZZ_RUNS`). */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261126);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 60);

/**
 * What is wrong with an answer, as labels that group alike failures (empty: nothing). Every 5xx
 * is wrong; every 4xx must be a problem document with a `code`, a 400 with `errors` naming a
 * field; and a case that must be refused must be, with its status and naming its field.
 *
 * @example
 * judge({ status: 500, headers: {}, body: '' }, 'GET', { kind: 'valid', detail: '' }); // ['5xx', …]
 */
export function judge(res: RawResponse, method: string, refuse: Refusal | undefined): string[] {
  const wrong: string[] = [];
  if (res.status >= 500) wrong.push('5xx');
  let problem: Problem | undefined;
  if (res.status >= 400 && method !== 'HEAD') {
    const type = String(res.headers['content-type'] ?? '');
    if (!type.startsWith('application/problem+json')) wrong.push(`4xx/5xx not problem+json (${type || 'no type'})`);
    else {
      const parsed = ProblemSchema.safeParse(parseJson(res.body));
      if (!parsed.success) wrong.push('not a problem document');
      else {
        problem = parsed.data;
        if (problem.status !== res.status) wrong.push('problem status is not the HTTP status');
        if (!problem.code) wrong.push('problem without code');
        if (res.status === 400 && !(problem.errors?.length && problem.errors.every((e) => e.field)))
          wrong.push('400 without errors naming a field');
      }
    }
  }
  if (refuse) {
    if (res.status < 400) wrong.push(`accepted (${res.status}), must be refused`);
    else if (refuse.statuses && !refuse.statuses.includes(res.status)) wrong.push(`${res.status}, must be ${refuse.statuses.join(' or ')}`);
    // An input error names its field; a refusal of the key (403) has none to name.
    else if (refuse.field && problem && res.status !== 403 && !names(problem, refuse.field)) wrong.push('refused without naming the field');
  }
  return wrong;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The problem's `errors` name `field` or something inside it. */
const names = (problem: Problem, field: string) => (problem.errors ?? []).some((e) => e.field === field || e.field.startsWith(`${field}.`));

export interface FuzzCase {
  role: keyof FuzzKeys | null;
  mutation: Mutation;
}

/** One distinct failure: its label, how often, and the first case that showed it. */
export interface Failure {
  label: string;
  count: number;
  example: string;
}

export interface FuzzReport {
  cases: number;
  /** Cases answered 2xx (mutations that were still valid, and the valid requests). */
  accepted: number;
  /** Cases per kind of mutation. */
  kinds: Map<string, number>;
  failures: Map<string, Failure>;
}

export interface FuzzOptions {
  cases: fc.Arbitrary<FuzzCase>;
  /** Builds the request of a case; `n` is unique per case. */
  request: (c: FuzzCase, n: number) => RawRequest;
  /** Sends it (default: the keep-alive client). */
  send?: (req: RawRequest) => Promise<RawResponse>;
  /** A read: even accepted cases must not change the state. */
  readOnly?: boolean;
  seed: number;
  numRuns: number;
}

let counter = 0;

/** Refused cases checked by one export at most: a change is pinned to one of this many. */
const EXPORT_EVERY = 8;

/**
 * Runs `numRuns` generated cases against a live server and judges each answer. The store must not
 * change for a refused (or read-only) case: after each one the event log must not have moved (one
 * indexed read), and the whole export is compared with the one before them at most
 * `EXPORT_EVERY` cases later, and always before a case that may be accepted (whose change would
 * hide theirs), so every change is pinned to a few refused cases. Failures are collected, not
 * thrown, so one run lists every distinct kind; the caller asserts there are none.
 *
 * @example
 * const report = await fuzz(server, { cases, request, seed: FUZZ_SEED, numRuns: 60 });
 * assert.equal(report.failures.size, 0, describeFailures(report));
 */
export async function fuzz(server: FuzzServer, options: FuzzOptions): Promise<FuzzReport> {
  const report: FuzzReport = { cases: 0, accepted: 0, kinds: new Map(), failures: new Map() };
  const send = options.send ?? server.send;
  const fail = (c: FuzzCase, label: string, example: string, res?: RawResponse) => {
    const key = `${c.mutation.kind} → ${label}${res ? ` [${res.status} ${codeOf(res)}]` : ''}`;
    const known = report.failures.get(key);
    if (known) known.count += 1;
    else report.failures.set(key, { label: key, count: 1, example });
  };
  const describe = (c: FuzzCase, req: RawRequest, res?: RawResponse) =>
    `${c.role ?? 'no key'}: ${req.method} ${req.path.slice(0, 160)} (${c.mutation.detail}) → ${res ? `${res.status} ${res.body.slice(0, 300)}` : 'no answer'}`;

  let baseline = await server.fingerprint();
  /** Refused cases since the last export, the store unchanged by them as far as the event log shows. */
  let unchecked: Array<{ c: FuzzCase; req: RawRequest; res: RawResponse }> = [];
  const checkExport = async () => {
    if (!unchecked.length) return;
    const now = await server.fingerprint();
    if (!sameState(baseline, now)) {
      const first = unchecked[0]!;
      const cases = unchecked.map((u) => `${u.c.mutation.kind} (${u.c.mutation.detail})`).join('; ');
      fail(first.c, `the export changed over ${unchecked.length} refused cases`, `one of: ${cases}`);
    }
    baseline = now;
    unchecked = [];
  };

  await fc.assert(
    fc.asyncProperty(options.cases, async (c) => {
      const req = options.request(c, ++counter);
      report.cases += 1;
      report.kinds.set(c.mutation.kind, (report.kinds.get(c.mutation.kind) ?? 0) + 1);
      if (!c.mutation.refuse && !options.readOnly) await checkExport();
      let res: RawResponse;
      try {
        res = await send(req);
      } catch (error) {
        fail(c, `no answer: ${(error as Error).message.slice(0, 80)}`, describe(c, req));
        return true;
      }
      for (const label of judge(res, req.method, c.mutation.refuse)) fail(c, label, describe(c, req, res), res);
      if (res.status < 300) report.accepted += 1;
      if (res.status >= 400 || options.readOnly) {
        if (await server.movedSince(baseline.sequence)) {
          fail(c, res.status >= 400 ? 'a refused request appended an event' : 'a read appended an event', describe(c, req, res), res);
          baseline = await server.fingerprint();
        } else unchecked.push({ c, req, res });
        if (unchecked.length >= EXPORT_EVERY) await checkExport();
      } else {
        // Accepted: what the state is now is the new baseline. Refused cases still unchecked keep
        // only their event-log check: this one's change would hide theirs. (Only a case that had
        // to be refused, and is reported for that, gets here with any: the rest flush first.)
        unchecked = [];
        baseline = await server.fingerprint();
      }
      return true;
    }),
    { seed: options.seed, numRuns: options.numRuns },
  );
  await checkExport();
  return report;
}

const codeOf = (res: RawResponse) => (parseJson(res.body) as { code?: string } | undefined)?.code ?? '';

/**
 * The report as lines: the cases per kind, then each distinct failure with its first example.
 *
 * @example
 * t.diagnostic(casesLine(report));
 */
export const casesLine = (report: FuzzReport): string =>
  `${report.cases} cases (${report.accepted} accepted): ${[...report.kinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}`;

export const describeFailures = (report: FuzzReport): string =>
  [...report.failures.values()].map((f) => `  ${f.label} ×${f.count}\n    e.g. ${f.example}`).join('\n');
