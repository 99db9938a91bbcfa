import { localized, type Component, type Incident, type Lang, type LocalizedText, type Maintenance, type Vendor } from '@kdi-status/sdk';
import type { WebhookEndpointView } from '@kdi-status/sdk';
import type { NoticeKind } from '../../store/notification-store.js';
import { formatTime, formatWindow } from '../../site/format-time.js';
import { messagesFor } from '../../site/messages.js';
import { textLang } from '../../site/text-lang.js';
import { CONFIRM_EXPIRY_HOURS, mailTextFor, type MailText } from './mail-text.js';

/** A mail as it is sent: the subject and the same content twice, as plain text and as HTML. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * How a notice reaches one of the subscriber's components: `path` runs from that component to the
 * affected one, both included (`['ky']` when the component itself is affected).
 */
export interface AffectedPath {
  component: string;
  path: readonly string[];
}

/** Where a notice's links go: the incident's or maintenance's page, and the subscriber's own pages. */
export interface NoticeLinks {
  page: string;
  manage: string;
  unsubscribe: string;
}

/** The names of the landscape: components and vendors are named, never shown by id, when they are known. */
interface Landscape {
  components: readonly Pick<Component, 'id' | 'name'>[];
  vendors: readonly Pick<Vendor, 'id' | 'name'>[];
}

interface NoticeBase extends Landscape {
  lang: Lang;
  /** The subscriber's components reached, each with its path to what is affected. */
  affected: readonly AffectedPath[];
  /** The components the subscriber chose (ids), or null for all: the footer says why the mail came. */
  subscribedTo: readonly string[] | null;
  links: NoticeLinks;
}

type IncidentKind = Exclude<Extract<NoticeKind, `incident.${string}`>, 'incident.cause_resolved'>;
type MaintenanceKind = Exclude<Extract<NoticeKind, `maintenance.${string}`>, 'maintenance.reminder'>;

/** What {@link renderMail} needs for each kind of mail. */
export type RenderMailInput =
  | (NoticeBase & { kind: IncidentKind; incident: Incident })
  | (NoticeBase & { kind: MaintenanceKind; maintenance: Maintenance })
  | (NoticeBase & { kind: 'maintenance.reminder'; maintenance: Maintenance; reminderLeadHours: number })
  | (Landscape & {
      kind: 'subscription.confirm';
      lang: Lang;
      subscribedTo: readonly string[] | null;
      links: { confirm: string };
      /** Default {@link CONFIRM_EXPIRY_HOURS}. */
      expiresInHours?: number | undefined;
    })
  | { kind: 'subscription.existing'; lang: Lang; links: { manage: string; unsubscribe: string } }
  | { kind: 'webhook.disabled'; lang: Lang; endpoint: Pick<WebhookEndpointView, 'id' | 'url' | 'disabledAt' | 'disabledReason'> }
  /** To the downstream incident's vendor's service desk: the incident it names as its cause was resolved. */
  | (Landscape & { kind: 'incident.cause_resolved'; lang: Lang; incident: Incident; links: { page: string } });

/** Operator text that may be in Danish on an English mail: `lang` marks it for screen readers. */
interface Text {
  value: string;
  lang?: 'da' | undefined;
}

/** The content of a mail, once: both renderings are made from it, so text and HTML say the same. */
type Block =
  | { type: 'heading'; text: Text }
  | { type: 'paragraph'; text: Text }
  | { type: 'facts'; rows: ReadonlyArray<readonly [string, Text]> }
  | { type: 'list'; items: readonly Text[] }
  | { type: 'link'; text: string; href: string }
  | { type: 'footer'; blocks: readonly Block[] };

const plain = (value: string): Text => ({ value });
const operator = (text: LocalizedText, lang: Lang): Text => ({ value: localized(text, lang), lang: textLang(text, lang) });

