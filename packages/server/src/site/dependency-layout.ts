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
  /**
   * From where the arrow leaves `from`'s box to where it reaches `to`'s; between them, for an edge
   * that crosses layers, where it enters and leaves the free slot kept for it in each.
   */
  points: Array<[x: number, y: number]>;
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
 * edge points forward; an edge that crosses layers passes through a free slot in each (never
 * through a box); within a layer nodes sit in the mean order of their neighbours one layer up
 * (fewer crossings), then by id. Each dependency is one node however many paths reach it. The server
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

  // Layers numbered without gaps (a gap only on a cycle), then each long edge gets a waypoint slot
  // in every layer it crosses, so no arrow runs through a box.
  const levels = [...new Set(order.map((id) => depth.get(id)!))].sort((a, b) => a - b);
  const layerOf = new Map(order.map((id) => [id, levels.indexOf(depth.get(id)!)]));
  const layers: string[][] = levels.map(() => []);
  /** Each slot's neighbours one layer up: what orders it. */
  const up = new Map<string, string[]>();
  for (const id of order) {
    layers[layerOf.get(id)!]!.push(id);
    up.set(id, []);
  }
  const chains: Array<{ from: string; to: string; waypoints: string[] }> = [];
  for (const id of order) {
    for (const dep of depsOf(id)) {
      const [a, b] = [layerOf.get(id)!, layerOf.get(dep)!];
      if (b <= a) continue; // only on a cycle
      const waypoints: string[] = [];
      let previous = id;
      for (let layer = a + 1; layer < b; layer++) {
        // Slugs have no '>' or '@': a waypoint's key never names a component.
        const key = `${id}>${dep}@${layer}`;
        layers[layer]!.push(key);
        up.set(key, [previous]);
        waypoints.push(key);
        previous = key;
      }
      up.get(dep)!.push(previous);
      chains.push({ from: id, to: dep, waypoints });
    }
  }
  // Order each layer by the mean position of its neighbours one layer up (fewer crossings), then by key.
  const position = new Map<string, number>();
  for (const layer of layers) {
    const mean = (key: string) => {
      const placed = up.get(key)!.filter((k) => position.has(k));
      return placed.length ? placed.reduce((sum, k) => sum + position.get(k)!, 0) / placed.length : 0;
    };
    const means = new Map(layer.map((key) => [key, mean(key)]));
    layer.sort((a, b) => means.get(a)! - means.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
    layer.forEach((key, index) => position.set(key, index));
  }

  const widest = Math.max(0, ...layers.map((layer) => layer.length));
  const direction = widest > layers.length ? 'across' : 'down';
  const step = direction === 'across' ? BOX.width + BOX.layerGap : BOX.height + BOX.layerGap;
  const crossStep = direction === 'across' ? BOX.height + BOX.gap : BOX.width + BOX.gap;
  const crossLength = widest * crossStep - BOX.gap;
  /** Top-left corner of every slot. */
  const corner = new Map<string, { x: number; y: number }>();
  layers.forEach((layer, layerIndex) => {
    // Each layer centred on the cross axis.
    const offset = (crossLength - (layer.length * crossStep - BOX.gap)) / 2;
    layer.forEach((key, index) => {
      const along = BOX.margin + layerIndex * step;
      const cross = BOX.margin + offset + index * crossStep;
      corner.set(key, direction === 'across' ? { x: along, y: cross } : { x: cross, y: along });
    });
  });

  const dependants = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const id of ids) for (const dep of depsOf(id)) dependants.get(dep)!.push(id);
  const nodes: LaidOutNode[] = layers.flatMap((layer, layerIndex) =>
    layer
      .filter((key) => inClosure.has(key))
      .map((id) => {
        // In the list, under the dependant nearest above it (the first of them in the picture).
        const above = dependants.get(id)!.filter((d) => layerOf.get(d)! < layerIndex);
        above.sort((a, b) => layerOf.get(b)! - layerOf.get(a)! || position.get(a)! - position.get(b)!);
        return { id, depth: layerIndex, ...corner.get(id)!, treeParent: id === rootId ? null : (above[0] ?? null) };
      }),
  );

  /** Where an edge leaves a slot (`out`) or enters it, on the layers' axis. */
  const anchor = (key: string, side: 'in' | 'out'): [number, number] => {
    const { x, y } = corner.get(key)!;
    return direction === 'across'
      ? [side === 'out' ? x + BOX.width : x, y + BOX.height / 2]
      : [x + BOX.width / 2, side === 'out' ? y + BOX.height : y];
  };
  const edges: LaidOutEdge[] = chains.map(({ from, to, waypoints }) => ({
    from,
    to,
    points: [anchor(from, 'out'), ...waypoints.flatMap((key) => [anchor(key, 'in'), anchor(key, 'out')]), anchor(to, 'in')],
  }));
  const alongLength = layers.length * step - BOX.layerGap;
  const [w, h] = direction === 'across' ? [alongLength, crossLength] : [crossLength, alongLength];
  return { direction, nodes, edges, width: Math.max(0, w) + 2 * BOX.margin, height: Math.max(0, h) + 2 * BOX.margin };
}
