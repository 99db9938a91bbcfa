/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout, pathIn } from '../site/layout.js';
import { PROBLEM_CODES, problemPath } from './problem-codes.js';
import { referenceMessagesFor } from './reference-messages.js';
import { REFERENCE_PATH } from './reference-page.js';

/** Where the list of every problem code is served. */
export const PROBLEMS_PATH = '/problems';

/**
 * `/problems/<code>`: what one problem code means, which part of the request it is about, and
 * what to do (the problem document's `type` points here).
 *
 * @example
 * renderPage(<ProblemPage code="component_not_found" lang="da" />);
 */
export function ProblemPage({ code, lang }: { code: string; lang: Lang }) {
  const t = referenceMessagesFor(lang);
  const row = PROBLEM_CODES[code]!;
  const text = row[lang];
  return (
    <Layout lang={lang} path={problemPath(code)} title={text.title}>
      <dl class="contact">
        <dt>{t.code}</dt>
        <dd>
          <code>{code}</code>
        </dd>
        <dt>{t.httpStatus}</dt>
        <dd>{row.status}</dd>
      </dl>
      <h2>{t.meaning}</h2>
      <p>{text.meaning}</p>
      <h2>{t.part}</h2>
      <p>{text.part}</p>
      <h2>{t.fix}</h2>
      <p>{text.fix}</p>
      {/* Only a refusal of the request itself names fields; a limit or an outage (429, 503) does not. */}
      {row.status === 400 || row.status === 422 ? <p class="meta">{t.errorsNote}</p> : null}
      <p>
        <a href={pathIn(PROBLEMS_PATH, lang)}>{t.allProblems}</a> · <a href={pathIn(REFERENCE_PATH, lang)}>{t.reference}</a>
      </p>
    </Layout>
  );
}

/**
 * `/problems`: every problem code, by status, each linking to its page.
 *
 * @example
 * renderPage(<ProblemIndexPage lang="en" />);
 */
export function ProblemIndexPage({ lang }: { lang: Lang }) {
  const t = referenceMessagesFor(lang);
  const codes = Object.entries(PROBLEM_CODES).sort(([a, x], [b, y]) => x.status - y.status || a.localeCompare(b));
  return (
    <Layout lang={lang} path={PROBLEMS_PATH} title={t.problemTitle}>
      <p>{t.problemIndexIntro}</p>
      <table class="api-table">
        <thead>
          <tr>
            <th scope="col">{t.code}</th>
            <th scope="col">{t.httpStatus}</th>
            <th scope="col">{t.meaning}</th>
          </tr>
        </thead>
        <tbody>
          {codes.map(([code, row]) => (
            <tr key={code}>
              <td>
                <a href={pathIn(problemPath(code), lang)}>
                  <code>{code}</code>
                </a>
              </td>
              <td>{row.status}</td>
              <td>{row[lang].title}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        <a href={pathIn(REFERENCE_PATH, lang)}>{t.reference}</a>
      </p>
    </Layout>
  );
}