/**
 * A mail in `input.lang`: subject, plain text and HTML with the same content. Pure. Every
 * operator string (titles, updates, names, URLs) is escaped in the HTML; nothing is rewritten or
 * tracked: no images, links as given. Times are Copenhagen time.
 *
 * @example
 * const mail = renderMail({ kind: 'incident.opened', lang: 'da', incident, components, vendors,
 *   affected: [{ component: 'ky', path: ['ky', 'serviceplatformen'] }], subscribedTo: ['ky'],
 *   links: { page: 'https://status.example/incidents/inc_1', ...subscriptionLinks(origin, token) } });
 * mail.subject; // 'Ny driftsmeddelelse: Nedbrud i Serviceplatformen'
 */
export function renderMail(input: RenderMailInput): RenderedMail {
  const t = mailTextFor(input.lang);
  const { subject, blocks } = compose(input, t);
  const cleanSubject = oneLine(subject);
  return { subject: cleanSubject, text: renderText(blocks), html: renderHtml(blocks, cleanSubject, input.lang) };
}

/** The subject and the blocks of `input`. */
function compose(input: RenderMailInput, t: MailText): { subject: string; blocks: Block[] } {
  switch (input.kind) {
    case 'incident.opened':
    case 'incident.updated':
    case 'incident.resolved':
      return incidentMail(input, t);
    case 'maintenance.scheduled':
    case 'maintenance.reminder':
    case 'maintenance.started':
    case 'maintenance.completed':
    case 'maintenance.cancelled':
      return maintenanceMail(input, t);
    case 'subscription.confirm': {
      const names = input.subscribedTo && input.subscribedTo.map((id) => componentName(input, id));
      return {
        subject: t.confirm.subject,
        blocks: [
          { type: 'heading', text: plain(t.confirm.heading) },
          { type: 'paragraph', text: plain(t.confirm.intro) },
          { type: 'paragraph', text: plain(t.confirm.scope(names)) },
          { type: 'link', text: t.confirm.link, href: input.links.confirm },
          { type: 'paragraph', text: plain(t.confirm.expires(input.expiresInHours ?? CONFIRM_EXPIRY_HOURS)) },
          { type: 'paragraph', text: plain(t.confirm.ignore) },
        ],
      };
    }
    case 'subscription.existing':
      return {
        subject: t.existing.subject,
        blocks: [
          { type: 'heading', text: plain(t.existing.heading) },
          { type: 'paragraph', text: plain(t.existing.intro) },
          { type: 'paragraph', text: plain(t.existing.links) },
          { type: 'link', text: t.manage, href: input.links.manage },
          { type: 'link', text: t.unsubscribe, href: input.links.unsubscribe },
          { type: 'paragraph', text: plain(t.existing.ignore) },
        ],
      };
    case 'incident.cause_resolved':
      return causeResolvedMail(input, t);
    case 'webhook.disabled': {
      const { endpoint } = input;
      const rows: Array<readonly [string, Text]> = [
        [t.webhook.endpoint, plain(endpoint.url)],
        [t.webhook.id, plain(endpoint.id)],
      ];
      if (endpoint.disabledReason) rows.push([t.webhook.reason, plain(endpoint.disabledReason)]);
      if (endpoint.disabledAt) rows.push([t.webhook.disabledAt, plain(formatTime(endpoint.disabledAt, input.lang))]);
      return {
        // The host only: a receiver's URL may carry a token, and a subject shows on lock screens.
        subject: t.webhook.subject(hostOf(endpoint.url)),
        blocks: [
          { type: 'heading', text: plain(t.webhook.heading) },
          { type: 'paragraph', text: plain(t.webhook.intro) },
          { type: 'facts', rows },
          { type: 'paragraph', text: plain(t.webhook.after) },
          { type: 'footer', blocks: [{ type: 'paragraph', text: plain(t.webhook.because) }] },
        ],
      };
    }
  }
}

