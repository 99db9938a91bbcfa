import { render } from 'lit/html.js';

/** How a reactive property is declared in `static properties`, as in Lit (the subset we use). */
export interface PropertyDeclaration {
  /** The attribute's name (default: the property name lower-cased). */
  attribute?: string;
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
 * `String.raw`: a backslash stays for CSS to read (`content: '\201C'`), as in a stylesheet.
 *
 * @example
 * const styles = css`:host { display: block; }`;
 */
export const css: (strings: TemplateStringsArray, ...values: string[]) => string = String.raw;

type Declarations = Record<string, PropertyDeclaration>;
/** The stylesheet of each class, shared by its instances. */
const sheets = new WeakMap<object, CSSStyleSheet>();
const attributeOf = ([key, options]: [string, PropertyDeclaration]) => options.attribute ?? key.toLowerCase();

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
  /** The reactive properties; a subclass declares them. */
  declare static properties: Declarations;
  /** The stylesheet, from the `css` tag; a subclass declares it. */
  declare static styles: string;

  /** Read once, by `customElements.define`: makes the accessors and the class's stylesheet. */
  static get observedAttributes(): string[] {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(this.styles);
    sheets.set(this, sheet);
    const entries = Object.entries(this.properties);
    for (const [key] of entries) {
      Object.defineProperty(this.prototype, key, {
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
    return entries.filter(([, options]) => !options.state).map(attributeOf);
  }

  /** The open shadow root the template renders into. */
  readonly renderRoot: ShadowRoot;
  #values = new Map<PropertyKey, unknown>();
  /** What changed for the pending update; none pending while undefined. */
  #changed: PropertyValues | undefined;
  #done!: Promise<boolean>;
  /** The property being written to its attribute: its own `attributeChangedCallback` is no change. */
  #reflecting: string | undefined;
  #connect!: () => void;
  /** Updates wait for the first connection, as Lit's do. */
  #connected = new Promise<void>((resolve) => (this.#connect = resolve));

  constructor() {
    super();
    const cls = this.constructor as typeof ElementBase;
    (this.renderRoot = this.attachShadow({ mode: 'open' })).adoptedStyleSheets = [sheets.get(cls)!];
    // A property set before the class was defined (React, or a script, before the async bundle
    // loaded) sits on the instance and hides our accessor: take it over.
    const self = this as Record<string, unknown>;
    for (const key in cls.properties) {
      if (Object.hasOwn(this, key)) {
        const value = self[key];
        delete self[key];
        self[key] = value;
      }
    }
    this.requestUpdate();
  }

  connectedCallback(): void {
    this.#connect();
  }

  disconnectedCallback(): void {}

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    const [key, { type }] = Object.entries((this.constructor as typeof ElementBase).properties).find(
      (entry) => !entry[1].state && attributeOf(entry) === name,
    )!;
    if (key !== this.#reflecting) (this as Record<string, unknown>)[key] = type && value !== null ? type(value) : value;
  }

  /** Schedules an update (one per microtask), noting `key`'s old value if given. */
  requestUpdate(key?: PropertyKey, old?: unknown): void {
    if (!this.#changed) {
      this.#changed = new Map();
      this.#done = this.#update();
    }
    if (key !== undefined && !this.#changed.has(key)) this.#changed.set(key, old);
  }

  /** Resolves after the pending update: `true` when no further update is pending. */
  get updateComplete(): Promise<boolean> {
    return this.#done;
  }

  async #update(): Promise<boolean> {
    await this.#connected;
    const changed = this.#changed!;
    try {
      this.willUpdate(changed);
      const result = this.render();
      const { properties } = this.constructor as typeof ElementBase;
      for (const key of changed.keys() as Iterable<string>) {
        const options = properties[key];
        if (!options?.reflect) continue;
        const value = (this as Record<string, unknown>)[key];
        const name = attributeOf([key, options]);
        this.#reflecting = key;
        if (value == null) this.removeAttribute(name);
        else this.setAttribute(name, String(value));
      }
      this.#reflecting = undefined;
      this.#changed = undefined;
      render(result, this.renderRoot, { host: this });
      this.updated(changed);
    } catch (error) {
      // Never a rejection into the host page: said once on the console, and the next update may do better.
      this.#reflecting = undefined;
      if (this.#changed === changed) this.#changed = undefined;
      console.error(error);
    }
    return !this.#changed;
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
