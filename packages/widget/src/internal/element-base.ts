import { render } from 'lit/html.js';

/** How a reactive property is declared in `static properties`, as in Lit (the subset we use). */
export interface PropertyDeclaration {
  /** The attribute's name (default: the property name lower-cased); `false` for none. */
  attribute?: string | false;
  /** `Number` converts the attribute with `Number()`; otherwise it is read as a string. */
  type?: NumberConstructor;
  /** Writes the property back to its attribute after each update. */
  reflect?: boolean;
  /** Internal state: no attribute, only an update on change. */
  state?: boolean;
}

/** The properties changed in an update, each with its value before it. */
export type PropertyValues = Map<PropertyKey, unknown>;

/**
 * The `css` tag: the stylesheet as a plain string (one `CSSStyleSheet` per class is built from it).
 * A tag, not a string, so the build's template minifier (rollup.config.mjs) still finds it.
 *
 * @example
 * const styles = css`:host { display: block; }`;
 */
export const css = (strings: TemplateStringsArray, ...values: string[]): string =>
  strings.reduce((text, string, i) => text + values[i - 1] + string);

type Declarations = Record<string, PropertyDeclaration>;
interface Finalized {
  /** attribute name → property name. */
  a: Map<string, string>;
  sheet?: CSSStyleSheet;
}
const finalized = new WeakMap<object, Finalized>();

/**
 * What `<kdi-status>` needs of LitElement, in a fraction of its size (ADR 0012): declared reactive
 * properties with attribute conversion and reflection, one update per microtask (`willUpdate`,
 * `render` into an open shadow root with lit-html, `updated`), `updateComplete`, styles adopted
 * from one sheet per class, and properties set before the class was defined taken over. An error
 * in an update is logged, never rejected into the host page.
 *
 * @example
 * class Hello extends ElementBase {
 *   static override properties = { name: {} };
 *   static override styles = css`:host { display: block; }`;
 *   declare name: string | undefined;
 *   override render() { return html`Hej ${this.name}`; }
 * }
 */
export class ElementBase extends HTMLElement {
  static properties: Declarations = {};
  static styles = '';

  /** Read by `customElements.define`: the first time, the accessors are made. */
  static get observedAttributes(): string[] {
    return [...ElementBase.#finalize(this).a.keys()];
  }

  static #finalize(cls: typeof ElementBase): Finalized {
    let done = finalized.get(cls);
    if (!done) {
      finalized.set(cls, (done = { a: new Map() }));
      for (const [key, options] of Object.entries(cls.properties)) {
        const attribute = options.state ? false : (options.attribute ?? key.toLowerCase());
        if (attribute) done.a.set(attribute, key);
        Object.defineProperty(cls.prototype, key, {
          get(this: ElementBase) {
            return this.#values.get(key);
          },
          set(this: ElementBase, value: unknown) {
            const old = this.#values.get(key);
            this.#values.set(key, value);
            if (!Object.is(old, value)) this.requestUpdate(key, old);
          },
          configurable: true,
          enumerable: true,
        });
      }
    }
    return done;
  }

  /** The open shadow root the template renders into. */
  readonly renderRoot: ShadowRoot;
  #values = new Map<PropertyKey, unknown>();
  #changed: PropertyValues = new Map();
  #pending = false;
  #done!: Promise<boolean>;
  /** The property being written to its attribute: its own `attributeChangedCallback` is no change. */
  #reflecting: string | undefined;
  #connect!: () => void;
  /** Updates wait for the first connection, as Lit's do. */
  #connected = new Promise<void>((resolve) => (this.#connect = resolve));

  constructor() {
    super();
    const cls = this.constructor as typeof ElementBase;
    const done = ElementBase.#finalize(cls);
    const root = (this.renderRoot = this.attachShadow({ mode: 'open' }));
    if (!done.sheet) (done.sheet = new CSSStyleSheet()).replaceSync(cls.styles);
    root.adoptedStyleSheets = [done.sheet];
    // A property set before the class was defined (React, or a script, before the async bundle
    // loaded) sits on the instance and hides our accessor: take it over.
    for (const key of Object.keys(cls.properties)) {
      if (Object.hasOwn(this, key)) {
        const value = (this as Record<string, unknown>)[key];
        delete (this as Record<string, unknown>)[key];
        (this as Record<string, unknown>)[key] = value;
      }
    }
    this.requestUpdate();
  }

  connectedCallback(): void {
    this.#connect();
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    const key = ElementBase.#finalize(this.constructor as typeof ElementBase).a.get(name);
    if (!key || key === this.#reflecting) return;
    const { type } = (this.constructor as typeof ElementBase).properties[key]!;
    (this as Record<string, unknown>)[key] = type && value !== null ? type(value) : value;
  }

  /** Schedules an update (one per microtask), noting `key`'s old value if given. */
  requestUpdate(key?: PropertyKey, old?: unknown): void {
    if (key !== undefined && !this.#changed.has(key)) this.#changed.set(key, old);
    if (this.#pending) return;
    this.#pending = true;
    this.#done = this.#update();
  }

  /** Resolves after the pending update: `true` when no further update is pending. */
  get updateComplete(): Promise<boolean> {
    return this.#done;
  }

  async #update(): Promise<boolean> {
    await this.#connected;
    const changed = this.#changed;
    try {
      this.willUpdate(changed);
      const result = this.render();
      const cls = this.constructor as typeof ElementBase;
      for (const [attribute, key] of ElementBase.#finalize(cls).a) {
        if (!cls.properties[key]!.reflect || !changed.has(key)) continue;
        const value = (this as Record<string, unknown>)[key];
        this.#reflecting = key;
        if (value == null) this.removeAttribute(attribute);
        else this.setAttribute(attribute, String(value));
        this.#reflecting = undefined;
      }
      this.#changed = new Map();
      this.#pending = false;
      render(result, this.renderRoot, { host: this });
      this.updated(changed);
    } catch (error) {
      // Never a rejection into the host page: said once on the console, and the next update may do better.
      if (this.#changed === changed) {
        this.#changed = new Map();
        this.#pending = false;
      }
      console.error(error);
    }
    return !this.#pending;
  }

  /** Before `render`: derive state from what changed. */
  willUpdate(_changed: PropertyValues): void {}

  /** The template (lit-html) for the shadow root. */
  render(): unknown {
    return undefined;
  }

  /** After the shadow root was rendered. */
  updated(_changed: PropertyValues): void {}
}