function incidentMail(input: NoticeBase & { kind: IncidentKind; incident: Incident }, t: MailText): { subject: string; blocks: Block[] } {
  const { incident, lang } = input;
  const words = messagesFor(lang);
  const vendor = vendorName(input, incident.vendor);
  const rows: Array<readonly [string, Text]> = [
    [t.status, plain(words.incidentStatus[incident.status])],
    [t.impact, plain(words.impactName[incident.impact])],
    [t.started, plain(formatTime(incident.startedAt, lang))],
  ];
  if (incident.resolvedAt) rows.push([t.resolved, plain(formatTime(incident.resolvedAt, lang))]);
  const statusOf = (id: string) => incident.components.find((c) => c.id === id)?.status;
  const affected = input.affected.length > 0 ? input.affected : incident.components.map((c) => ({ component: c.id, path: [c.id] }));
  const latest = incident.updates[0];
  const blocks: Block[] = [
    { type: 'heading', text: operator(incident.title, lang) },
    { type: 'paragraph', text: plain(t.notice[input.kind].intro) },
    { type: 'facts', rows },
    { type: 'paragraph', text: plain(t.vendorWorking(vendor)) },
    { type: 'heading', text: plain(t.howAffected) },
    {
      type: 'list',
      items: affected.map((a) => {
        const status = statusOf(a.path.at(-1) ?? a.component);
        return plain(`${affectsLine(input, a, t)}${status ? ` (${words.status[status]})` : ''}`);
      }),
    },
  ];
  if (latest) {
    blocks.push({ type: 'heading', text: plain(t.latestUpdate(formatTime(latest.at, lang))) });
    blocks.push({ type: 'paragraph', text: operator(latest.message, lang) });
  }
  blocks.push({ type: 'link', text: t.readIncident, href: input.links.page }, noticeFooter(input, t));
  return { subject: t.notice[input.kind].subject(localized(incident.title, lang)), blocks };
}

function causeResolvedMail(
  input: Landscape & { kind: 'incident.cause_resolved'; lang: Lang; incident: Incident; links: { page: string } },
  t: MailText,
): { subject: string; blocks: Block[] } {
  const { incident, lang } = input;
  const words = messagesFor(lang);
  const rows: Array<readonly [string, Text]> = [[t.status, plain(words.incidentStatus[incident.status])]];
  const cause = incident.causedBy;
  if (cause) {
    const names = cause.components.map((id) => componentName(input, id));
    rows.push([t.cause.cause, plain(t.cause.causeLine(names, vendorName(input, cause.vendor)))]);
    if (cause.upstreamResolvedAt) rows.push([t.cause.resolved, plain(formatTime(cause.upstreamResolvedAt, lang))]);
  }
  return {
    subject: t.notice['incident.cause_resolved'].subject(localized(incident.title, lang)),
    blocks: [
      { type: 'heading', text: operator(incident.title, lang) },
      { type: 'paragraph', text: plain(t.notice['incident.cause_resolved'].intro) },
      { type: 'facts', rows },
      { type: 'link', text: t.readIncident, href: input.links.page },
      {
        type: 'footer',
        blocks: [{ type: 'paragraph', text: plain(`${t.danishTime} ${t.cause.because(vendorName(input, incident.vendor))}`) }],
      },
    ],
  };
}

function maintenanceMail(
  input: NoticeBase &
    (
      | { kind: MaintenanceKind; maintenance: Maintenance }
      | { kind: 'maintenance.reminder'; maintenance: Maintenance; reminderLeadHours: number }
    ),
  t: MailText,
): { subject: string; blocks: Block[] } {
  const { maintenance, lang } = input;
  const words = messagesFor(lang);
  const vendor = vendorName(input, maintenance.vendor);
  const affected = input.affected.length > 0 ? input.affected : maintenance.components.map((id) => ({ component: id, path: [id] }));
  const intro = input.kind === 'maintenance.reminder' ? t.reminderIntro(input.reminderLeadHours) : t.notice[input.kind].intro;
  const blocks: Block[] = [
    { type: 'heading', text: operator(maintenance.title, lang) },
    { type: 'paragraph', text: plain(intro) },
    {
      type: 'facts',
      rows: [
        [t.window, plain(formatWindow(maintenance.startsAt, maintenance.endsAt, lang))],
        [t.status, plain(words.maintenanceStatus[maintenance.status])],
      ],
    },
    { type: 'paragraph', text: plain(t.vendorResponsible(vendor)) },
    { type: 'heading', text: plain(t.howAffected) },
    { type: 'list', items: affected.map((a) => plain(affectsLine(input, a, t))) },
    { type: 'heading', text: plain(t.description) },
    { type: 'paragraph', text: operator(maintenance.description, lang) },
    { type: 'link', text: t.readMaintenance, href: input.links.page },
    noticeFooter(input, t),
  ];
  return { subject: t.notice[input.kind].subject(localized(maintenance.title, lang)), blocks };
}

