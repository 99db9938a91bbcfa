import type { Component } from '@kdi-status/sdk';

/**
 * A generated deep landscape for the dependency picture's tests: `n` components in a chain, each
 * also depending on the one two further down (diamonds, and edges that skip a layer), and every
 * fifth on the last one (long edges).
 *
 * @example
 * deepLandscape(3); // [{ id: 'g0', dependsOn: ['g1', 'g2'] }, { id: 'g1', dependsOn: ['g2'] }, { id: 'g2', dependsOn: [] }]
 */
export function deepLandscape(n: number): Array<Pick<Component, 'id' | 'dependsOn'>> {
  return Array.from({ length: n }, (_, i) => ({
    id: `g${i}`,
    dependsOn: [...new Set([i + 1, i + 2, i % 5 === 0 ? n - 1 : -1])].filter((j) => j > i && j < n).map((j) => `g${j}`),
  }));
}
