import { affectsMunicipality, applyLiveEvent, localized, MUNICIPALITY_CODE_PATTERN } from '@kdi-status/sdk/read';
import type { ComponentStatus, Lang } from '@kdi-status/sdk';
import type { SummaryView, VendorView } from '@kdi-status/sdk/read';
import { html, nothing } from 'lit/html.js';
import type { TemplateResult } from 'lit/html.js';
import { announce, liveRegions } from '../internal/announcer.js';
import { ElementBase } from '../internal/element-base.js';
import type { PropertyValues } from '../internal/element-base.js';
import { bannerItems, itemVersion } from '../internal/banner-items.js';
import type { BannerItem } from '../internal/banner-items.js';
import { parseComponentIds } from '../internal/component-ids.js';
import { dismiss, isDismissed } from '../internal/dismissed.js';
import { formatAgo, formatWhen } from '../internal/format-time.js';
import { readLastKnown, writeLastKnown } from '../internal/last-known.js';
import type { LastKnown } from '../internal/last-known.js';
import { messages } from '../internal/messages.js';
import type { Messages, Parts } from '../internal/messages.js';
import { effectiveStatus } from '../internal/status-change.js';
import type { StatusChangeDetail } from '../internal/status-change.js';
import { subscribeShared } from '../internal/shared-subscription.js';
import { statusIcon } from '../internal/status-icon.js';
import { warn } from '../internal/warn.js';
import styles from './kdi-status.styles.js';

export type { StatusChangeDetail } from '../internal/status-change.js';

/** Fired when the effective status of the given components changes, and once after the first load. */
export type KdiStatusChangeEvent = CustomEvent<StatusChangeDetail>;

/** The detail of `kdi-status-dismiss`: the version key of the message closed (`incident:<id>|<status>|<update id>`). */
export interface DismissDetail {
  key: string;
}
/** Fired when the user closes a banner message. */
export type KdiStatusDismissEvent = CustomEvent<DismissDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'kdi-status-change': KdiStatusChangeEvent;
    'kdi-status-dismiss': KdiStatusDismissEvent;
  }
}

const DEFAULT_POLL_SECONDS = 60;
const VARIANTS = ['banner', 'card', 'badge'];
/** Banner messages shown before "+N flere". */
const SHOWN = 3;

/**
 * Operator text, bidi-isolated: a U+202E (or any right-to-left text) in it reorders only itself,
 * never the widget's words or the next name on its line. Read by screen readers as any text.
 */
const isolated = (text: string) => html`<bdi>${text}</bdi>`;
const hidden = (text: string) => html`<span class="vh">${text}</span>`;

