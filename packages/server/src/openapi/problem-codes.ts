/**
 * What every problem `code` the server can answer with means, in Danish and English: the page
 * `/problems/<code>` (the problem document's `type`) and the API reference are made from it. A
 * test finds every code in the server's sources and fails on one without a row here.
 */

/** One language's explanation of a code. */
export interface ProblemText {
  /** A short name of the problem (the page's heading). */
  title: string;
  /** What happened. */
  meaning: string;
  /** Which part of the request is at fault (a field, a header, the path, the server). */
  part: string;
  /** What the client should do about it. */
  fix: string;
}

/** One code: the HTTP status it comes with and its explanation in both languages. */
export interface ProblemCode {
  status: number;
  da: ProblemText;
  en: ProblemText;
}

type Text = [title: string, meaning: string, part: string, fix: string];
const row = (status: number, da: Text, en: Text): ProblemCode => {
  const text = ([title, meaning, part, fix]: Text): ProblemText => ({ title, meaning, part, fix });
  return { status, da: text(da), en: text(en) };
};

const BODY_DA = 'Forespørgslens krop (feltet står i errors[].field).';
const BODY_EN = 'The request body (errors[].field names the field).';
const AUTH_DA = 'Headeren Authorization.';
const AUTH_EN = 'The Authorization header.';
const SERVER_DA = 'Serveren, ikke forespørgslen.';
const SERVER_EN = 'The server, not the request.';

/**
 * Every problem code, by code. Keys are the `code` of the problem document; the page's URL uses
 * the code with `-` for `_` (`/problems/component-not-found`).
 *
 * @example
 * PROBLEM_CODES.component_not_found.status; // 404
 * PROBLEM_CODES.component_not_found.en.fix; // 'Check the id: GET /api/v1/components lists them.'
 */
