import { expect } from '@open-wc/testing';
import { html } from 'lit/html.js';
import { ElementBase, css } from './element-base.js';
import type { PropertyValues } from './element-base.js';

let count = 0;
/** A fresh element name and class per test: a name can be defined only once per page. */
function defineTest(onRender?: (el: TestElement) => void) {
  const name = `element-base-test-${++count}`;
  class TestElement extends ElementBase {
    static override properties = {
      label: {},
      size: { type: Number, attribute: 'data-size' },
      mode: { reflect: true },
      hidden2: { state: true },
    };
    static override styles = css`
      :host {
        display: block;
      }
      p {
        color: rgb(1, 2, 3);
      }
    `;
    declare label: string | undefined;
    declare size: number | undefined;
    declare mode: string | undefined;
    declare hidden2: boolean | undefined;
    changes: PropertyValues[] = [];
    renders = 0;
    override willUpdate(changed: PropertyValues): void {
      this.changes.push(new Map(changed));
    }
    override render() {
      this.renders += 1;
      onRender?.(this);
      return html`<p>${this.label}:${this.size}:${this.mode}</p>`;
    }
  }
  return { name, TestElement, define: () => customElements.define(name, TestElement) };
}
type TestElement = ReturnType<typeof defineTest>['TestElement']['prototype'];

const text = (el: Element) => el.shadowRoot!.querySelector('p')!.textContent;

describe('ElementBase', () => {
  it('converts attributes (Number by type, own attribute names), reflects, renders once per microtask', async () => {
    const { name, define } = defineTest();
    define();
    const el = document.createElement(name) as TestElement;
    el.setAttribute('label', 'a');
    el.setAttribute('data-size', '7');
    document.body.append(el);
    await el.updateComplete;
    expect(el.size).to.equal(7);
    expect(text(el)).to.equal('a:7:');
    el.label = 'b';
    el.mode = 'card';
    el.size = 8;
    expect(await el.updateComplete).to.equal(true);
    expect(el.renders).to.equal(2);
    expect(el.getAttribute('mode')).to.equal('card');
    expect(text(el)).to.equal('b:8:card');
    expect([...el.changes[1]!]).to.deep.equal([
      ['label', 'a'],
      ['mode', undefined],
      ['size', 7],
    ]);
    el.removeAttribute('data-size');
    await el.updateComplete;
    expect(el.size).to.equal(null);
    // State has no attribute.
    el.setAttribute('hidden2', '');
    expect(el.hidden2).to.equal(undefined);
    el.remove();
  });

  it('adopts one stylesheet per class, shared by its instances', async () => {
    const { name, define } = defineTest();
    define();
    const [a, b] = [document.createElement(name), document.createElement(name)];
    document.body.append(a, b);
    await (a as TestElement).updateComplete;
    expect(a.shadowRoot!.adoptedStyleSheets).to.have.length(1);
    expect(a.shadowRoot!.adoptedStyleSheets[0]).to.equal(b.shadowRoot!.adoptedStyleSheets[0]);
    expect(getComputedStyle(a.shadowRoot!.querySelector('p')!).color).to.equal('rgb(1, 2, 3)');
    a.remove();
    b.remove();
  });

  it('takes over a property set before the class was defined (React, a script before the async bundle)', async () => {
    const { name, define } = defineTest();
    const el = document.createElement(name) as TestElement;
    el.label = 'early';
    document.body.append(el);
    define();
    await el.updateComplete;
    expect(Object.hasOwn(el, 'label')).to.equal(false);
    expect(text(el)).to.equal('early::');
    el.label = 'later';
    await el.updateComplete;
    expect(text(el)).to.equal('later::');
    el.remove();
  });

  it('does not update before it is connected', async () => {
    const { name, define } = defineTest();
    define();
    const el = document.createElement(name) as TestElement;
    el.label = 'x';
    await new Promise((resolve) => setTimeout(resolve));
    expect(el.renders).to.equal(0);
    document.body.append(el);
    await el.updateComplete;
    expect(el.renders).to.equal(1);
    el.remove();
  });

  it('logs an error thrown in render once, rejects nothing, and updates again afterwards', async () => {
    let fail = true;
    const { name, define } = defineTest(() => {
      if (fail) throw new Error('boom');
    });
    define();
    const logged: unknown[] = [];
    const rejections: unknown[] = [];
    const onRejection = (event: PromiseRejectionEvent) => rejections.push(event.reason);
    addEventListener('unhandledrejection', onRejection);
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args[0]);
    try {
      const el = document.createElement(name) as TestElement;
      document.body.append(el);
      expect(await el.updateComplete).to.equal(true);
      expect(logged).to.have.length(1);
      expect((logged[0] as Error).message).to.equal('boom');
      fail = false;
      el.label = 'ok';
      await el.updateComplete;
      expect(text(el)).to.equal('ok::');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(rejections).to.deep.equal([]);
      el.remove();
    } finally {
      console.error = original;
      removeEventListener('unhandledrejection', onRejection);
    }
  });
});