/**
 * @summary Driftsstatus inside your application: the incidents and planned maintenance that
 * affect the given components, directly or through their dependencies, as a banner (default),
 * a card or a badge. Follows the server's live stream (`/api/v1/stream`, only what concerns the
 * given components), and polls the summary with its ETag while the stream is unavailable.
 * Changes are announced to screen readers through a live region in the page's light DOM.
 *
 * @attr server - Base URL of the status server. Defaults to the origin this script was loaded from.
 * @attr components - Comma list of component ids, e.g. `ky,ksd`. The first one is what "Læs mere" links to.
 * @attr municipality - Kommunekode (four digits, `0101`): only incidents and maintenance that affect this
 *   municipality (or all of them) are shown, and the status is computed from those. An invalid code, or one the server knows no municipality by, is ignored (with a warning).
 * @attr variant - `banner` (default: the messages, nothing when all is well), `card` (a status box with
 *   "Læs mere") or `badge` (a compact linked pill for a header or footer). Card and badge always render.
 * @attr lang - `da` (default) or `en`. Operator text without English falls back to Danish.
 * @attr audience - `staff` (default: caseworkers; vendor, service desk and "påvirket via" shown) or
 *   `citizen` (self-service pages: none of those, and the operator's citizen text where there is one).
 * @attr theme - `light` or `dark`; without it the reader's `prefers-color-scheme` decides.
 * @attr maintenance-notice - Hours ahead that planned maintenance is shown in the banner (default 48).
 * @attr timeout - Seconds before a request to the server counts as failed (default: the SDK's, 10).
 * @attr poll-interval - Seconds between summary polls while the live stream is unavailable (default 60).
 * @attr heading-level - Level of the card's heading (default 2).
 *
 * @event {KdiStatusChangeEvent} kdi-status-change - The effective status of the given components changed
 *   (also fired once after the first load). `detail`: `{ status, components: [{ id, status }] }`.
 * @event {KdiStatusDismissEvent} kdi-status-dismiss - The user closed a banner message. `detail`: `{ key }`,
 *   the message's version (a newer update or another status has another key and shows again).
 *
 * @csspart banner - The banner's `<section>`.
 * @csspart card - The card's box.
 * @csspart badge - The badge's link.
 * @csspart item - One banner message (incident, maintenance or status set by hand).
 * @csspart icon - A status icon.
 * @csspart label - The status in words ("Nedbrud").
 * @csspart heading - The card's heading, "Driftsstatus".
 * @csspart title - The operator's title, or the component's name.
 * @csspart meta - Impact, incident/maintenance status and time; the card's "Opdateret kl. 08.08".
 * @csspart message - The latest update's message (the citizen text for `audience="citizen"`).
 * @csspart via - "Påvirket via Serviceplatformen → STS".
 * @csspart vendor - The responsible vendor and its service desk.
 * @csspart cause - "Årsag: fejl i Organisation (Støttesystemerne) – … arbejder på den": the upstream incident it is caused by.
 * @csspart dismiss - The "Luk driftsmeddelelse" button of a banner message.
 * @csspart more - The "+N flere" button.
 * @csspart link - The card's "Læs mere" link.
 * @csspart notice - "Senest opdateret kl. 08.08 – driftsstatus kan ikke hentes lige nu".
 *
 * @cssproperty --kdi-status-font-family - Font (inherits by default).
 * @cssproperty --kdi-status-font-size - Font size (inherits by default).
 * @cssproperty --kdi-status-color - Text colour.
 * @cssproperty --kdi-status-muted-color - Colour of secondary text.
 * @cssproperty --kdi-status-background - Background of messages, card and badge.
 * @cssproperty --kdi-status-border-color - Border of the card and the badge.
 * @cssproperty --kdi-status-focus-color - Focus outline of buttons and links.
 * @cssproperty --kdi-status-gap - Space between messages.
 * @cssproperty --kdi-status-padding - Padding of a message and the card.
 * @cssproperty --kdi-status-radius - Corner radius.
 * @cssproperty --kdi-status-color-degraded-performance - Border, icon and label colour (≥ 4.5:1 against the background).
 * @cssproperty --kdi-status-color-partial-outage - Ditto.
 * @cssproperty --kdi-status-color-major-outage - Ditto.
 * @cssproperty --kdi-status-color-under-maintenance - Ditto.
 * @cssproperty --kdi-status-color-operational - Ditto.
 *
 * @example
 * <script type="module" async src="https://status.example.dk/widget/kdi-status.js"></script>
 * <kdi-status components="ky"></kdi-status>
 * <kdi-status components="ky" variant="card"></kdi-status>
 */
export default class KdiStatus extends ElementBase {
  static override styles = styles;

  static override properties = {
    server: {},
    components: {},
    municipality: {},
    variant: { reflect: true },
    lang: { reflect: true },
    audience: {},
    theme: { reflect: true },
    maintenanceNotice: { type: Number, attribute: 'maintenance-notice' },
    timeout: { type: Number },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    summary: { state: true },
    failing: { state: true },
    reachedAt: { state: true },
    expanded: { state: true },
  };

  /** Base URL of the status server; defaults to the origin this module was loaded from. */
  declare server: string | undefined;
  /** Comma list of component ids. */
  declare components: string | undefined;
  /** Kommunekode: only what affects this municipality. */
  declare municipality: string | undefined;
  /** `banner` (default), `card` or `badge`. */
  declare variant: string | undefined;
  /** `staff` (default) or `citizen`. */
  declare audience: string | undefined;
  /** `light` or `dark`; unset follows `prefers-color-scheme`. */
  declare theme: string | undefined;
  /** Hours ahead that planned maintenance shows in the banner. */
  declare maintenanceNotice: number | undefined;
  /** Seconds before a request counts as failed; read when subscribing. */
  declare timeout: number | undefined;
  /** Seconds between summary polls while the live stream is unavailable. */
  declare pollInterval: number | undefined;
  /** Level of the card's heading. */
  declare headingLevel: number | undefined;

