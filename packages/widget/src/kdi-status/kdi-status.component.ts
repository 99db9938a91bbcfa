import { applyLiveEvent, localized, subscribeLive } from '@kdi-status/sdk/read';
import type { Lang, Summary, Vendor } from '@kdi-status/sdk';
import { LitElement, html, nothing } from 'lit';
import type { PropertyValues, TemplateResult } from 'lit';
import { bannerItems } from '../internal/banner-items.js';
import type { BannerItem } from '../internal/banner-items.js';
import { parseComponentIds } from '../internal/component-ids.js';
import { formatWhen } from '../internal/format-time.js';
import { messages } from '../internal/messages.js';
import type { Messages } from '../internal/messages.js';
import { effectiveStatus } from '../internal/status-change.js';
import type { StatusChangeDetail } from '../internal/status-change.js';
import { statusIcon } from '../internal/status-icon.js';
import styles from './kdi-status.styles.js';

export type { StatusChangeDetail } from '../internal/status-change.js';

/** Fired when the effective status of the given components changes, and once after the first load. */
export type KdiStatusChangeEvent = CustomEvent<StatusChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'kdi-status-change': KdiStatusChangeEvent;
  }
}

const DEFAULT_POLL_SECONDS = 60;

/**
 * Operator text, bidi-isolated: a U+202E (or any right-to-left text) in it reorders only itself,
 * never the widget's words or the next name on its line. Read by screen readers as any text.
 */
const isolated = (text: string) => html`<bdi>${text}</bdi>`;

/**
 * @summary Driftsstatus inside your application: a banner with the incidents and planned
 * maintenance that affect the given components, directly or through their dependencies.
 * Renders nothing when all is well or when the status server has never been reached.
 * Follows the server's live stream (`/api/v1/stream`, only what concerns the given components),
 * and polls the summary with its ETag while the stream is unavailable.
 *
 * @attr server - Base URL of the status server. Defaults to the origin this script was loaded from.
 * @attr components - Comma list of component ids, e.g. `ky,ksd`.
 * @attr lang - `da` (default) or `en`. Operator text without English falls back to Danish.
 * @attr poll-interval - Seconds between summary polls while the live stream is unavailable (default 60).
 *
 * @event {KdiStatusChangeEvent} kdi-status-change - The effective status of the given components changed
 *   (also fired once after the first load). `detail`: `{ status, components: [{ id, status }] }`.
 *
 * @csspart banner - The `<section>` holding everything shown.
 * @csspart item - One incident, maintenance or status entry.
 * @csspart icon - The status icon of an entry.
 * @csspart label - The status in words ("Nedbrud").
 * @csspart title - The operator's title, or the component's name.
 * @csspart meta - Incident/maintenance status and the time of the latest update.
 * @csspart message - The latest update's message.
 * @csspart via - "Påvirket via Serviceplatformen → STS".
 * @csspart vendor - The responsible vendor and its service desk.
 * @csspart notice - "Senest opdateret kl. 08.08. Driftsstatus kan ikke hentes lige nu".
 *
 * @cssproperty --kdi-status-font-family - Font (inherits by default).
 * @cssproperty --kdi-status-font-size - Font size (inherits by default).
 * @cssproperty --kdi-status-color - Text colour.
 * @cssproperty --kdi-status-muted-color - Colour of secondary text.
 * @cssproperty --kdi-status-background - Background of entries.
 * @cssproperty --kdi-status-gap - Space between entries.
 * @cssproperty --kdi-status-padding - Padding of an entry.
 * @cssproperty --kdi-status-radius - Corner radius of an entry.
 * @cssproperty --kdi-status-color-degraded-performance - Border, icon and label colour (≥ 4.5:1 against the background).
 * @cssproperty --kdi-status-color-partial-outage - Ditto.
 * @cssproperty --kdi-status-color-major-outage - Ditto.
 * @cssproperty --kdi-status-color-under-maintenance - Ditto.
 * @cssproperty --kdi-status-color-operational - Ditto.
 *
 * @example
 * <script type="module" src="https://status.example.dk/widget/kdi-status.js"></script>
 * <kdi-status components="ky"></kdi-status>
 */
