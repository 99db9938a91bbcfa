import type { Component } from '@kdi-status/sdk';

/** A box's size and the gaps between boxes and layers, in SVG user units (px at scale 1). */
export const BOX = { width: 180, height: 52, layerGap: 44, gap: 14, margin: 8 } as const;

export interface LaidOutNode {
  id: string;
  /** The longest dependency path from the root to it: its layer (the root is 0). */
  depth: number;
  /** Top-left corner of its box. */
  x: number;
  y: number;
  /** The node that holds it in the text alternative's tree: a direct dependant one layer up (null for the root). */
  treeParent: string | null;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  /** Where the arrow leaves `from`'s box and reaches `to`'s. */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface DependencyLayout {
  /** Layers run left to right (`across`) when the widest layer has more boxes than there are layers, else top to bottom. */
  direction: 'across' | 'down';
  /** In drawing order: layer by layer, each layer in its order along the cross axis. */
  nodes: LaidOutNode[];
  edges: LaidOutEdge[];
  width: number;
  height: number;
}

type Dependencies = ReadonlyMap<string, Pick<Component, 'id' | 'dependsOn'>>;

/** The root and everything it depends on transitively, that exists; each once (diamonds drawn once). */
function closureOf(rootId: string, components: Dependencies): string[] {
  const seen = new Set<string>([rootId]);
  const queue = [rootId];
  for (let i = 0; i < queue.length; i++) {
    for (const dep of components.get(queue[i]!)?.dependsOn ?? []) {
      if (seen.has(dep) || !components.has(dep)) continue;
      seen.add(dep);
      queue.push(dep);
    }
  }
  return queue;
}

/**
 * Lays out a component's dependency picture: the component first (top or left), what it depends
 * on transitively in layers after it. A node's layer is its longest path from the root, so every
 * edge points forward; within a layer nodes sit in the mean order of their dependants (fewer
 * crossings), then by id. Each dependency is one node however many paths reach it. The server
 * refuses cycles; should one slip in, the nodes on it keep the layer first found and no edge
 * points back into a layer already placed.
 *
 * @example
 * const layout = layoutDependencies('ky', view.componentsById);
 * layout.nodes[0]; // { id: 'ky', depth: 0, x: 8, y: …, treeParent: null }
 */
export function layoutDependencies(rootId: string, components: Dependencies): DependencyLayout {
  const ids = components.has(rootId) ? closureOf(rootId, components) : [];
  const inClosure = new Set(ids);
  const depsOf = (id: string) => [...new Set(components.get(id)?.dependsOn ?? [])].filter((d) => inClosure.has(d) && d !== id);

  // Longest-path layers by Kahn's algorithm on the closure (edges: dependant → dependency).
  const indegree = new Map(ids.map((id) => [id, 0]));
  for (const id of ids) for (const dep of depsOf(id)) indegree.set(dep, indegree.get(dep)! + 1);
  const depth = new Map<string, number>([[rootId, 0]]);
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const dep of depsOf(id)) {
      depth.set(dep, Math.max(depth.get(dep) ?? 0, depth.get(id)! + 1));
      indegree.set(dep, indegree.get(dep)! - 1);
      if (indegree.get(dep) === 0) ready.push(dep);
    }
  }
  // Only on a cycle (refused by the server): what Kahn could not order goes after the rest.
  for (const id of ids) {
    if (order.includes(id)) continue;
    order.push(id);
    if (!depth.has(id)) depth.set(id, 1);
  }

  const layers: string[][] = [];
  for (const id of order) (layers[depth.get(id)!] ??= []).push(id);
  const dependants = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const dep of depsOf(id)) dependants.get(dep)!.push(id);
  // Order each layer by the mean position of its dependants in the layers before it.
  const position = new Map<string, number>();
  const filled = layers.filter(Boolean);
  for (const layer of filled) {
    const mean = (id: string) => {
      const placed = dependants.get(id)!.filter((d) => position.has(d));
      return placed.length ? placed.reduce((sum, d) => sum + position.get(d)!, 0) / placed.length : 0;
    };
    layer.sort((a, b) => mean(a) - mean(b) || (a < b ? -1 : a > b ? 1 : 0));
    layer.forEach((id, index) => position.set(id, index));
  }

  const widest = Math.max(0, ...filled.map((layer) => layer.length));
  const direction = widest > filled.length ? 'across' : 'down';
  const step = direction === 'across' ? BOX.width + BOX.layerGap : BOX.height + BOX.layerGap;
  const crossStep = direction === 'across' ? BOX.height + BOX.gap : BOX.width + BOX.gap;
  const crossLength = widest * crossStep - BOX.gap;
  const nodes: LaidOutNode[] = [];
  const byId = new Map<string, LaidOutNode>();
  filled.forEach((layer, layerIndex) => {
    // Each layer centred on the cross axis.
    const offset = (crossLength - (layer.length * crossStep - BOX.gap)) / 2;
    layer.forEach((id, index) => {
      const along = BOX.margin + layerIndex * step;
      const cross = BOX.margin + offset + index * crossStep;
      const treeParent =
        id === rootId
          ? null
          : (dependants
              .get(id)!
              .filter((d) => depth.get(d)! < depth.get(id)!)
              .sort((a, b) => depth.get(b)! - depth.get(a)! || position.get(a)! - position.get(b)!)[0] ?? null);
      const node = { id, depth: layerIndex, x: direction === 'across' ? along : cross, y: direction === 'across' ? cross : along, treeParent };
      nodes.push(node);
      byId.set(id, node);
    });
  });

  const edges: LaidOutEdge[] = [];
  for (const node of nodes) {
    for (const dep of depsOf(node.id)) {
      const to = byId.get(dep)!;
      if (to.depth <= node.depth) continue;
      edges.push(
        direction === 'across'
          ? { from: node.id, to: dep, x1: node.x + BOX.width, y1: node.y + BOX.height / 2, x2: to.x, y2: to.y + BOX.height / 2 }
          : { from: node.id, to: dep, x1: node.x + BOX.width / 2, y1: node.y + BOX.height, x2: to.x + BOX.width / 2, y2: to.y },
      );
    }
  }
  const alongLength = filled.length * step - BOX.layerGap;
  const [w, h] = direction === 'across' ? [alongLength, crossLength] : [crossLength, alongLength];
  return { direction, nodes, edges, width: Math.max(0, w) + 2 * BOX.margin, height: Math.max(0, h) + 2 * BOX.margin };
}
