/** @jsxRuntime automatic */
/** @jsxImportSource preact */
import type { ComponentStatus, ComponentWithStatus, Lang } from '@kdi-status/sdk';
import { BOX, layoutDependencies, type DependencyLayout, type LaidOutEdge } from './dependency-layout.js';
import { pathIn } from './layout.js';
import { messagesFor } from './messages.js';
import { StatusLabel } from './status-label.js';

/** The mark beside a status in the picture (the stylesheet's marks; SVG text has no `::before`). */
const STATUS_MARK: Record<ComponentStatus, string> = {
  operational: '✓',
  degraded_performance: '◐',
  partial_outage: '▲',
  major_outage: '✕',
  under_maintenance: '⚙',
};

/** Characters of a name that fit in a box; the full name is in the box's `<title>` and in the list. */
const NAME_FITS = 20;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * `name` cut to fit a box, by code point (never half a surrogate pair), with an ellipsis.
 *
 * @example
 * fitName('KY – Kommunernes Ydelsessystem'); // 'KY – Kommunernes Yd…'
 */
export function fitName(name: string): string {
  const chars = Array.from(name);
  return chars.length > NAME_FITS ? `${chars.slice(0, NAME_FITS - 1).join('')}…` : name;
}

/** An edge as curves between layers joined by straight runs through its free slots. */
function edgePath({ points }: LaidOutEdge, direction: DependencyLayout['direction']): string {
  const [x0, y0] = points[0]!;
  let d = `M${round(x0)} ${round(y0)}`;
  for (let i = 1; i < points.length; i++) {
    const [xa, ya] = points[i - 1]!;
    const [xb, yb] = points[i]!;
    if (i % 2 === 0) {
      d += `L${round(xb)} ${round(yb)}`;
      continue;
    }
    const [c1, c2] =
      direction === 'across'
        ? [`${round((xa + xb) / 2)} ${round(ya)}`, `${round((xa + xb) / 2)} ${round(yb)}`]
        : [`${round(xa)} ${round((ya + yb) / 2)}`, `${round(xb)} ${round((ya + yb) / 2)}`];
    d += `C${c1} ${c2} ${round(xb)} ${round(yb)}`;
  }
  return d;
}

export interface DependencyPictureProps {
  component: ComponentWithStatus;
  componentsById: ReadonlyMap<string, ComponentWithStatus>;
  lang: Lang;
}

/**
 * A component's dependencies as a picture drawn on the server: an SVG (`role="img"`, labelled by
 * its `<title>`) with one box per component — name, a mark and the effective status in words, a
 * border whose pattern differs by status — and an arrow per dependency; then the same as a nested
 * list (each dependency once, under the dependant one layer up; other dependants named in "Afhænger
 * også af"), so nothing is told by the picture or by colour alone. Every name passes through
 * Preact's escaping; the picture has no inline style (the CSP forbids it): classes only.
 *
 * @example
 * renderPage(<DependencyPicture component={ky} componentsById={view.componentsById} lang="da" />);
 */
export function DependencyPicture({ component, componentsById, lang }: DependencyPictureProps) {
  const t = messagesFor(lang);
  const layout = layoutDependencies(component.id, componentsById);
  if (layout.nodes.length <= 1) return <p>{t.noDependencies}</p>;
  const titleId = 'dependency-graph-title';
  const of = (id: string) => componentsById.get(id)!;
  return (
    <>
      <p>{t.dependenciesIntro}</p>
      <figure class="dependency-figure">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          class={`dependency-graph dependency-graph-${layout.direction}`}
          role="img"
          aria-labelledby={titleId}
          viewBox={`0 0 ${round(layout.width)} ${round(layout.height)}`}
          width={round(layout.width)}
          height={round(layout.height)}
        >
          <title id={titleId}>
            {`${t.dependencyGraphOf} ${component.name}: ${layout.nodes.length - 1} ${t.componentsCount}. ${t.graphListBelow}`}
          </title>
          <defs>
            <marker id="dependency-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto">
              <path class="arrow-head" d="M0 0L10 5L0 10z" />
            </marker>
          </defs>
          <g class="edges">
            {layout.edges.map((edge) => (
              <path
                class="edge"
                data-from={edge.from}
                data-to={edge.to}
                d={edgePath(edge, layout.direction)}
                marker-end="url(#dependency-arrow)"
              />
            ))}
          </g>
          <g class="nodes">
            {layout.nodes.map((node) => {
              const c = of(node.id);
              const status = c.effective.status;
              return (
                <g
                  class={`node node-${status}${node.id === component.id ? ' node-root' : ''}`}
                  data-component={node.id}
                  transform={`translate(${round(node.x)} ${round(node.y)})`}
                >
                  <title>{`${c.name}: ${t.status[status]}`}</title>
                  <rect class="node-box" width={BOX.width} height={BOX.height} rx="4" />
                  <text class="node-name" x="10" y="21">
                    {fitName(c.name)}
                  </text>
                  <text class="node-status" x="10" y="40">
                    {`${STATUS_MARK[status]} ${t.status[status]}`}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      </figure>
      <h3 id="dependency-list">{t.dependencyList}</h3>
      <DependencyTree layout={layout} rootId={component.id} componentsById={componentsById} lang={lang} />
    </>
  );
}

/** The text alternative: the layout's tree as nested lists, each component once, with its status in words. */
function DependencyTree({
  layout,
  rootId,
  componentsById,
  lang,
}: {
  layout: DependencyLayout;
  rootId: string;
  componentsById: ReadonlyMap<string, ComponentWithStatus>;
  lang: Lang;
}) {
  const t = messagesFor(lang);
  const children = new Map<string, string[]>();
  for (const node of layout.nodes) if (node.treeParent) children.set(node.treeParent, [...(children.get(node.treeParent) ?? []), node.id]);
  const direct = new Map<string, string[]>();
  for (const edge of layout.edges) direct.set(edge.from, [...(direct.get(edge.from) ?? []), edge.to]);
  const item = (id: string) => {
    const c = componentsById.get(id)!;
    const kids = children.get(id) ?? [];
    // Dependencies drawn as arrows that the nesting does not show: listed under another dependant.
    const also = (direct.get(id) ?? []).filter((dep) => !kids.includes(dep));
    return (
      <li>
        {id === rootId ? <span class="text">{c.name}</span> : <a href={pathIn(`/c/${id}`, lang)}>{c.name}</a>}{' '}
        <StatusLabel status={c.effective.status} lang={lang} />
        {also.length ? (
          <p class="also">
            {t.alsoDependsOn} {also.map((dep) => componentsById.get(dep)!.name).join(', ')}
          </p>
        ) : null}
        {kids.length ? <ul>{kids.map(item)}</ul> : null}
      </li>
    );
  };
  return (
    <ul class="dependency-tree" aria-labelledby="dependency-list">
      {item(rootId)}
    </ul>
  );
}