/** "Påvirker KY direkte", "Påvirker KY via Serviceplatformen, der afhænger af STS". */
function affectsLine(landscape: Landscape, affected: AffectedPath, t: MailText): string {
  const name = componentName(landscape, affected.component);
  const chain = affected.path.slice(1).map((id) => componentName(landscape, id));
  return chain.length === 0 ? t.affectsDirectly(name) : t.affectsVia(name, chain);
}

/** Why the mail came, and the two links every notice carries. */
function noticeFooter(input: NoticeBase, t: MailText): Block {
  const scope = input.subscribedTo && input.subscribedTo.map((id) => componentName(input, id));
  return {
    type: 'footer',
    blocks: [
      { type: 'paragraph', text: plain(`${t.danishTime} ${t.because(scope)}`) },
      { type: 'link', text: t.manage, href: input.links.manage },
      { type: 'link', text: t.unsubscribe, href: input.links.unsubscribe },
    ],
  };
}

const hostOf = (url: string) => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
const componentName = (landscape: Landscape, id: string) => landscape.components.find((c) => c.id === id)?.name ?? id;
const vendorName = (landscape: Landscape, id: string) => landscape.vendors.find((v) => v.id === id)?.name ?? id;

// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/** A subject is one line: an operator's line breaks or control characters would break the header. */
function oneLine(text: string): string {
  return text.replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim();
}

/** Operator text keeps its paragraphs (blank lines) and line breaks. */
const paragraphs = (value: string) =>
  value
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);

function renderText(blocks: readonly Block[]): string {
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'heading':
        out.push(block.text.value);
        break;
      case 'paragraph':
        out.push(paragraphs(block.text.value).join('\n\n'));
        break;
      case 'facts':
        out.push(block.rows.map(([label, value]) => `${label}: ${value.value}`).join('\n'));
        break;
      case 'list':
        out.push(block.items.map((item) => `- ${item.value}`).join('\n'));
        break;
      case 'link':
        out.push(`${block.text}: ${block.href}`);
        break;
      case 'footer':
        // "-- " is the signature separator mail readers know.
        out.push(`-- \n${renderText(block.blocks).trimEnd()}`);
        break;
    }
  }
  return `${out.join('\n\n')}\n`;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
const langAttr = (text: Text) => (text.lang ? ` lang="${text.lang}"` : '');

function renderHtml(blocks: readonly Block[], subject: string, lang: Lang): string {
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title>`,
    '</head>',
    '<body>',
    htmlBlocks(blocks, true),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The first heading is the mail's `h1`, the rest are `h2`s under it. */
function htmlBlocks(blocks: readonly Block[], topLevel: boolean): string {
  let headings = 0;
  const out: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case 'heading': {
        const tag = topLevel && headings++ === 0 ? 'h1' : 'h2';
        out.push(`<${tag}${langAttr(block.text)}>${escapeHtml(block.text.value)}</${tag}>`);
        break;
      }
      case 'paragraph':
        for (const p of paragraphs(block.text.value)) out.push(`<p${langAttr(block.text)}>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`);
        break;
      case 'facts':
        out.push(
          `<dl>\n${block.rows.map(([label, value]) => `<dt>${escapeHtml(label)}</dt><dd${langAttr(value)}>${escapeHtml(value.value)}</dd>`).join('\n')}\n</dl>`,
        );
        break;
      case 'list':
        out.push(`<ul>\n${block.items.map((item) => `<li${langAttr(item)}>${escapeHtml(item.value)}</li>`).join('\n')}\n</ul>`);
        break;
      case 'link':
        out.push(`<p><a href="${escapeHtml(block.href)}">${escapeHtml(block.text)}</a></p>`);
        break;
      case 'footer':
        out.push(`<hr>\n<footer>\n${htmlBlocks(block.blocks, false)}\n</footer>`);
        break;
    }
  }
  return out.join('\n');
}
