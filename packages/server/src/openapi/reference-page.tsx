/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { Lang } from '@kdi-status/sdk';
import { Layout, pathIn } from '../site/layout.js';
import type { ApiTag } from './api-route.js';
import type { OpenApiDocument, OpenApiOperation } from './openapi-document.js';
import { PROBLEM_CODES, problemPath } from './problem-codes.js';
import { referenceMessagesFor, type ReferenceMessages } from './reference-messages.js';
import { schemaFields } from './schema-fields.js';
import { typeInWords } from './schema-fields.js';

/** Where the API reference is served. */
export const REFERENCE_PATH = '/api';

interface Operation {
  method: string;
  path: string;
  operation: OpenApiOperation;
}

/** The document's operations, in its order, grouped by their tag. */
function operationsByTag(document: OpenApiDocument): Map<ApiTag, Operation[]> {
  const byTag = new Map<ApiTag, Operation[]>(document.tags.map((t) => [t.name, []]));
  for (const [path, operations] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(operations))
      byTag.get(operation.tags[0]!)!.push({ method: method.toUpperCase(), path, operation });
  return byTag;
}

const anchor = (operation: OpenApiOperation) => `op-${operation.operationId}`;

/** Text with `backticked` parts shown as code (each part escaped by preact, like all text). */
function Prose({ text }: { text: string }) {
  return <>{text.split('`').map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function Parameters({ operation, t }: { operation: OpenApiOperation; t: ReferenceMessages }) {
  if (!operation.parameters?.length) return null;
  return (
    <>
      <h4>{t.parameters}</h4>
      <table class="api-table">
        <thead>
          <tr>
            <th scope="col">{t.name}</th>
            <th scope="col">{t.where}</th>
            <th scope="col">{t.required}</th>
            <th scope="col">{t.type}</th>
          </tr>
        </thead>
        <tbody>
          {operation.parameters.map((p) => (
            <tr key={`${p.in}-${p.name}`}>
              <td>
                <code>{p.name}</code>
                {p.description ? (
                  <div class="meta" lang="en">
                    {p.description}
                  </div>
                ) : null}
              </td>
              <td>{p.in === 'path' ? t.inPath : p.in === 'header' ? t.inHeader : t.inQuery}</td>
              <td>{p.required ? t.yes : t.no}</td>
              <td>
                <code>{typeInWords(p.schema)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Body({ operation, t }: { operation: OpenApiOperation; t: ReferenceMessages }) {
  const schema = operation.requestBody?.content['application/json'].schema;
  if (!schema) return null;
  const fields = schemaFields(schema);
  return (
    <>
      <h4>{t.body}</h4>
      <table class="api-table">
        <thead>
          <tr>
            <th scope="col">{t.field}</th>
            <th scope="col">{t.required}</th>
            <th scope="col">{t.type}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => (
            <tr key={f.field}>
              <td>
                <code>{f.field}</code>
                {f.description ? (
                  <div class="meta" lang="en">
                    {f.description}
                  </div>
                ) : null}
              </td>
              <td>{f.required ? t.yes : t.no}</td>
              <td>
                <code>{f.type}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Answers({ operation, t, lang }: { operation: OpenApiOperation; t: ReferenceMessages; lang: Lang }) {
  const entries = Object.entries(operation.responses);
  const success = entries.filter(([, r]) => !r['x-problem-codes']);
  const problems = entries.flatMap(([status, r]) => (r['x-problem-codes'] ?? []).map((code) => ({ status, code })));
  return (
    <>
      <h4>{t.responses}</h4>
      <ul>
        {success.map(([status, r]) => {
          const [type, media] = Object.entries(r.content ?? {})[0] ?? [];
          const schema = media?.schema.$ref ? String(media.schema.$ref).split('/').at(-1) : undefined;
          return (
            <li key={status}>
              <code>{status}</code> <span lang="en">{r.description}</span>
              {type ? (
                <>
                  {' '}
                  <code>{type}</code>
                </>
              ) : null}
              {schema ? (
                <>
                  {': '}
                  <code>{schema}</code>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
      {problems.length ? (
        <>
          <h4>{t.problemCodes}</h4>
          <ul class="problem-codes">
            {problems.map(({ status, code }) => (
              <li key={code}>
                <code>{status}</code> <a href={pathIn(problemPath(code), lang)}>{code}</a>: {PROBLEM_CODES[code]?.[lang].title ?? ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export interface ReferencePageProps {
  document: OpenApiDocument;
  lang: Lang;
}

/**
 * `/api`: the API reference, rendered on the server from the OpenAPI document: per group, each
 * operation with its method, path, summary, parameters, body fields, answers and problem codes.
 *
 * @example
 * renderPage(<ReferencePage document={buildOpenApiDocument(API_ROUTES)} lang="da" />);
 */
export function ReferencePage({ document, lang }: ReferencePageProps) {
  const t = referenceMessagesFor(lang);
  const groups = [...operationsByTag(document)];
  return (
    <Layout lang={lang} path={REFERENCE_PATH} title={t.referenceTitle}>
      <p>
        {t.referenceIntro} <a href="/api/openapi.json">{t.documentLink}</a>.
      </p>
      <p>
        {t.problemsIntro} <a href={pathIn('/problems', lang)}>{t.allProblems}</a>.
      </p>
      <nav aria-labelledby="api-contents">
        <h2 id="api-contents">{t.contents}</h2>
        <ul>
          {groups.map(([tag, operations]) => (
            <li key={tag}>
              <a href={`#tag-${tag}`}>{t.tags[tag]}</a>
              <ul>
                {operations.map(({ method, path, operation }) => (
                  <li key={anchor(operation)}>
                    <a href={`#${anchor(operation)}`}>
                      <code>{method}</code> <code>{path}</code>
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map(([tag, operations]) => (
        <section key={tag} aria-labelledby={`tag-${tag}`}>
          <h2 id={`tag-${tag}`}>{t.tags[tag]}</h2>
          <p>{t.tagText[tag]}</p>
          {operations.map(({ method, path, operation }) => (
            <section key={anchor(operation)} class="card operation" aria-labelledby={anchor(operation)}>
              <h3 id={anchor(operation)}>
                <code class="method">{method}</code> <code class="api-path">{path}</code>
              </h3>
              <p lang="en">{operation.summary}</p>
              {operation.description ? (
                <p lang="en" class="meta">
                  <Prose text={operation.description} />
                </p>
              ) : null}
              <p class="meta">{operation.security ? t.needsKey : t.noKey}</p>
              <Parameters operation={operation} t={t} />
              <Body operation={operation} t={t} />
              <Answers operation={operation} t={t} lang={lang} />
            </section>
          ))}
        </section>
      ))}
    </Layout>
  );
}