export const PROBLEM_CODES: Readonly<Record<string, ProblemCode>> = {
  // —— the request's shape (400) ——
  invalid_body: row(
    400,
    [
      'Ugyldig krop',
      'Kroppen har ikke den form, ruten tager: et felt mangler, er ukendt eller har forkert type eller længde.',
      BODY_DA,
      'Ret de felter, errors[] nævner, og send igen. API-referencen viser hver rutes felter.',
    ],
    [
      'Invalid body',
      'The body does not have the shape the route takes: a field is missing, unknown, or of the wrong type or length.',
      BODY_EN,
      'Fix the fields errors[] names and send again. The API reference lists each route’s fields.',
    ],
  ),
  invalid_json: row(
    400,
    [
      'Ikke JSON',
      'Kroppen kan ikke læses som JSON.',
      'Forespørgslens krop.',
      'Send gyldig JSON i UTF-8 med Content-Type: application/json.',
    ],
    [
      'Not JSON',
      'The body cannot be parsed as JSON.',
      'The request body.',
      'Send valid JSON in UTF-8 with Content-Type: application/json.',
    ],
  ),
  empty_body: row(
    400,
    [
      'Tom krop',
      'Forespørgslen siger, den har en JSON-krop, men kroppen er tom.',
      'Forespørgslens krop.',
      'Send en JSON-krop, eller {} for ruter uden felter, eller udelad Content-Type.',
    ],
    [
      'Empty body',
      'The request says it carries a JSON body, but the body is empty.',
      'The request body.',
      'Send a JSON body, or {} for routes without fields, or leave out Content-Type.',
    ],
  ),
  invalid_encoding: row(
    400,
    [
      'Ugyldige tegn',
      'Kroppen er ikke gyldig UTF-8, eller en tekst har kontroltegn, retningsstyrende tegn (U+202A–U+202E) eller et halvt surrogatpar.',
      BODY_DA,
      'Send tekst i UTF-8 uden kontroltegn (tabulator og linjeskift er tilladt).',
    ],
    [
      'Invalid characters',
      'The body is not valid UTF-8, or a string holds control characters, bidi embeddings or overrides (U+202A–U+202E) or half a surrogate pair.',
      BODY_EN,
      'Send UTF-8 text without control characters (tab and line breaks are fine).',
    ],
  ),
  invalid_query: row(
    400,
    [
      'Ugyldig forespørgselsparameter',
      'En parameter i URL’ens forespørgsel er ukendt, gentaget eller har en værdi, ruten ikke tager.',
      'URL’ens forespørgsel (parameteren står i errors[].field).',
      'Ret eller fjern den parameter, errors[] nævner.',
    ],
    [
      'Invalid query parameter',
      'A parameter of the URL’s query is unknown, repeated or has a value the route does not take.',
      'The URL’s query (errors[].field names the parameter).',
      'Fix or remove the parameter errors[] names.',
    ],
  ),
  invalid_path: row(
    400,
    [
      'Ugyldigt id i stien',
      'Et id i stien har ikke den form, ruten tager (en komponents id er små bogstaver, tal og bindestreg).',
      'Stien.',
      'Ret id’et i URL’en.',
    ],
    [
      'Invalid id in the path',
      'An id in the path does not have the form the route takes (a component id is lower-case letters, digits and hyphens).',
      'The path.',
      'Fix the id in the URL.',
    ],
  ),
  invalid_header: row(
    400,
    [
      'Ugyldig header',
      'En header har en værdi, serveren ikke tager (Last-Event-ID skal være et sekvensnummer, Idempotency-Key 1–200 synlige ASCII-tegn).',
      'Den header, errors[].field nævner.',
      'Ret headerens værdi, eller udelad den.',
    ],
    [
      'Invalid header',
      'A header has a value the server does not take (Last-Event-ID must be a sequence number, Idempotency-Key 1 to 200 visible ASCII characters).',
      'The header errors[].field names.',
      'Fix the header’s value, or leave it out.',
    ],
  ),
  invalid_host: row(
    400,
    [
      'Ugyldig Host',
      'Headeren Host er ikke et værtsnavn eller en adresse, så serveren kan ikke lave links ud fra den (feeds, kalendere, v2-API’et).',
      'Headeren Host.',
      'Send et gyldigt værtsnavn, eventuelt med port; den, der driver serveren, kan sætte PUBLIC_URL.',
    ],
    [
      'Invalid Host',
      'The Host header is not a host name or address, so the server cannot make links from it (feeds, calendars, the v2 API).',
      'The Host header.',
      'Send a valid host name, with an optional port; whoever runs the server can set PUBLIC_URL.',
    ],
  ),
  invalid_content_length: row(
    400,
    [
      'Forkert Content-Length',
      'Content-Length passer ikke med kroppen.',
      'Headeren Content-Length.',
      'Lad HTTP-klienten sætte Content-Length.',
    ],
    [
      'Wrong Content-Length',
      'Content-Length does not match the body.',
      'The Content-Length header.',
      'Let the HTTP client set Content-Length.',
    ],
  ),
  invalid_url: row(
    400,
    [
      'Ugyldig URL',
      'URL’en kan ikke afkodes (for eksempel en procent-kode, der ikke er UTF-8).',
      'Stien.',
      'Procent-kod URL’en korrekt (encodeURIComponent).',
    ],
    [
      'Invalid URL',
      'The URL cannot be decoded (a percent escape that is not UTF-8, for example).',
      'The path.',
      'Percent-encode the URL correctly (encodeURIComponent).',
    ],
  ),
  malformed_request: row(
    400,
    [
      'Ikke HTTP/1.1',
      'Det modtagne er ikke en gyldig HTTP/1.1-forespørgsel; forbindelsen lukkes.',
      'Hele forespørgslen.',
      'Brug en almindelig HTTP-klient.',
    ],
    [
      'Not HTTP/1.1',
      'What arrived is not a valid HTTP/1.1 request; the connection is closed.',
      'The whole request.',
      'Use an ordinary HTTP client.',
    ],
  ),
  invalid_key: row(
    400,
    [
      'Ugyldig nøgle',
      'En API-nøgle kan ikke laves med de oplysninger (rolle, leverandør eller udløb).',
      'Nøglens felter (errors[]).',
      'Ret de felter, errors[] nævner.',
    ],
    [
      'Invalid key',
      'An API key cannot be made from these details (role, vendor or expiry).',
      'The key’s fields (errors[]).',
      'Fix the fields errors[] names.',
    ],
  ),
  // —— who is asking (401, 403) ——
  missing_credentials: row(
    401,
    ['Ingen API-nøgle', 'Admin-API’et kræver en API-nøgle, og forespørgslen har ingen.', AUTH_DA, 'Send "Authorization: Bearer <nøgle>".'],
    ['No API key', 'The admin API needs an API key, and the request has none.', AUTH_EN, 'Send "Authorization: Bearer <key>".'],
  ),
  invalid_credentials: row(
    401,
    [
      'Ugyldig API-nøgle',
      'Nøglen findes ikke, passer ikke, eller headeren har ikke formen Bearer <nøgle>.',
      AUTH_DA,
      'Kontrollér nøglen; bed om en ny hos den, der driver serveren.',
    ],
    [
      'Invalid API key',
      'The key does not exist or does not match, or the header is not of the form Bearer <key>.',
      AUTH_EN,
      'Check the key; ask whoever runs the server for a new one.',
    ],
  ),
  key_revoked: row(
    401,
    ['Nøglen er trukket tilbage', 'API-nøglen er trukket tilbage og kan ikke bruges mere.', AUTH_DA, 'Bed om en ny nøgle.'],
    ['Key revoked', 'The API key has been revoked and cannot be used any more.', AUTH_EN, 'Ask for a new key.'],
  ),
  key_expired: row(
    401,
    ['Nøglen er udløbet', 'API-nøglens udløbstid er passeret.', AUTH_DA, 'Bed om en ny nøgle.'],
    ['Key expired', 'The API key is past its expiry time.', AUTH_EN, 'Ask for a new key.'],
  ),
  admin_only: row(
    403,
    ['Kun for admin', 'Kun en admin-nøgle (KOMBIT) må dette, for eksempel læse revisionssporet.', 'Nøglens rolle.', 'Brug en admin-nøgle.'],
    ['Admin only', 'Only an admin key (KOMBIT) may do this, read the audit trail for example.', 'The key’s role.', 'Use an admin key.'],
  ),
  not_your_component: row(
    403,
    [
      'Ikke jeres komponent',
      'Nøglens leverandør ejer ikke komponenten; en leverandørnøgle må kun ændre egne komponenter.',
      'Komponenten i stien eller kroppen.',
      'Bed komponentens ejer eller KOMBIT om ændringen.',
    ],
    [
      'Not your component',
      'The key’s vendor does not own the component; a vendor key may change only its own components.',
      'The component in the path or body.',
      'Ask the component’s owner or KOMBIT to make the change.',
    ],
  ),
  not_your_incident: row(
    403,
    [
      'Ikke jeres driftsmeddelelse',
      'Driftsmeddelelsen er en anden leverandørs ansvar.',
      'Driftsmeddelelsen i stien.',
      'Bed den ansvarlige leverandør eller KOMBIT om ændringen.',
    ],
    [
      'Not your incident',
      'The incident is another vendor’s responsibility.',
      'The incident in the path.',
      'Ask the responsible vendor or KOMBIT to make the change.',
    ],
  ),
  not_your_maintenance: row(
    403,
    [
      'Ikke jeres vedligeholdelse',
      'Det planlagte driftsvindue er en anden leverandørs ansvar.',
      'Driftsvinduet i stien.',
      'Bed den ansvarlige leverandør eller KOMBIT om ændringen.',
    ],
    [
      'Not your maintenance',
      'The maintenance window is another vendor’s responsibility.',
      'The window in the path.',
      'Ask the responsible vendor or KOMBIT to make the change.',
    ],
  ),
  not_your_vendor: row(
    403,
    [
      'Ikke jeres leverandør',
      'Nøglen handler for én leverandør, men kroppen nævner en anden.',
      'Feltet vendor.',
      'Udelad vendor, eller brug en admin-nøgle.',
    ],
    [
      'Not your vendor',
      'The key acts for one vendor, but the body names another.',
      'The vendor field.',
      'Leave out vendor, or use an admin key.',
    ],
  ),
  not_your_webhook: row(
    403,
    [
      'Ikke jeres webhook',
      'Webhook-endpointet er registreret af en anden leverandør.',
      'Endpointet i stien.',
      'Brug en nøgle fra den leverandør, der registrerede det, eller en admin-nøgle.',
    ],
    [
      'Not your webhook',
      'The webhook endpoint was registered by another vendor.',
      'The endpoint in the path.',
      'Use a key of the vendor that registered it, or an admin key.',
    ],
  ),
  not_upstream_vendor: row(
    403,
    [
      'Ikke jeres årsag',
      'Kun leverandøren af den driftsmeddelelse, der er angivet som årsag, kan gøre indsigelse mod kædelinket; KOMBIT afgør indsigelser i stedet for at rejse dem.',
      'Nøglen i headeren Authorization.',
      'Brug en nøgle fra årsagens leverandør, eller afgør indsigelsen som KOMBIT (POST …/caused-by/settle).',
    ],
    [
      'Not your cause',
      'Only the vendor of the incident named as the cause may dispute the link; KOMBIT settles disputes rather than raising them.',
      'The key in the Authorization header.',
      'Use a key of the cause’s vendor, or settle the dispute as KOMBIT (POST …/caused-by/settle).',
    ],
  ),
  // —— what is asked for (404) ——
  route_not_found: row(
    404,
    ['Ingen sådan rute', 'Ingen rute svarer på den metode og sti.', 'Metoden og stien.', 'Se API-referencen (/api) for ruterne.'],
    ['No such route', 'No route answers that method and path.', 'The method and path.', 'See the API reference (/api) for the routes.'],
  ),
  not_found: row(
    404,
    ['Findes ikke', 'Filen findes ikke.', 'Stien.', 'Kontrollér stien.'],
    ['Not found', 'The file does not exist.', 'The path.', 'Check the path.'],
  ),
  component_not_found: row(
    404,
    [
      'Ukendt komponent',
      'Ingen komponent har det id.',
      'Komponent-id’et i stien eller forespørgslen.',
      'Kontrollér id’et: GET /api/v1/components viser dem alle.',
    ],
    [
      'Unknown component',
      'No component has that id.',
      'The component id in the path or query.',
      'Check the id: GET /api/v1/components lists them.',
    ],
  ),
  incident_not_found: row(
    404,
    [
      'Ukendt driftsmeddelelse',
      'Ingen driftsmeddelelse har det id.',
      'Id’et i stien.',
      'Kontrollér id’et: GET /api/v1/incidents?state=recent viser de seneste.',
    ],
    [
      'Unknown incident',
      'No incident has that id.',
      'The id in the path.',
      'Check the id: GET /api/v1/incidents?state=recent lists the latest.',
    ],
  ),
  update_not_found: row(
    404,
    [
      'Ukendt opdatering',
      'Driftsmeddelelsen har ingen opdatering med det id.',
      'updateId i stien.',
      'Hent driftsmeddelelsen og brug et af dens opdaterings-id’er.',
    ],
    [
      'Unknown update',
      'The incident has no update with that id.',
      'The updateId in the path.',
      'Read the incident and use one of its update ids.',
    ],
  ),
  maintenance_not_found: row(
    404,
    [
      'Ukendt driftsvindue',
      'Intet planlagt driftsvindue har det id.',
      'Id’et i stien.',
      'Kontrollér id’et: GET /api/v1/maintenances?state=upcoming viser de planlagte.',
    ],
    [
      'Unknown maintenance',
      'No maintenance window has that id.',
      'The id in the path.',
      'Check the id: GET /api/v1/maintenances?state=upcoming lists the scheduled ones.',
    ],
  ),
  content_not_found: row(
    404,
    [
      'Ukendt indhold',
      'Ingen nyhed, release eller FAQ har det id.',
      'Id’et i stien.',
      'Kontrollér id’et: GET /api/v1/content viser indholdet.',
    ],
    [
      'Unknown content',
      'No news item, release or FAQ has that id.',
      'The id in the path.',
      'Check the id: GET /api/v1/content lists the content.',
    ],
  ),
  webhook_not_found: row(
    404,
    [
      'Ukendt webhook',
      'Intet webhook-endpoint har det id (eller det er slettet).',
      'Id’et i stien.',
      'Kontrollér id’et: GET /api/v1/admin/webhooks viser jeres endpoints.',
    ],
    [
      'Unknown webhook',
      'No webhook endpoint has that id (or it was deleted).',
      'The id in the path.',
      'Check the id: GET /api/v1/admin/webhooks lists your endpoints.',
    ],
  ),
  widget_not_built: row(
    404,
    ['Widgetten er ikke bygget', 'Serveren har ingen widget-bundle at sende.', SERVER_DA, 'Den, der driver serveren, kører pnpm build.'],
    ['Widget not built', 'The server has no widget bundle to send.', SERVER_EN, 'Whoever runs the server runs pnpm build.'],
  ),
  widget_version_not_found: row(
    404,
    [
      'Ukendt widget-version',
      'Den versionerede widget-URL passer ikke til den bundle, serveren har nu.',
      'Stien.',
      'Hent den aktuelle URL fra /widget/kdi-status.json.',
    ],
    [
      'Unknown widget version',
      'The versioned widget URL does not match the bundle the server has now.',
      'The path.',
      'Read the current URL from /widget/kdi-status.json.',
    ],
  ),
  subscription_not_found: row(
    404,
    [
      'Ukendt abonnement',
      'Intet abonnement har dette link: det er slettet (afmeldt), eller linket er ikke kopieret helt.',
      'Tokenet i stien.',
      'Brug linket fra den seneste mail, eller tilmeld dig igen.',
    ],
    [
      'Unknown subscription',
      'No subscription has this link: it was deleted (unsubscribed), or the link was not copied whole.',
      'The token in the path.',
      'Use the link of the latest mail, or sign up again.',
    ],
  ),
  subscription_expired: row(
    410,
    [
      'Linket er udløbet',
      'Tilmeldingen blev ikke bekræftet inden 48 timer, så den er slettet.',
      'Tokenet i stien.',
      'Tilmeld dig igen for at få et nyt link.',
    ],
    [
      'Link expired',
      'The sign-up was not confirmed within 48 hours, so it is deleted.',
      'The token in the path.',
      'Sign up again to get a new link.',
    ],
  ),
  // —— the request's size and form (408, 413, 414, 415, 417, 431) ——
  request_timeout: row(
    408,
    [
      'For langsom forespørgsel',
      'Forespørgslen (headere og krop) nåede ikke frem i tide; forbindelsen lukkes.',
      'Hele forespørgslen.',
      'Send hele forespørgslen på én gang, og prøv igen.',
    ],
    [
      'Request too slow',
      'The request (headers and body) did not arrive in time; the connection is closed.',
      'The whole request.',
      'Send the whole request at once, and try again.',
    ],
  ),
  payload_too_large: row(
    413,
    ['For stor krop', 'Kroppen er over 64 KB.', 'Forespørgslens krop.', 'Send mindre tekst, eller del ændringen i flere.'],
    ['Body too large', 'The body is larger than 64 KB.', 'The request body.', 'Send less text, or split the change.'],
  ),
  path_parameter_too_long: row(
    414,
    ['For langt id', 'En del af stien er længere, end serveren læser.', 'Stien.', 'Brug et kortere id.'],
    ['Id too long', 'A part of the path is longer than the server reads.', 'The path.', 'Use a shorter id.'],
  ),
  unsupported_media_type: row(
    415,
    [
      'Ikke JSON',
      'Kroppen har en anden Content-Type end application/json.',
      'Headeren Content-Type.',
      'Send Content-Type: application/json.',
    ],
    [
      'Not JSON',
      'The body has a Content-Type other than application/json.',
      'The Content-Type header.',
      'Send Content-Type: application/json.',
    ],
  ),
  unsupported_charset: row(
    415,
    [
      'Forkert tegnsæt',
      'Content-Type nævner et andet tegnsæt end UTF-8.',
      'Headeren Content-Type.',
      'Send JSON i UTF-8 (charset=utf-8 eller intet charset).',
    ],
    [
      'Wrong charset',
      'Content-Type names a charset other than UTF-8.',
      'The Content-Type header.',
      'Send JSON in UTF-8 (charset=utf-8 or no charset).',
    ],
  ),
  expectation_failed: row(
    417,
    ['Ukendt Expect', 'Kun "Expect: 100-continue" forstås.', 'Headeren Expect.', 'Udelad Expect, eller send 100-continue.'],
    ['Unknown Expect', 'Only "Expect: 100-continue" is understood.', 'The Expect header.', 'Leave out Expect, or send 100-continue.'],
  ),
  headers_too_large: row(
    431,
    [
      'For store headere',
      'Forespørgslens headere er større end de 16 KiB, serveren læser.',
      'Headerne.',
      'Send færre eller kortere headere (cookies).',
    ],
    [
      'Headers too large',
      'The request’s headers are larger than the 16 KiB the server reads.',
      'The headers.',
      'Send fewer or shorter headers (cookies).',
    ],
  ),
  // —— the state it meets (409) ——
  incident_resolved: row(
    409,
    [
      'Driftsmeddelelsen er løst',
      'En løst driftsmeddelelse kan ikke opdateres eller løses igen.',
      'Driftsmeddelelsen i stien.',
      'Genåbn den først (POST …/reopen), eller åbn en ny.',
    ],
    [
      'Incident resolved',
      'A resolved incident cannot be updated or resolved again.',
      'The incident in the path.',
      'Reopen it first (POST …/reopen), or open a new one.',
    ],
  ),
  incident_not_resolved: row(
    409,
    [
      'Driftsmeddelelsen er ikke løst',
      'Kun en løst driftsmeddelelse kan genåbnes.',
      'Driftsmeddelelsen i stien.',
      'Tilføj en opdatering i stedet.',
    ],
    ['Incident not resolved', 'Only a resolved incident can be reopened.', 'The incident in the path.', 'Add an update instead.'],
  ),
  link_disputed: row(
    409,
    [
      'Kædelinket er under afklaring',
      'Årsagens leverandør har gjort indsigelse mod linket; det kan ikke ændres eller bestrides igen, før KOMBIT har afgjort sagen.',
      'Driftsmeddelelsen i stien.',
      'Vent på KOMBITs afgørelse (GET /api/v1/admin/disputes viser de åbne sager).',
    ],
    [
      'Link disputed',
      'The cause’s vendor disputed the link; it cannot be changed or disputed again until KOMBIT settles it.',
      'The incident in the path.',
      'Wait for KOMBIT’s decision (GET /api/v1/admin/disputes lists the open ones).',
    ],
  ),
  link_confirmed: row(
    409,
    [
      'Kædelinket er afgjort',
      'KOMBIT har afgjort en indsigelse mod linket; det kan ikke bestrides igen, og kun en admin-nøgle kan ændre det.',
      'Driftsmeddelelsen i stien.',
      'Kontakt KOMBIT.',
    ],
    [
      'Link confirmed',
      'KOMBIT settled a dispute of the link; it cannot be disputed again, and only an admin key may change it.',
      'The incident in the path.',
      'Contact KOMBIT.',
    ],
  ),
  link_removed: row(
    409,
    [
      'Kædelinket er fjernet af KOMBIT',
      'KOMBIT har afgjort en indsigelse ved at fjerne linket til netop den driftsmeddelelse; kun en admin-nøgle kan lægge det igen.',
      'Feltet incident.',
      'Nævn en anden årsag, eller kontakt KOMBIT.',
    ],
    [
      'Link removed by KOMBIT',
      'KOMBIT settled a dispute by removing the link to that very incident; only an admin key may link it again.',
      'The incident field.',
      'Name another cause, or contact KOMBIT.',
    ],
  ),
  not_linked: row(
    409,
    [
      'Ingen årsag angivet',
      'Driftsmeddelelsen nævner ingen anden driftsmeddelelse som sin årsag.',
      'Driftsmeddelelsen i stien.',
      'Hent driftsmeddelelsen: causedBy er ikke sat.',
    ],
    [
      'Not linked',
      'The incident names no other incident as its cause.',
      'The incident in the path.',
      'Read the incident: causedBy is not set.',
    ],
  ),
  link_not_disputed: row(
    409,
    [
      'Ingen indsigelse at afgøre',
      'Kædelinket er ikke under afklaring.',
      'Driftsmeddelelsen i stien.',
      'GET /api/v1/admin/disputes viser de links, der er gjort indsigelse mod.',
    ],
    [
      'Link not disputed',
      'The link is not under dispute.',
      'The incident in the path.',
      'GET /api/v1/admin/disputes lists the disputed links.',
    ],
  ),
  maintenance_over: row(
    409,
    [
      'Driftsvinduet er slut',
      'Et afsluttet eller aflyst driftsvindue kan ikke ændres.',
      'Driftsvinduet i stien.',
      'Planlæg et nyt driftsvindue.',
    ],
    [
      'Maintenance over',
      'A completed or cancelled maintenance window cannot be changed.',
      'The window in the path.',
      'Schedule a new window.',
    ],
  ),
  component_exists: row(
    409,
    [
      'Komponenten findes',
      'Der er allerede en komponent med det id.',
      'Feltet id.',
      'Vælg et andet id, eller ret den eksisterende (PATCH).',
    ],
    [
      'Component exists',
      'There is already a component with that id.',
      'The id field.',
      'Choose another id, or edit the existing one (PATCH).',
    ],
  ),
  idempotency_key_reused: row(
    409,
    [
      'Idempotency-Key genbrugt',
      'Nøglen er brugt før til en anden forespørgsel (anden metode, URL eller krop).',
      'Headeren Idempotency-Key.',
      'Brug en ny nøgle til hver ny ændring; den samme kun ved gentagelse af præcis samme forespørgsel.',
    ],
    [
      'Idempotency-Key reused',
      'The key was used before for a different request (another method, URL or body).',
      'The Idempotency-Key header.',
      'Use a new key for each new change; the same one only to repeat exactly the same request.',
    ],
  ),
  // —— well-formed but not applicable (422) ——
  unknown_component: row(
    422,
    ['Ukendt komponent', 'Kroppen nævner en komponent, der ikke findes.', BODY_DA, 'Brug id’er fra GET /api/v1/components.'],
    ['Unknown component', 'The body names a component that does not exist.', BODY_EN, 'Use ids from GET /api/v1/components.'],
  ),
  unknown_municipality: row(
    422,
    [
      'Ukendt kommune',
      'En kommunekode er ikke koden for en af de 98 kommuner (eller er nævnt to gange).',
      'Feltet municipalities i kroppen, eller forespørgslens municipality eller kommune.',
      'Brug fire cifre fra DAGI, fx 0101 for København; SDK’ets MUNICIPALITIES har dem alle.',
    ],
    [
      'Unknown municipality',
      'A kommunekode is not the code of one of the 98 municipalities (or is named twice).',
      'The body’s municipalities, or the query’s municipality or kommune.',
      'Use the four digits DAGI gives, e.g. 0101 for København; the SDK’s MUNICIPALITIES holds them all.',
    ],
  ),
  component_retired: row(
    422,
    ['Komponenten er nedlagt', 'Kroppen nævner en komponent, der er nedlagt.', BODY_DA, 'Nævn kun komponenter i drift.'],
    ['Component retired', 'The body names a component that has been retired.', BODY_EN, 'Name only components in operation.'],
  ),
  component_in_use: row(
    422,
    [
      'Komponenten bruges',
      'Andre komponenter afhænger af komponenten, så den kan ikke nedlægges.',
      'Komponenten i stien.',
      'Fjern afhængighederne først (errors[] nævner dem).',
    ],
    [
      'Component in use',
      'Other components depend on this one, so it cannot be retired.',
      'The component in the path.',
      'Remove those dependencies first (errors[] names them).',
    ],
  ),
  unknown_dependency: row(
    422,
    [
      'Ukendt afhængighed',
      'dependsOn nævner en komponent, der ikke findes.',
      'Feltet dependsOn.',
      'Opret den komponent først, eller ret id’et.',
    ],
    [
      'Unknown dependency',
      'dependsOn names a component that does not exist.',
      'The dependsOn field.',
      'Create that component first, or fix the id.',
    ],
  ),
  duplicate_dependency: row(
    422,
    ['Gentaget afhængighed', 'dependsOn nævner den samme komponent flere gange.', 'Feltet dependsOn.', 'Nævn hver komponent én gang.'],
    ['Duplicate dependency', 'dependsOn names the same component more than once.', 'The dependsOn field.', 'Name each component once.'],
  ),
  dependency_cycle: row(
    422,
    [
      'Kreds af afhængigheder',
      'Ændringen ville lade en komponent afhænge af sig selv gennem andre.',
      'Feltet dependsOn (kredsen står i detail).',
      'Fjern en af afhængighederne i kredsen.',
    ],
    [
      'Dependency cycle',
      'The change would make a component depend on itself through others.',
      'The dependsOn field (detail names the cycle).',
      'Remove one of the dependencies in the cycle.',
    ],
  ),
  unknown_incident: row(
    422,
    [
      'Ukendt driftsmeddelelse',
      'Ingen driftsmeddelelse har det id, kroppen nævner.',
      BODY_DA,
      'Kontrollér id’et: GET /api/v1/incidents?state=recent viser de seneste.',
    ],
    [
      'Unknown incident',
      'No incident has the id the body names.',
      BODY_EN,
      'Check the id: GET /api/v1/incidents?state=recent lists the latest.',
    ],
  ),
  cause_is_itself: row(
    422,
    ['Årsag til sig selv', 'En driftsmeddelelse kan ikke være sin egen årsag.', BODY_DA, 'Nævn den driftsmeddelelse, fejlen kommer fra.'],
    ['Its own cause', 'An incident cannot be its own cause.', BODY_EN, 'Name the incident the fault comes from.'],
  ),
  cause_outside_dependencies: row(
    422,
    [
      'Årsagen ligger ikke i afhængighederne',
      'Årsagens komponenter skal være nogle, driftsmeddelelsens komponenter afhænger af (direkte eller gennem andre); detail nævner dem, der ikke er det.',
      'Feltet incident (detail nævner komponenterne).',
      'Nævn en driftsmeddelelse på en komponent, løsningen afhænger af, eller ret afhængighederne først.',
    ],
    [
      'Cause outside the dependencies',
      'The cause’s components must be ones the incident’s components depend on (directly or through others); detail names those that are not.',
      'The incident field (detail names the components).',
      'Name an incident on a component the service depends on, or correct the dependencies first.',
    ],
  ),
  cause_unchanged: row(
    422,
    [
      'Årsagen er den samme',
      'Et link kan ikke flyttes til den driftsmeddelelse, det allerede nævner.',
      'Feltet incident.',
      'Bekræft linket (outcome confirm), eller nævn en anden driftsmeddelelse.',
    ],
    [
      'Cause unchanged',
      'A link cannot be moved to the incident it names already.',
      'The incident field.',
      'Confirm the link (outcome confirm), or name another incident.',
    ],
  ),
  cause_cycle: row(
    422,
    [
      'Kæden går i ring',
      'Årsagen er selv (gennem andre links) forårsaget af denne driftsmeddelelse.',
      'Feltet incident.',
      'Fjern det link i kæden, der peger tilbage.',
    ],
    [
      'Chain loops',
      'The cause is itself caused (through other links) by this incident.',
      'The incident field.',
      'Remove the link in the chain that points back.',
    ],
  ),
  unknown_vendor: row(
    422,
    [
      'Ukendt leverandør',
      'Kroppen nævner en leverandør, der ikke findes.',
      'Feltet vendor.',
      'Opret leverandøren først (PUT /api/v1/admin/vendors/:id).',
    ],
    [
      'Unknown vendor',
      'The body names a vendor that does not exist.',
      'The vendor field.',
      'Create the vendor first (PUT /api/v1/admin/vendors/:id).',
    ],
  ),
  vendor_required: row(
    422,
    [
      'Leverandør mangler',
      'En admin-nøgle uden leverandør skal nævne den ansvarlige leverandør.',
      'Feltet vendor.',
      'Angiv vendor i kroppen.',
    ],
    ['Vendor required', 'An admin key without a vendor must name the responsible vendor.', 'The vendor field.', 'Give vendor in the body.'],
  ),
  invalid_window: row(
    422,
    [
      'Ugyldigt tidsrum',
      'Driftsvinduets slut ligger ikke efter dets start, eller det ligger helt i fortiden.',
      'Felterne startsAt og endsAt.',
      'Ret tidsrummet.',
    ],
    [
      'Invalid window',
      'The window’s end is not after its start, or it lies wholly in the past.',
      'The startsAt and endsAt fields.',
      'Fix the window.',
    ],
  ),
  invalid_status: row(
    422,
    [
      'Ugyldig status',
      'Driftsvinduet kan ikke få den status nu (for eksempel i gang før det er begyndt).',
      'Feltet status.',
      'Vælg en status, der følger den nuværende.',
    ],
    [
      'Invalid status',
      'The window cannot take that status now (in progress before it began, for example).',
      'The status field.',
      'Choose a status that follows the current one.',
    ],
  ),
  invalid_instant: row(
    422,
    ['Ugyldigt tidspunkt', 'Tidspunktet i at ligger før hændelsesloggen begynder.', 'Parameteren at.', 'Vælg et senere tidspunkt.'],
    ['Invalid instant', 'The instant in at lies before the event log begins.', 'The at parameter.', 'Choose a later instant.'],
  ),
  instant_in_future: row(
    422,
    [
      'Tidspunkt i fremtiden',
      'Status, som den var, kan kun vises for et tidspunkt, der er passeret.',
      'Parameteren at.',
      'Vælg et tidspunkt i fortiden, eller udelad at for status nu.',
    ],
    [
      'Instant in the future',
      'Status as it was can only be shown for an instant that has passed.',
      'The at parameter.',
      'Choose a past instant, or leave out at for the status now.',
    ],
  ),
  month_in_future: row(
    422,
    [
      'Måned i fremtiden',
      'Historikken og serviceniveaurapporten kan kun vise en måned, der er begyndt: hændelsesloggen rummer kun det, der er sket.',
      'Parameteren month.',
      'Vælg denne måned eller en tidligere (ÅÅÅÅ-MM), eller udelad month.',
    ],
    [
      'Month in the future',
      'The history and the service-level report can only show a month that has begun: the event log holds only what has happened.',
      'The month parameter.',
      'Choose this month or an earlier one (YYYY-MM), or leave out month.',
    ],
  ),
  invalid_subscription: row(
    422,
    [
      'Ugyldig tilmelding',
      'Tilmeldingen kan ikke bruges: adressen er ikke én gyldig e-mailadresse, en komponent findes ikke (eller er nedlagt), sproget er ikke da eller en, eller samtykket er ikke givet.',
      BODY_DA,
      'Ret de felter, errors[] nævner: address, components (null for alle), lang og consent: true.',
    ],
    [
      'Invalid sign-up',
      'The sign-up cannot be used: the address is not one valid mail address, a component does not exist (or is retired), the language is not da or en, or consent is not given.',
      BODY_EN,
      'Fix the fields errors[] names: address, components (null for all), lang and consent: true.',
    ],
  ),
  webhook_url_refused: row(
    422,
    [
      'Webhook-URL afvist',
      'Serveren sender ikke webhooks til den URL: den er ikke https, bærer brugernavn eller adgangskode, kan ikke slås op, eller peger på en privat, lokal eller link-local adresse.',
      'Feltet url (grunden står i errors[].message).',
      'Brug en offentlig https-URL til jeres modtager.',
    ],
    [
      'Webhook URL refused',
      'The server does not send webhooks to that URL: it is not https, carries a user name or password, does not resolve, or points to a private, loopback or link-local address.',
      'The url field (errors[].message says why).',
      'Use a public https URL of your receiver.',
    ],
  ),
  // —— not now (429, 503) and the server's own (500) ——
  rate_limited: row(
    429,
    [
      'For mange forespørgsler',
      'Nøglen (eller adressen, efter mislykkede forsøg eller mange tilmeldinger) har sendt flere forespørgsler, end der er plads til i minuttet.',
      'Nøglen eller klientens adresse.',
      'Vent det antal sekunder, Retry-After nævner.',
    ],
    [
      'Too many requests',
      'The key (or the address, after failed attempts or many sign-ups) sent more requests than a minute allows.',
      'The key or the client’s address.',
      'Wait the seconds Retry-After names.',
    ],
  ),
  too_many_streams: row(
    429,
    [
      'For mange strømme',
      'Adressen har allerede så mange åbne live-strømme, som den må.',
      'Klientens adresse.',
      'Luk strømme, du ikke bruger (én pr. browser), og vent Retry-After.',
    ],
    [
      'Too many streams',
      'The address already has as many open live streams as it may.',
      'The client’s address.',
      'Close streams you do not use (one per browser), and wait Retry-After.',
    ],
  ),
  stream_capacity: row(
    503,
    [
      'Ingen plads til flere strømme',
      'Serveren har så mange live-strømme åbne, som den kan bære.',
      SERVER_DA,
      'Vent Retry-After, eller hent opsummeringen med almindelige forespørgsler imens.',
    ],
    [
      'No room for more streams',
      'The server has as many live streams open as it can carry.',
      SERVER_EN,
      'Wait Retry-After, or poll the summary meanwhile.',
    ],
  ),
  checkpoint_not_found: row(
    404,
    [
      'Intet kontrolpunkt endnu',
      'Serveren har ikke underskrevet et kontrolpunkt af hændelsesloggen endnu.',
      'Stien.',
      'Prøv igen senere: et kontrolpunkt laves mindst en gang i døgnet, når loggen er vokset.',
    ],
    [
      'No checkpoint yet',
      'The server has not signed a checkpoint of the event log yet.',
      'The path.',
      'Try again later: a checkpoint is made at least daily while the log grows.',
    ],
  ),
  event_not_found: row(
    404,
    [
      'Ukendt hændelse',
      'Hændelsesloggen har ingen hændelse med det sekvensnummer.',
      'Sekvensnummeret i stien.',
      'Kontrollér nummeret. Er det fra et kontrolpunkt, du har gemt, er hændelsen fjernet fra loggen: kør kdi-status verify --checkpoint.',
    ],
    [
      'Unknown event',
      'The event log has no event with that sequence number.',
      'The sequence number in the path.',
      'Check the number. If it is from a checkpoint you kept, the event was removed from the log: run kdi-status verify --checkpoint.',
    ],
  ),
  log_empty: row(
    404,
    ['Loggen er tom', 'Hændelsesloggen har ingen hændelser, så der er intet at underskrive.', SERVER_DA, 'Lav en ændring først.'],
    ['Log empty', 'The event log has no events, so there is nothing to sign.', SERVER_EN, 'Make a change first.'],
  ),
  log_not_verified: row(
    409,
    [
      'Loggen kan ikke verificeres',
      'Hændelsesloggen verificerer ikke (en hændelse er ændret eller mangler), så serveren underskriver ikke et kontrolpunkt af den.',
      SERVER_DA,
      'Kør kdi-status verify: den nævner den første sekvens, der ikke verificerer. Gendan fra en sikkerhedskopi.',
    ],
    [
      'Log does not verify',
      'The event log does not verify (an event was changed or is missing), so the server signs no checkpoint of it.',
      SERVER_EN,
      'Run kdi-status verify: it names the first sequence that does not verify. Restore from a backup.',
    ],
  ),
  shutting_down: row(
    503,
    ['Serveren stopper', 'Serveren er ved at stoppe.', SERVER_DA, 'Prøv igen om et par sekunder (Retry-After); en anden instans svarer.'],
    ['Server stopping', 'The server is stopping.', SERVER_EN, 'Try again in a few seconds (Retry-After); another instance answers.'],
  ),
  mail_not_configured: row(
    503,
    [
      'Mail er ikke slået til',
      'Serveren sender ikke mail (SMTP_URL er ikke sat), så den tager ikke imod tilmeldinger.',
      SERVER_DA,
      'Følg driftsmeddelelserne i et feed, en kalender eller med webhooks; operatøren kan slå mail til med SMTP_URL.',
    ],
    [
      'Mail not configured',
      'The server sends no mail (SMTP_URL is not set), so it takes no sign-ups.',
      SERVER_EN,
      'Follow the incidents in a feed, a calendar or with webhooks; the operator can switch mail on with SMTP_URL.',
    ],
  ),
  database_unavailable: row(
    503,
    ['Databasen svarer ikke', 'Serveren kan ikke nå sin database lige nu; intet er ændret.', SERVER_DA, 'Prøv igen senere (Retry-After).'],
    [
      'Database unavailable',
      'The server cannot reach its database just now; nothing was changed.',
      SERVER_EN,
      'Try again later (Retry-After).',
    ],
  ),
  too_many_open_files: row(
    503,
    ['Serveren er optaget', 'Serveren kan ikke åbne widget-filen lige nu.', SERVER_DA, 'Prøv igen om lidt (Retry-After).'],
    ['Server busy', 'The server cannot open the widget file just now.', SERVER_EN, 'Try again shortly (Retry-After).'],
  ),
  internal_error: row(
    500,
    [
      'Fejl i serveren',
      'Serveren fejlede; fejlen er logget.',
      SERVER_DA,
      'Prøv igen; sker det igen, så kontakt den, der driver serveren, med tidspunktet.',
    ],
    [
      'Server error',
      'The server failed; the error has been logged.',
      SERVER_EN,
      'Try again; if it happens again, tell whoever runs the server, with the time.',
    ],
  ),
};

/**
 * The page path of a code, the problem document's `type` (relative to the server).
 *
 * @example
 * problemPath('component_not_found'); // '/problems/component-not-found'
 */
export function problemPath(code: string): string {
  return `/problems/${code.replaceAll('_', '-')}`;
}

/**
 * The code a page path's last segment names, if the table has it.
 *
 * @example
 * problemCodeOf('component-not-found'); // 'component_not_found'
 * problemCodeOf('nope'); // undefined
 */
export function problemCodeOf(slug: string): string | undefined {
  if (!/^[a-z0-9-]{1,64}$/.test(slug)) return undefined;
  const code = slug.replaceAll('-', '_');
  return Object.hasOwn(PROBLEM_CODES, code) ? code : undefined;
}
