import { localized, type Component, type Incident, type IncidentUpdate, type Lang, type Maintenance } from '@kdi-status/sdk';
import { dependencyClosure } from '../domain/dependency-graph.js';
import { formatWindow } from '../site/format-time.js';
import { maintenanceHref } from '../site/layout.js';
import { messagesFor } from '../site/messages.js';
import type { FeedState, Revisioned } from './feed-index.js';
import type { PublicOrigin } from '../http/public-origin.js';

/** Entries a feed holds at most: the newest. */
export const FEED_LIMIT = 50;

/** One entry of a feed, the same for Atom and RSS: plain text, escaped by the renderer. */
export interface FeedEntry {
  /** A `tag:` URI, the same in every language and for ever. */
  id: string;
  kind: 'incident' | 'maintenance';
  title: string;
  /** The latest update's message (incident), or the description and window (maintenance). */
  text: string;
  link: string;
  published: string;
  updated: string;
}

/**
 * A `tag:` URI (RFC 4151) for a record of this server.
 *
 * @example
 * tagUri('status.example.dk', 'incident', 'inc_1'); // 'tag:status.example.dk,2026:incident:inc_1'
 */
export function tagUri(host: string, kind: string, id: string): string {
  return `tag:${host},2026:${kind}:${encodeURIComponent(id)}`;
}

/**
 * Which components a scope covers: the component and everything it depends on (an incident on
 * Serviceplatformen belongs in KY's feed), or everything for the global feeds.
 *
 * @example
 * scopeOf('ky', view.summary.components)('serviceplatformen'); // true
 */
export function scopeOf(componentId: string | null, components: ReadonlyArray<Pick<Component, 'id' | 'dependsOn'>>) {
  if (componentId === null) return () => true;
  const closure = dependencyClosure([componentId], components);
  return (id: string) => closure.has(id);
}

function incidentEntry(incident: Incident, lang: Lang, { origin, host }: PublicOrigin): FeedEntry {
  const t = messagesFor(lang);
  // Updates are newest first; the latest by time wins should an import have them out of order.
  const latest = incident.updates.reduce<IncidentUpdate | undefined>((newest, u) => (!newest || u.at > newest.at ? u : newest), undefined);
  return {
    id: tagUri(host, 'incident', incident.id),
    kind: 'incident',
    title: `${localized(incident.title, lang)} (${t.incidentStatus[incident.status]})`,
    text: latest ? localized(latest.message, lang) : '',
    link: `${origin}/incidents/${encodeURIComponent(incident.id)}${lang === 'en' ? '?lang=en' : ''}`,
    published: incident.startedAt,
    updated: incident.updatedAt,
  };
}

function maintenanceEntry(record: Revisioned<Maintenance>, lang: Lang, { origin, host }: PublicOrigin): FeedEntry {
  const maintenance = record.data;
  const t = messagesFor(lang);
  const window = `${t.feedWindow}: ${formatWindow(maintenance.startsAt, maintenance.endsAt, lang)}.`;
  const description = localized(maintenance.description, lang);
  return {
    id: tagUri(host, 'maintenance', maintenance.id),
    kind: 'maintenance',
    title: `${t.feedMaintenance}: ${localized(maintenance.title, lang)} (${t.maintenanceStatus[maintenance.status]})`,
    text: description ? `${description}\n${window}` : window,
    link: `${origin}${maintenanceHref(maintenance.id, lang)}`,
    // First written, or earlier when an import carries an older time.
    published: record.createdAt < maintenance.updatedAt ? record.createdAt : maintenance.updatedAt,
    updated: maintenance.updatedAt,
  };
}

/**
 * The entries of a feed: incidents and maintenance windows touching `inScope`, newest change
 * first, at most {@link FEED_LIMIT}.
 *
 * @example
 * feedEntries(state, scopeOf('ky', components), 'da', origin)[0]?.title;
 */
export function feedEntries(state: FeedState, inScope: (componentId: string) => boolean, lang: Lang, origin: PublicOrigin): FeedEntry[] {
  const incidents = [...state.incidents.values()].filter((i) => i.components.some((c) => inScope(c.id)));
  const maintenances = [...state.maintenances.values()].filter((r) => r.data.components.some(inScope));
  const dated = [
    ...incidents.map((i) => ({ at: i.updatedAt, entry: () => incidentEntry(i, lang, origin) })),
    ...maintenances.map((r) => ({ at: r.data.updatedAt, entry: () => maintenanceEntry(r, lang, origin) })),
  ];
  return dated
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))
    .slice(0, FEED_LIMIT)
    .map((d) => d.entry());
}