export default class KdiStatus extends LitElement {
  static override styles = styles;

  static override properties = {
    server: {},
    components: {},
    lang: { reflect: true },
    pollInterval: { type: Number, attribute: 'poll-interval' },
    summary: { state: true },
    failing: { state: true },
    reachedAt: { state: true },
  };

  /** Base URL of the status server; defaults to the origin this module was loaded from. */
  declare server: string | undefined;
  /** Comma list of component ids. */
  declare components: string | undefined;
  /** Seconds between summary polls while the live stream is unavailable. */
  declare pollInterval: number | undefined;

  /** The last summary received, kept current with the live events since. */
  declare private summary: Summary | undefined;
  /** True while the server cannot be reached (or answers with an error). */
  declare private failing: boolean;
  /** When the state shown was last known to be current. */
  declare private reachedAt: Date | undefined;

  #controller: AbortController | undefined;
  /** What the running subscription was started with: another server or other components restart it. */
  #subscribed = '';
  #baseUrl: string | undefined;
  #lastChange = '';

  override connectedCallback(): void {
    super.connectedCallback();
    this.#start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#stop();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    // `pollInterval` is read when subscribing: a change takes effect on the next restart.
    if (this.#controller && (changed.has('server') || changed.has('components')) && this.#subscription() !== this.#subscribed) {
      this.#stop();
      this.#start();
    }
  }

  override updated(): void {
    if (!this.summary) return;
    const detail = effectiveStatus(this.summary, parseComponentIds(this.components));
    const key = JSON.stringify(detail);
    if (key === this.#lastChange) return;
    this.#lastChange = key;
    this.dispatchEvent(new CustomEvent('kdi-status-change', { detail, bubbles: true, composed: true }));
  }

  #resolveBaseUrl(): string | undefined {
    try {
      // The single-file bundle is served by the status server itself, so its own origin is the default.
      return this.server ? new URL(this.server, document.baseURI).href : new URL('/', import.meta.url).href;
    } catch {
      return undefined;
    }
  }

  #subscription(): string {
    return `${this.#resolveBaseUrl()} ${parseComponentIds(this.components).join(',')}`;
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
    const controller = new AbortController();
    const { signal } = controller;
    this.#controller = controller;
    if (!baseUrl) return;

    const reached = () => {
      if (signal.aborted) return;
      this.reachedAt = new Date();
      this.failing = false;
    };
    const failed = () => {
      if (!signal.aborted) this.failing = true;
    };
    let open = false;
    // A 304 to a summary poll delivers no event, yet says the state shown is still current:
    // only the responses tell, so the summary polls are watched here.
    const watched: typeof fetch = async (input, init) => {
      const isPoll = /\/api\/v1\/summary(\?|$)/.test(String(input instanceof Request ? input.url : input));
      try {
        const response = await fetch(input, init);
        if (isPoll && response.status === 304) reached();
        else if (isPoll && !response.ok) failed();
        return response;
      } catch (error) {
        if (isPoll) failed();
        throw error;
      }
    };

