import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import landscape from '../seed/demo-landscape.json' with { type: 'json' };
import { assertValidDependencies, findCycle } from './dependency-graph.js';
import { UnprocessableError } from './errors.js';

const c = (id: string, dependsOn: string[] = []) => ({ id, dependsOn });

describe('dependency graph', () => {
  it('finds no cycle in a DAG with a diamond', () => {
    assert.equal(findCycle([c('app', ['a', 'b']), c('a', ['base']), c('b', ['base']), c('base')]), null);
  });

  it('names the components around a cycle', () => {
    assert.deepEqual(findCycle([c('app', ['a']), c('a', ['b']), c('b', ['c']), c('c', ['a'])]), ['a', 'b', 'c', 'a']);
    assert.deepEqual(findCycle([c('self', ['self'])]), ['self', 'self']);
  });

  it('rejects a cycle and an unknown dependency with errors that name them', () => {
    assert.throws(
      () => assertValidDependencies([c('a', ['b']), c('b', ['a'])]),
      (e: unknown) => e instanceof UnprocessableError && e.code === 'dependency_cycle' && /a → b → a/.test(e.message),
    );
    assert.throws(
      () => assertValidDependencies([c('a', ['ghost'])]),
      (e: unknown) => e instanceof UnprocessableError && e.errors![0]!.message.includes('"ghost"'),
    );
  });

  it('accepts the demo landscape', () => {
    assert.doesNotThrow(() => assertValidDependencies(landscape.components));
  });
});
