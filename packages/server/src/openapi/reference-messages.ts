import type { Lang } from '@kdi-status/sdk';
import type { ApiTag } from './api-route.js';

/** The words of the API reference and the problem pages, Danish (default) and English. */
const MESSAGES = {
  da: {
    referenceTitle: 'API-reference',
    referenceIntro:
      'Alle ruter i serverens API med parametre, felter, svar og problemkoder. Siden er lavet af det samme OpenAPI 3.1-dokument, som værktøjer kan hente:',
    documentLink: 'OpenAPI-dokumentet (JSON)',
    problemsIntro:
      'Alle fejlsvar (4xx og 5xx) er application/problem+json (RFC 9457) med en fast code; dens type er en side her på serveren, der forklarer koden.',
    allProblems: 'Alle problemkoder',
    contents: 'Indhold',
    operationsIn: 'Ruter i',
    tags: {
      public: 'Offentligt API (v1)',
      admin: 'Admin-API (v1)',
      statuspage: 'Statuspage v2-API',
      meta: 'Serveren',
    } satisfies Record<ApiTag, string>,
    tagText: {
      public: 'Læses af alle, fra alle oprindelser (CORS), uden nøgle.',
      admin:
        'Kræver en API-nøgle i hver forespørgsel (Authorization: Bearer <nøgle>); en leverandørnøgle ændrer kun leverandørens egne komponenter.',
      statuspage: 'Det udbredte Statuspage v2-format, så værktøjer, der læser statussider, virker uændret (ADR 0013).',
      meta: 'Serverens egne ruter.',
    } satisfies Record<ApiTag, string>,
    needsKey: 'Kræver API-nøgle (Bearer).',
    noKey: 'Ingen nøgle.',
    parameters: 'Parametre',
    name: 'Navn',
    where: 'Hvor',
    required: 'Påkrævet',
    type: 'Type',
    description: 'Beskrivelse',
    yes: 'ja',
    no: 'nej',
    inPath: 'sti',
    inQuery: 'forespørgsel',
    inHeader: 'header',
    body: 'Felter i kroppen (JSON)',
    field: 'Felt',
    responses: 'Svar',
    status: 'Status',
    problemCodes: 'Problemkoder',
    // The problem pages.
    problemTitle: 'Problemkoder',
    problemIndexIntro: 'Koderne, serveren svarer med i feltet code, når den afviser en forespørgsel eller fejler.',
    code: 'Kode',
    httpStatus: 'HTTP-status',
    meaning: 'Hvad betyder det?',
    part: 'Hvilken del af forespørgslen?',
    fix: 'Hvad gør du?',
    errorsNote: 'Afvist input har også errors[]: hvert felt (eller parameter), der er galt, og hvad der er galt med det.',
    reference: 'API-reference',
  },
  en: {
    referenceTitle: 'API reference',
    referenceIntro:
      'Every route of the server’s API with its parameters, fields, answers and problem codes. The page is made from the same OpenAPI 3.1 document tools can read:',
    documentLink: 'the OpenAPI document (JSON)',
    problemsIntro:
      'Every error answer (4xx and 5xx) is application/problem+json (RFC 9457) with a stable code; its type is a page on this server explaining the code.',
    allProblems: 'All problem codes',
    contents: 'Contents',
    operationsIn: 'Routes in',
    tags: {
      public: 'Public API (v1)',
      admin: 'Admin API (v1)',
      statuspage: 'Statuspage v2 API',
      meta: 'The server',
    } satisfies Record<ApiTag, string>,
    tagText: {
      public: 'Read by anyone, from any origin (CORS), without a key.',
      admin: 'Needs an API key on every request (Authorization: Bearer <key>); a vendor key changes only its vendor’s components.',
      statuspage: 'The widespread Statuspage v2 format, so tools that read status pages work unchanged (ADR 0013).',
      meta: 'The server’s own routes.',
    } satisfies Record<ApiTag, string>,
    needsKey: 'Needs an API key (Bearer).',
    noKey: 'No key.',
    parameters: 'Parameters',
    name: 'Name',
    where: 'In',
    required: 'Required',
    type: 'Type',
    description: 'Description',
    yes: 'yes',
    no: 'no',
    inPath: 'path',
    inQuery: 'query',
    inHeader: 'header',
    body: 'Body fields (JSON)',
    field: 'Field',
    responses: 'Answers',
    status: 'Status',
    problemCodes: 'Problem codes',
    problemTitle: 'Problem codes',
    problemIndexIntro: 'The codes the server answers with in the field code when it refuses a request or fails.',
    code: 'Code',
    httpStatus: 'HTTP status',
    meaning: 'What does it mean?',
    part: 'Which part of the request?',
    fix: 'What to do',
    errorsNote: 'Refused input also has errors[]: each field (or parameter) at fault and what is wrong with it.',
    reference: 'API reference',
  },
} as const satisfies Record<Lang, unknown>;

/** One language's words of the reference and problem pages. */
export type ReferenceMessages = (typeof MESSAGES)['da'] | (typeof MESSAGES)['en'];

/**
 * The reference and problem pages' words in `lang`.
 *
 * @example
 * referenceMessagesFor('da').referenceTitle; // 'API-reference'
 */
export function referenceMessagesFor(lang: Lang): ReferenceMessages {
  return MESSAGES[lang];
}