    // Never throws and never rejects: whatever goes wrong, the last known state stays on screen.
    subscribeLive(
      { baseUrl, signal, fetch: watched },
      (event) => {
        const summary = applyLiveEvent(this.summary, event);
        if (summary !== this.summary) this.summary = summary;
        reached();
      },
      {
        components: parseComponentIds(this.components),
        // The fetch reader rather than EventSource: it honours the server's `retry:` (a restart
        // spreads the reconnects of every page view out), notices a silent connection by its
        // missing heartbeats, and falls back to polling at once when the server has no stream.
        EventSource: null,
        pollInterval: this.#pollMs(),
        // Problems show as the notice below the banner; nothing goes to the page's console.
        onError: () => undefined,
        onStateChange: (state) => {
          // Open is reachable; leaving open, the state shown was current until then. Waiting
          // after a reconnect already failed is unreachable: one dropped connection that comes
          // straight back (a server restart) is not worth a notice. Polling decides by its answers.
          if (open || state.state === 'open') reached();
          open = state.state === 'open';
          if (state.state === 'waiting' && state.attempt > 0) failed();
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

  override render() {
    if (!this.summary) return nothing;
    const items = bannerItems(this.summary, parseComponentIds(this.components));
    if (items.length === 0) return nothing;
    // `en-GB` and the like count as English; everything else is Danish.
    const lang: Lang = /^en\b/i.test(this.lang ?? '') ? 'en' : 'da';
    const t = messages(lang);
    const now = new Date();
    return html`<section part="banner" class="banner" aria-label=${t.banner} lang=${lang}>
      <ul class="items" role="list">
        ${items.map((item) => html`<li part="item" class="item" data-status=${item.status}>${this.#renderItem(item, t, lang, now)}</li>`)}
      </ul>
      ${
        this.failing && this.reachedAt
          ? html`<p part="notice" class="notice">${t.lastUpdated(formatWhen(this.reachedAt, lang, now))}. ${t.unavailable}.</p>`
          : nothing
      }
    </section>`;
  }

  #renderItem(item: BannerItem, t: Messages, lang: Lang, now: Date): TemplateResult {
    let title: string;
    let meta: string[] = [];
    let message: string | undefined;
    if (item.kind === 'incident') {
      title = localized(item.incident.title, lang);
      meta = [t.incidentStatus[item.incident.status], t.updated(formatWhen(new Date(item.updatedAt), lang, now))];
      message = item.latest && localized(item.latest.message, lang);
    } else if (item.kind === 'maintenance') {
      title = localized(item.maintenance.title, lang);
      meta = [t.maintenanceStatus[item.maintenance.status], t.updated(formatWhen(new Date(item.updatedAt), lang, now))];
      message = localized(item.maintenance.description, lang);
    } else {
      title = item.componentName;
    }
    // Operator text goes into text bindings only (Lit never parses it as HTML), each in its own
    // bidi isolate (a <bdi>).
    return html`<span part="icon" class="icon">${statusIcon(item.status)}</span>
      <div class="body">
        <p><strong part="label" class="label">${t.componentStatus[item.status]}:</strong> <bdi part="title" class="title">${title}</bdi></p>
        ${meta.length ? html`<p part="meta" class="meta">${meta.join(' · ')}</p>` : nothing}
        ${message ? html`<p part="message" class="message">${isolated(message)}</p>` : nothing}
        ${item.via.length ? html`<p part="via" class="via">${t.affectedVia} ${item.via.map((name, i) => html`${i ? ' → ' : ''}${isolated(name)}`)}</p>` : nothing}
        ${item.vendor ? html`<p part="vendor" class="vendor">${t.responsible}: ${isolated(item.vendor.name)}${this.#renderDesk(item.vendor, t)}</p>` : nothing}
      </div>`;
  }

  #renderDesk({ servicedesk: desk }: Vendor, t: Messages) {
    const contacts = [
      desk.email && html`<a href=${`mailto:${desk.email}`}>${isolated(desk.email)}</a>`,
      desk.phone && html`<a href=${`tel:${desk.phone.replace(/[^+\d]/g, '')}`}>${isolated(desk.phone)}</a>`,
      desk.url && html`<a href=${desk.url}>${isolated(desk.url)}</a>`,
    ].filter((contact) => !!contact);
    if (!contacts.length) return nothing;
    return html`. ${t.serviceDesk}: ${contacts.map((contact, i) => (i ? html`, ${contact}` : contact))}`;
  }
}
