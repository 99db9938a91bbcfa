import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { component, incident, maintenance } from '../test-support/fixtures.js';
import { computeEffectiveStatuses } from './effective-status.js';

const T1 = '2026-11-26T09:00:00.000Z';

describe('computeEffectiveStatuses', () => {
  it('propagates along a chain, with the path the trouble came through', () => {
    // app -> platform -> sts, major outage on sts
    const components = [component('app', ['platform']), component('platform', ['sts']), component('sts')];
    const result = computeEffectiveStatuses(components, [incident('i1', { sts: 'major_outage' })], []);

    const app = result.get('app')!;
    assert.equal(app.status, 'major_outage');
    assert.equal(app.own, 'operational');
    assert.deepEqual(app.cause, { type: 'dependency', path: ['platform', 'sts'] });
    assert.deepEqual(app.sources, [
      { componentId: 'sts', status: 'major_outage', path: ['platform', 'sts'], incidentIds: ['i1'], maintenanceIds: [] },
    ]);
    assert.deepEqual(result.get('platform')!.cause, { type: 'dependency', path: ['sts'] });
    assert.deepEqual(result.get('sts')!.cause, { type: 'own' });
  });

  it('counts a diamond once and keeps the shortest path', () => {
    // app -> a -> base, app -> b -> c -> base
    const components = [
      component('app', ['b', 'a']),
      component('a', ['base']),
      component('b', ['c']),
      component('c', ['base']),
      component('base'),
    ];
    const result = computeEffectiveStatuses(components, [incident('i1', { base: 'partial_outage' })], []);

    const app = result.get('app')!;
    assert.equal(app.sources.length, 1);
    assert.deepEqual(app.sources[0]!.path, ['a', 'base']);
    assert.deepEqual(app.sources[0]!.incidentIds, ['i1']);
  });

  it('leaves a component that nothing depends on, and what it depends on, untouched by its own trouble', () => {
    const components = [component('leaf', ['base']), component('base'), component('other')];
    const result = computeEffectiveStatuses(components, [incident('i1', { leaf: 'degraded_performance' })], []);

    assert.equal(result.get('leaf')!.status, 'degraded_performance');
    assert.deepEqual(result.get('leaf')!.cause, { type: 'own' });
    assert.equal(result.get('base')!.status, 'operational');
    assert.deepEqual(result.get('base')!.sources, []);
    assert.equal(result.get('other')!.status, 'operational');
  });

  it('stops propagating a resolved incident, while another open incident still holds the component', () => {
    const components = [component('app', ['base']), component('base')];
    const resolved = incident('old', { base: 'major_outage' }, { status: 'resolved', resolvedAt: T1 });
    const open = incident('new', { base: 'degraded_performance' });

    const onlyResolved = computeEffectiveStatuses(components, [resolved], []);
    assert.equal(onlyResolved.get('app')!.status, 'operational');
    assert.deepEqual(onlyResolved.get('app')!.sources, []);

    const both = computeEffectiveStatuses(components, [resolved, open], []);
    assert.equal(both.get('app')!.status, 'degraded_performance');
    assert.deepEqual(both.get('app')!.sources[0]!.incidentIds, ['new']);
  });

  it('takes the worst source and prefers own trouble on a tie', () => {
    const components = [component('app', ['x', 'y']), component('x'), component('y')];
    const result = computeEffectiveStatuses(
      components,
      [incident('i1', { x: 'degraded_performance', y: 'major_outage', app: 'degraded_performance' })],
      [],
    );
    const app = result.get('app')!;
    assert.equal(app.status, 'major_outage');
    assert.deepEqual(app.cause, { type: 'dependency', path: ['y'] });
    assert.deepEqual(
      app.sources.map((s) => s.componentId),
      ['y', 'app', 'x'],
    );

    const tie = computeEffectiveStatuses(components, [incident('i2', { x: 'partial_outage', app: 'partial_outage' })], []);
    assert.deepEqual(tie.get('app')!.cause, { type: 'own' });
  });

  it('shows maintenance in progress as under_maintenance, but not scheduled maintenance', () => {
    const components = [component('app', ['base']), component('base')];
    const running = computeEffectiveStatuses(components, [], [maintenance('m1', ['base'])]);
    assert.equal(running.get('app')!.status, 'under_maintenance');
    assert.deepEqual(running.get('app')!.sources[0]!.maintenanceIds, ['m1']);

    const scheduled = computeEffectiveStatuses(components, [], [maintenance('m2', ['base'], { status: 'scheduled' })]);
    assert.equal(scheduled.get('app')!.status, 'operational');
  });

  it('uses a status an operator set by hand', () => {
    const components = [component('app', ['base']), component('base', [], { status: 'partial_outage' })];
    const result = computeEffectiveStatuses(components, [], []);
    assert.equal(result.get('app')!.status, 'partial_outage');
    assert.deepEqual(result.get('app')!.sources[0]!.incidentIds, []);
  });

  it('terminates on a cycle that got past validation, and ignores unknown dependencies', () => {
    const components = [component('a', ['b', 'ghost']), component('b', ['a'])];
    const result = computeEffectiveStatuses(components, [incident('i1', { b: 'major_outage' })], []);
    assert.equal(result.get('a')!.status, 'major_outage');
    assert.deepEqual(result.get('b')!.cause, { type: 'own' });
  });
});