  /** The last summary received, kept current with the live events since. */
  declare private summary: SummaryView | undefined;
  /** True while the server cannot be reached (or answers with an error). */
  declare private failing: boolean;
  /** When the state shown was last known to be current. */
  declare private reachedAt: Date | undefined;
  /** The messages beyond the first three are shown. */
  declare private expanded: boolean;

  #controller: AbortController | undefined;
  /** What the running subscription was started with: another server or other components restart it. */
  #subscribed = '';
  #baseUrl: string | undefined;
  #lastChange = '';
  /** The state kept from an earlier page load, shown only if the server cannot be reached. */
  #lastKnown: LastKnown | undefined;
  #savedAt = 0;
  /** The banner messages of the last render (dismissed ones included), and whether any were shown before. */
  #items: BannerItem[] = [];
  #hadItems = false;
  #warned = new Set<string>();
  /** A kommunekode the server answered is no municipality's: ignored from then on. */
  #unknownMunicipality: string | undefined;
  #clock: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    // The live regions exist before anything is shown: a region announces only later changes.
    liveRegions();
    // "for 5 minutter siden" moves on, and upcoming maintenance comes within notice, by the minute.
    this.#clock = setInterval(() => this.requestUpdate(), 60_000);
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#clock);
    this.#stop();
  }

  override willUpdate(changed: PropertyValues): void {
    // `pollInterval` and `timeout` are read when subscribing: a change takes effect on the next restart.
    if (
      this.#controller &&
      (changed.has('server') || changed.has('components') || changed.has('municipality')) &&
      this.#subscription() !== this.#subscribed
    ) {
      this.#stop();
      this.#start();
      // Other components are another page of status, not a change of it: no "Alle systemer kører".
      this.#hadItems = false;
    }
    if (changed.has('municipality')) this.#municipality();
    if (changed.has('variant') && this.variant && !VARIANTS.includes(this.variant))
      this.#warn('KDI_STATUS_UNKNOWN_VARIANT', `variant="${this.variant}" unknown; showing banner`);
  }

  override updated(changed: PropertyValues): void {
    // An update still pending when the element was removed says nothing to the page.
    if (!this.summary || !this.isConnected) return;
    const ids = parseComponentIds(this.components);
    if (changed.has('summary') && !this.failing) {
      const known = new Set(this.summary.components.map((c) => c.id));
      // As written, so that an id dropped as malformed (`KSD`) is told too.
      const unknown = String(this.components ?? '')
        .split(',')
        .filter((id) => id.trim() && !known.has(id.trim()));
      if (unknown.length) this.#warn('KDI_STATUS_UNKNOWN_COMPONENT', `"${unknown.join(', ')}" unknown to ${this.#baseUrl}; ignored`);
    }
    this.#keep(changed);
    this.#announce();
    const detail = effectiveStatus(this.summary, ids);
    const key = JSON.stringify(detail);
    if (key === this.#lastChange) return;
    this.#lastChange = key;
    this.dispatchEvent(new CustomEvent('kdi-status-change', { detail, bubbles: true, composed: true }));
  }

  /** The item's version: its cause counts only where the cause is shown (not to citizens). */
  #version(item: BannerItem): string {
    return itemVersion(item, this.audience !== 'citizen');
  }

  #warn(code: string, message: string): void {
    if (this.#warned.has(code)) return;
    this.#warned.add(code);
    warn(code, message);
  }

  /** Keeps a fresh state for the next page load: on each change, and at most once a minute while it stays current. */
  #keep(changed: PropertyValues): void {
    const at = this.reachedAt;
    if (this.failing || !at || !this.summary || (!changed.has('summary') && at.getTime() - this.#savedAt < 60_000)) return;
    this.#savedAt = at.getTime();
    writeLastKnown(this.#subscribed, this.summary, at);
  }

  #announce(): void {
    const t = messages(this.#lang());
    const items = this.#items.map((item) => {
      const { title, message } = this.#texts(item);
      const cause = this.#cause(item, t, String);
      return {
        version: this.#version(item),
        key: item.key,
        urgent: item.kind === 'incident' && (item.incident.impact === 'major' || item.incident.impact === 'critical'),
        // One full stop after the title, whether or not it ends in one.
        text: `${t.message}: ${t.componentStatus[item.status]}${title ? ` – ${title.replace(/\.$/, '')}` : ''}.${message ? ` ${message}` : ''}${cause ? ` ${cause.join('')}` : ''}`,
      };
    });
    announce(items, this.#hadItems, t.allWell, this.#lang());
    this.#hadItems = items.length > 0;
  }

  #resolveBaseUrl(): string | undefined {
    try {
      // The single-file bundle is served by the status server itself, so its own origin is the default.
      const url = new URL(this.server || '/', this.server ? document.baseURI : import.meta.url);
      return /^https?:$/.test(url.protocol) ? url.href : undefined;
    } catch {
      return undefined;
    }
  }

  #subscription(): string {
    const municipality = this.#municipality();
    return `${this.#resolveBaseUrl()} ${parseComponentIds(this.components).join(',')}${municipality ? ` ${municipality}` : ''}`;
  }

  /** The `municipality` attribute when it is a kommunekode; anything else is told once and ignored. */
  #municipality(): string | undefined {
    const code = this.municipality?.trim();
    if (!code) return undefined;
    if (code === this.#unknownMunicipality) return undefined;
    if (MUNICIPALITY_CODE_PATTERN.test(code)) return code;
    this.#warn(
      'KDI_STATUS_INVALID_MUNICIPALITY',
      `municipality="${this.municipality}" is not a kommunekode (four digits, e.g. 0101); ignored`,
    );
    return undefined;
  }

  #start(): void {
    if (this.#controller) return;
    const baseUrl = this.#resolveBaseUrl();
    if (baseUrl !== this.#baseUrl) {
      // Another server is another truth: forget what the old one said. (Other components on the
      // same server keep the summary on screen until the new subscription's first one replaces it.)
      this.#baseUrl = baseUrl;
      this.summary = undefined;
      this.reachedAt = undefined;
      this.failing = false;
    }
    this.#subscribed = this.#subscription();
    this.#lastKnown = readLastKnown(this.#subscribed);
    const controller = new AbortController();
    const { signal } = controller;
    this.#controller = controller;
    if (!baseUrl) {
      this.#warn('KDI_STATUS_NO_SERVER', 'no server attribute, nor a script origin; nothing fetched');
      this.failing = true;
      return;
    }

    let reachedOnce = false;
    const reached = () => {
      if (signal.aborted) return;
      reachedOnce = true;
      this.reachedAt = new Date();
      this.failing = false;
    };
    const failed = () => {
      if (signal.aborted) return;
      this.failing = true;
      // What an earlier page load saw is better than nothing, with its time and the notice.
      if (!this.summary && this.#lastKnown) ({ summary: this.summary, at: this.reachedAt } = this.#lastKnown);
    };
    let open = false;
    const seconds = Number(this.timeout);

    // Never throws and never rejects: whatever goes wrong, the last known state stays on screen.
    // The one place the subscription is made: one stream per browser where tabs can share it.
    subscribeShared(
      { baseUrl, signal, ...(seconds > 0 ? { timeout: seconds * 1000 } : {}) },
      (event) => {
        const summary = applyLiveEvent(this.summary, event);
        if (summary !== this.summary) this.summary = summary;
        reached();
      },
      {
        components: parseComponentIds(this.components),
        ...(this.#municipality() ? { municipality: this.#municipality() } : {}),
        // The first summary by a plain GET: compressed and revalidated from the browser's cache,
        // where the stream's first one is neither.
        summaryFirst: true,
        // The fetch reader rather than EventSource: it honours the server's `retry:` (a restart
        // spreads the reconnects of every page view out), notices a silent connection by its
        // missing heartbeats, and falls back to polling at once when the server has no stream.
        EventSource: null,
        pollInterval: this.#pollMs(),
        // Problems show as the notice; nothing goes to the page's console, but for a kommunekode
        // the server knows no municipality by (well-formed: only the server has the list), which
        // is told and dropped: asked again without it, rather than retried in vain.
        onError: (error) => {
          const problem = error as { status?: number; code?: string } | undefined;
          if (signal.aborted || problem?.status !== 422 || problem.code !== 'unknown_municipality') return;
          this.#unknownMunicipality = this.#municipality();
          this.#warn('KDI_STATUS_INVALID_MUNICIPALITY', `municipality="${this.municipality}" unknown to ${baseUrl}; ignored`);
          this.#stop();
          this.#start();
        },
        onStateChange: (state) => {
          // Open is reachable; leaving open, the state shown was current until then. Waiting
          // after a reconnect already failed is unreachable: one dropped connection that comes
          // straight back (a server restart) is not worth a notice; nor is a first connect that
          // fails before the server was ever reached. Polling decides by each answer (a 304 too;
          // garbage, a proxy's error page with 200, is a server that cannot be read), and in every
          // tab: the holder of the shared stream relays its states.
          if (open || state.state === 'open') reached();
          open = state.state === 'open';
          if (state.state === 'polling' && state.reachable !== undefined) (state.reachable ? reached : failed)();
          if (state.state === 'waiting' && (state.attempt > 0 || !reachedOnce)) failed();
        },
      },
    );
  }

  #stop(): void {
    this.#controller?.abort();
    this.#controller = undefined;
  }

  #pollMs(): number {
    const seconds = Number(this.pollInterval);
    return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_POLL_SECONDS) * 1000;
  }

  /** `en-GB` and the like count as English; everything else is Danish. */
  #lang(): Lang {
    return /^en\b/i.test(this.lang ?? '') ? 'en' : 'da';
  }

  /** The title and message of a banner message, in the reader's language and for the audience. */
  #texts(item: BannerItem): { title?: string; message?: string } {
    const lang = this.#lang();
    const citizen = this.audience === 'citizen';
    if (item.kind === 'status') return citizen ? {} : { title: item.componentName };
    const source = item.kind === 'incident' ? item.incident : item.maintenance;
    // The operator's plain words for citizens stand instead of the title and the updates.
    const citizenText = citizen ? source.citizenText : undefined;
    if (citizenText) return { title: localized(citizenText, lang) };
    // Without one, plain words of our own: the operator's title and updates are written for
    // caseworkers and name internal systems ("Fejl i opslag via Serviceplatformen").
    if (citizen) return { title: messages(lang).citizen[item.kind] };
    const message = item.kind === 'incident' ? item.latest?.message : item.maintenance.description;
    return { title: localized(source.title, lang), ...(message ? { message: localized(message, lang) } : {}) };
  }

  /**
   * The summary with only what affects the municipality. The server already leaves the rest out
   * (`?municipality=`); this holds when it is an older one, and for a state kept from before.
   */
  #shown(): SummaryView | undefined {
    const code = this.#municipality();
    const summary = this.summary;
    if (!summary || !code) return summary;
    const affects = (record: { municipalities?: string[] | undefined }) => affectsMunicipality(record, code);
    const { active, upcoming } = summary.maintenances;
    return {
      ...summary,
      incidents: summary.incidents.filter(affects),
      maintenances: { active: active.filter(affects), upcoming: upcoming.filter(affects) },
    };
  }

  /**
   * The upstream incident an incident is caused by, in words: its components with their group (or
   * kind), and who works on it, or that KOMBIT is settling a dispute, or that it is resolved.
   * `wrap` isolates operator text: a `<bdi>` on screen, the text itself when announced.
   */
  #cause<T>(item: BannerItem, t: Messages, wrap: (text: string) => T): Parts<T> | undefined {
    const cause = item.kind === 'incident' ? item.incident.causedBy : undefined;
    if (!cause || this.audience === 'citizen') return undefined;
    const components = this.summary?.components ?? [];
    const what: Parts<T> = cause.components.flatMap((id, i) => {
      const c = components.find((x) => x.id === id);
      const joint = i === 0 ? [] : [i === cause.components.length - 1 ? ` ${t.and} ` : ', '];
      return [...joint, wrap(c?.name ?? id), ...(c ? [' (', c.group ? wrap(c.group) : t.kind[c.kind], ')'] : [])];
    });
    const vendor = this.summary?.vendors.find((v) => v.id === cause.vendor)?.name ?? cause.vendor;
    const lang = this.#lang();
    const disputed = cause.state === 'disputed' ? [' ', t.disputed] : [];
    if (cause.upstreamResolvedAt)
      return [...t.causeResolved(what, formatWhen(new Date(cause.upstreamResolvedAt), lang, new Date())), ...disputed];
    return disputed.length ? [...t.causeOnly(what), ...disputed] : t.cause(what, wrap(vendor));
  }

  /** What "Læs mere" and the badge link to: the status website's page of the first component. */
  #href(): string | undefined {
    const [id] = parseComponentIds(this.components);
    return id && this.#baseUrl ? new URL(`c/${encodeURIComponent(id)}`, this.#baseUrl.replace(/\/?$/, '/')).href : undefined;
  }

  override render() {
    const lang = this.#lang();
    const t = messages(lang);
    const now = new Date();
    const ids = parseComponentIds(this.components);
    const summary = this.#shown();
    const hours = Number(this.maintenanceNotice);
    this.#items = summary ? bannerItems(summary, ids, now, hours >= 0 ? hours : 48) : [];
    const variant = this.variant === 'card' || this.variant === 'badge' ? this.variant : 'banner';
    if (variant === 'banner') return this.#renderBanner(t, lang, now);

    const status: ComponentStatus | 'unknown' = summary ? effectiveStatus(summary, ids).status : 'unknown';
    const name = summary?.components.find((c) => c.id === ids[0])?.name ?? ids[0] ?? '';
    const loading = !summary && !this.failing;
    const when = this.reachedAt && formatWhen(this.reachedAt, lang, now);
    const updated = when && (this.failing ? t.stale(when) : t.updated(when));
    const href = this.#href();
    const word = summary ? t.componentStatus[status as ComponentStatus] : loading ? t.loading : t.unknown;

    if (variant === 'badge') {
      return html`<a part="badge" class="badge" lang=${lang} href=${href ?? nothing} data-status=${status} ?data-stale=${this.failing}
        ><span part="icon" class="icon">${loading ? nothing : statusIcon(status)}</span>${hidden(`${t.statusOf(name)}: `)}<span
          part="label"
          class="label"
          >${word}</span
        >${this.failing && when ? html`<span class="when" aria-hidden="true">${when}</span>${hidden(`. ${updated}`)}` : nothing}</a
      >`;
    }

    const [worst] = this.#items;
    const title = worst && this.#texts(worst).title;
    return html`<div part="card" class="card" lang=${lang} data-status=${status} ?data-stale=${this.failing} aria-busy=${loading}>
      <p part="heading" class="heading" role="heading" aria-level=${this.headingLevel || 2}>${t.heading}</p>
      <p class="state">
        <span part="icon" class="icon">${loading ? nothing : statusIcon(status)}</span
        ><span
          ><strong part="label" class="label"
            >${status === 'operational' ? t.allWell : summary ? word : loading ? t.loading : t.unavailable}</strong
          >${title ? html` – <bdi part="title" class="title">${title}</bdi>` : nothing}</span
        >
      </p>
      <p part=${this.failing ? 'meta notice' : 'meta'} class="meta">${updated || '\u00a0'}</p>
      ${
        href
          ? html`<a part="link" class="link" href=${href} ?data-loading=${loading} aria-hidden=${loading ? 'true' : nothing}
              >${t.readMore}${hidden(` ${t.about(name)}`)}</a
            >`
          : nothing
      }
    </div>`;
  }

  #renderBanner(t: Messages, lang: Lang, now: Date) {
    const items = this.#items.filter((item) => !isDismissed(this.#version(item)));
    if (!items.length) return nothing;
    const more = items.length - SHOWN;
    return html`<section part="banner" class="banner" aria-label=${t.banner} lang=${lang}>
      <ul class="items" role="list" id="items">
        ${items.map(
          (item, i) =>
            html`<li part="item" class="item" data-status=${item.status} ?hidden=${i >= SHOWN && !this.expanded}>
              ${this.#renderItem(item, i, t, lang, now)}
            </li>`,
        )}
      </ul>
      ${
        more > 0
          ? html`<button
              part="more"
              class="more"
              aria-expanded=${this.expanded ? 'true' : 'false'}
              aria-controls="items"
              @click=${() => (this.expanded = !this.expanded)}
            >
              ${t.more(more)}
            </button>`
          : nothing
      }
      ${
        this.failing && this.reachedAt
          ? html`<p part="notice" class="notice">
              <span part="icon" class="icon">${statusIcon('unknown')}</span>${t.stale(formatWhen(this.reachedAt, lang, now))}
            </p>`
          : nothing
      }
    </section>`;
  }

  #renderItem(item: BannerItem, index: number, t: Messages, lang: Lang, now: Date): TemplateResult {
    const staff = this.audience !== 'citizen';
    const { title, message } = this.#texts(item);
    const cause = this.#cause(item, t, isolated);
    let meta: string[] = [];
    if (item.kind === 'incident') {
      // Impact and the operator's stage of work are staff words; a citizen is told when.
      meta = [
        ...(staff ? [t.impact[item.incident.impact], t.incidentStatus[item.incident.status]] : []),
        t.updated(formatAgo(new Date(item.updatedAt), lang, now)),
      ];
    } else if (item.kind === 'maintenance') {
      const starts = new Date(item.maintenance.startsAt);
      // The end is told relative to the start: "kl. 00.00 – kl. 08.00", not the date twice.
      meta = [
        t.maintenanceStatus[item.maintenance.status],
        `${formatWhen(starts, lang, now)} – ${formatWhen(new Date(item.maintenance.endsAt), lang, starts)}`,
      ];
    }
    // Operator text goes into text bindings only (Lit never parses it as HTML), each in its own
    // bidi isolate (a <bdi>).
    return html`<span part="icon" class="icon">${statusIcon(item.status)}</span>
      <div class="body">
        <p id=${`kdi-item-${index}`}>
          <strong part="label" class="label">${t.componentStatus[item.status]}${title ? ':' : ''}</strong>
          ${title ? html`<bdi part="title" class="title">${title}</bdi>` : nothing}
        </p>
        ${meta.length ? html`<p part="meta" class="meta">${meta.join(' · ')}</p>` : nothing}
        ${message ? html`<p part="message" class="message">${isolated(message)}</p>` : nothing}
        ${cause ? html`<p part="cause" class="cause">${cause}</p>` : nothing}
        ${staff && item.via.length ? html`<p part="via" class="via">${t.affectedVia} ${item.via.map((name, i) => html`${i ? ' → ' : ''}${isolated(name)}`)}</p>` : nothing}
        ${staff && item.vendor ? html`<p part="vendor" class="vendor">${t.responsible}: ${isolated(item.vendor.name)}${this.#renderDesk(item.vendor, t)}</p>` : nothing}
      </div>
      <button
        part="dismiss"
        class="dismiss"
        aria-label=${t.dismiss}
        aria-describedby=${`kdi-item-${index}`}
        @click=${() => this.#dismiss(item, index)}
      >
        ${statusIcon('close')}
      </button>`;
  }

  #renderDesk({ servicedesk: desk }: VendorView, t: Messages) {
    const contacts = [
      desk.email && html`<a href=${`mailto:${desk.email}`}>${isolated(desk.email)}</a>`,
      desk.phone && html`<a href=${`tel:${desk.phone.replace(/[^+\d]/g, '')}`}>${isolated(desk.phone)}</a>`,
      desk.url && html`<a href=${desk.url}>${isolated(desk.url)}</a>`,
    ].filter((contact) => !!contact);
    if (!contacts.length) return nothing;
    return html`. ${t.serviceDesk}: ${contacts.map((contact, i) => (i ? html`, ${contact}` : contact))}`;
  }

  #dismiss(item: BannerItem, index: number): void {
    const key = this.#version(item);
    dismiss(key);
    this.dispatchEvent(new CustomEvent('kdi-status-dismiss', { detail: { key }, bubbles: true, composed: true }));
    this.requestUpdate();
    // Focus stays near where it was: the next message's button (or the one before), else the element itself.
    this.updateComplete.then(
      () => {
        const next = [...this.renderRoot.querySelectorAll<HTMLElement>('li:not([hidden]) .dismiss')];
        const target = next[Math.min(index, next.length - 1)];
        if (target) target.focus();
        else {
          this.tabIndex = -1;
          this.focus();
        }
      },
      () => undefined,
    );
  }
}
