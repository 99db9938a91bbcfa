/** One piece of text in the widget and the contrast of its colour against what is behind it. */
export interface TextContrast {
  text: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * Runs in the page (pass it to `page.evaluate`): for every element in `selector`'s shadow root
 * that holds text of its own, its computed colour against the background actually behind it —
 * the backgrounds of its ancestors, through the shadow host into the page, composited over the
 * white canvas. Colours Chromium does not give as rgb()/rgba() come back with ratio NaN, so a
 * test notices instead of passing on something it did not measure.
 *
 * @example
 * const contrasts = await page.evaluate(shadowTextContrasts, 'kdi-status');
 */
export function shadowTextContrasts(selector: string): TextContrast[] {
  type Rgba = [number, number, number, number];
  const parse = (value: string): Rgba | undefined => {
    const match = /^rgba?\(([^)]+)\)$/.exec(value.trim());
    if (!match) return undefined;
    const [r, g, b, a = 1] = match[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    return [r!, g!, b!, a];
  };
  const over = (top: Rgba, bottom: Rgba): Rgba => {
    const a = top[3];
    return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
  };
  const luminance = ([r, g, b]: Rgba) => {
    const channel = (c: number) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const parentOf = (element: Element): Element | null =>
    element.parentElement ?? ((element.getRootNode() as ShadowRoot).host as Element | undefined) ?? null;

  const host = document.querySelector(selector);
  const root = host?.shadowRoot;
  if (!root) return [];
  const results: TextContrast[] = [];
  for (const element of root.querySelectorAll('*')) {
    const own = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
    if (!own) continue;
    const style = getComputedStyle(element);
    if (style.visibility === 'hidden' || style.display === 'none' || (element as HTMLElement).offsetParent === null) continue;
    const layers: string[] = [];
    for (let at: Element | null = element; at; at = parentOf(at)) layers.push(getComputedStyle(at).backgroundColor);
    let background: Rgba | undefined = [255, 255, 255, 1];
    for (const layer of layers.reverse()) {
      const parsed = parse(layer);
      background = parsed && background ? over(parsed, background) : undefined;
    }
    const color = parse(style.color);
    let ratio = Number.NaN;
    if (color && background) {
      const [l1, l2] = [luminance(over(color, background)), luminance(background)].sort((a, b) => b - a);
      ratio = (l1! + 0.05) / (l2! + 0.05);
    }
    const shown = background ? `rgb(${background.slice(0, 3).map(Math.round).join(', ')})` : 'unknown';
    results.push({ text: own.slice(0, 60), color: style.color, background: shown, ratio: Math.round(ratio * 100) / 100 });
  }
  return results;
}
