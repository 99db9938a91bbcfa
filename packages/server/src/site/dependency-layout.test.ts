import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Component } from '@kdi-status/sdk';
import { dependencyClosure } from '../domain/dependency-graph.js';
import { deepLandscape } from '../test-support/deep-landscape.js';
import { fitName } from './dependency-graph.js';
import { BOX, layoutDependencies, type DependencyLayout } from './dependency-layout.js';

type Deps = Pick<Component, 'id' | 'dependsOn'>;
const byId = (components: Deps[]) => new Map(components.map((c) => [c.id, c]));
const demo = (JSON.parse(readFileSync(new URL('../seed/demo-landscape.json', import.meta.url), 'utf8')) as { components: Deps[] })
  .components;

/** Every check a layout must pass for `rootId` in `components`. */
function assertSound(layout: DependencyLayout, rootId: string, components: Deps[]) {
  const expected = dependencyClosure([rootId], components);
  const ids = layout.nodes.map((n) => n.id);
  assert.deepEqual([...ids].sort(), [...expected].sort(), 'every component of the closure, once');
  assert.equal(new Set(ids).size, ids.length, 'no component twice');
  const pairs = components.filter((c) => expected.has(c.id)).flatMap((c) => c.dependsOn.map((d) => `${c.id}>${d}`));
  assert.deepEqual(layout.edges.map((e) => `${e.from}>${e.to}`).sort(), [...new Set(pairs)].sort(), 'every dependency, one arrow');

  const node = new Map(layout.nodes.map((n) => [n.id, n]));
  assert.equal(node.get(rootId)!.depth, 0);
  assert.equal(node.get(rootId)!.treeParent, null);
  for (const e of layout.edges) assert.ok(node.get(e.to)!.depth > node.get(e.from)!.depth, `${e.from} → ${e.to} points forward`);

  // Boxes inside the picture, none overlapping, and no arrow's waypoint inside a box.
  const boxes = layout.nodes.map((n) => ({ id: n.id, x1: n.x, y1: n.y, x2: n.x + BOX.width, y2: n.y + BOX.height }));
  for (const b of boxes) {
    assert.ok(b.x1 >= 0 && b.y1 >= 0 && b.x2 <= layout.width && b.y2 <= layout.height, `${b.id} inside the picture`);
    for (const o of boxes) {
      if (o === b) continue;
      assert.ok(b.x2 <= o.x1 || o.x2 <= b.x1 || b.y2 <= o.y1 || o.y2 <= b.y1, `${b.id} and ${o.id} do not overlap`);
    }
  }
  for (const e of layout.edges) {
    assert.ok(e.points.length >= 2 && e.points.length % 2 === 0, `${e.from} → ${e.to}: start, pairs of waypoints, end`);
    for (const [x, y] of e.points.slice(1, -1))
      for (const b of boxes) assert.ok(!(x > b.x1 && x < b.x2 && y > b.y1 && y < b.y2), `${e.from} → ${e.to} passes by ${b.id}`);
  }

  // The text alternative's tree: every other node under a direct dependant, and every chain reaches the root.
  for (const n of layout.nodes) {
    if (n.id === rootId) continue;
    assert.ok(
      layout.edges.some((e) => e.from === n.treeParent && e.to === n.id),
      `${n.id} sits under a direct dependant (${n.treeParent})`,
    );
    let at: string | null = n.id;
    for (let steps = 0; at !== rootId; steps++) {
      assert.ok(steps < ids.length, `${n.id} reaches the root`);
      at = node.get(at!)!.treeParent;
    }
  }
}

describe('dependency picture layout', () => {
  it('lays out KY of the demo landscape: each dependency once, every edge, layers across (wide, not deep)', () => {
    const layout = layoutDependencies('ky', byId(demo));
    assertSound(layout, 'ky', demo);
    assert.equal(layout.direction, 'across');
    assert.equal(layout.nodes.length, 16);
    // ky → serviceplatformen → organisation → sts → administrationsmodul → mitid, though ky → context-handler → administrationsmodul is shorter.
    assert.equal(layout.nodes.find((n) => n.id === 'mitid')!.depth, 5, 'the longest path decides the layer');
  });

  it('lays out every component of the demo landscape soundly', () => {
    for (const c of demo) assertSound(layoutDependencies(c.id, byId(demo)), c.id, demo);
  });

  it('lays out a generated deep landscape of 30 components top to bottom, diamonds drawn once', () => {
    const deep = deepLandscape(30);
    const layout = layoutDependencies('g0', byId(deep));
    assertSound(layout, 'g0', deep);
    assert.equal(layout.direction, 'down');
    assert.equal(layout.nodes.length, 30);
    assert.equal(Math.max(...layout.nodes.map((n) => n.depth)), 29);
    assert.ok(
      layout.edges.some((e) => e.points.length > 2),
      'a long edge runs through waypoint slots',
    );
  });

  it('draws a diamond once and a component without dependencies alone', () => {
    const diamond = [
      { id: 'top', dependsOn: ['left', 'right'] },
      { id: 'left', dependsOn: ['bottom'] },
      { id: 'right', dependsOn: ['bottom'] },
      { id: 'bottom', dependsOn: [] },
    ];
    const layout = layoutDependencies('top', byId(diamond));
    assertSound(layout, 'top', diamond);
    assert.equal(layout.nodes.filter((n) => n.id === 'bottom').length, 1);
    assert.deepEqual(
      layoutDependencies('bottom', byId(diamond)).nodes.map((n) => n.id),
      ['bottom'],
    );
    assert.deepEqual(layoutDependencies('nobody', byId(diamond)).nodes, []);
  });

  it('ignores dependencies on components that are not there (retired), and ends on a cycle that slipped past the server', () => {
    const gone = [
      { id: 'a', dependsOn: ['retired', 'b'] },
      { id: 'b', dependsOn: [] },
    ];
    assert.deepEqual(
      layoutDependencies('a', byId(gone)).nodes.map((n) => n.id),
      ['a', 'b'],
    );
    const cycle = [
      { id: 'a', dependsOn: ['b'] },
      { id: 'b', dependsOn: ['c'] },
      { id: 'c', dependsOn: ['b'] },
    ];
    const layout = layoutDependencies('a', byId(cycle));
    assert.deepEqual(layout.nodes.map((n) => n.id).sort(), ['a', 'b', 'c']);
  });

  it('cuts a long name to fit its box by code point, never half a surrogate pair', () => {
    assert.equal(fitName('KY – Kommunernes Ydelsessystem'), 'KY – Kommunernes Yd…');
    assert.equal(fitName('Kort navn'), 'Kort navn');
    const emoji = '😀'.repeat(30);
    assert.equal(fitName(emoji), `${'😀'.repeat(19)}…`);
    assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])/.test(fitName(`a${emoji}`)), 'no lone high surrogate');
  });
});
