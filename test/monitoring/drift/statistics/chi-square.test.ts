import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareHomogeneity, DriftStatisticsInputError } from '../../../../src/monitoring/drift/statistics/index.ts';
import { chiSquareSf } from '../../../../src/monitoring/drift/statistics/incomplete-gamma.ts';
import { assertClose, loadFixture } from './fixture-data.ts';

interface ContingencyCase {
  name: string;
  reference: number[];
  current: number[];
  expected: { statistic: number; pValue: number; dof: number };
}

test('chiSquareSf agrees with scipy.special.chdtrc, including where scipy uses its asymptotic series', () => {
  const { rows } = loadFixture<{ rows: [number, number, number][] }>('chi2-sf.json');
  for (const [dof, x, expected] of rows) {
    const actual = chiSquareSf(dof, x);
    assertClose(actual, expected, { abs: 1e-12 }, `chdtrc(${dof}, ${x})`);
    if (expected > 1e-300) assertClose(actual, expected, { abs: 1, rel: 1e-10 }, `chdtrc(${dof}, ${x})`);
  }
});

describe('chiSquareHomogeneity agrees with scipy.stats.chi2_contingency(correction=False)', () => {
  const { cases } = loadFixture<{ cases: ContingencyCase[] }>('chi2-contingency.json');
  for (const c of cases) {
    test(c.name, () => {
      const result = chiSquareHomogeneity(c.reference, c.current);
      assert.equal(result.dof, c.expected.dof);
      assertClose(result.statistic, c.expected.statistic, { abs: 1e-6, rel: 1e-9 }, 'statistic');
      assertClose(result.pValue, c.expected.pValue, { abs: 1e-6 }, 'p-value');
      if (c.expected.pValue > 0) assertClose(result.pValue, c.expected.pValue, { abs: 1, rel: 1e-6 }, 'p-value');
      const swapped = chiSquareHomogeneity(c.current, c.reference);
      assertClose(swapped.statistic, result.statistic, { abs: 1e-9 }, 'swapped statistic');
      assert.ok(result.pValue >= 0 && result.pValue <= 1);
    });
  }
});

describe('chiSquareHomogeneity input checks', () => {
  const error = (field: string) => (e: unknown) => e instanceof DriftStatisticsInputError && e.field === field;
  test('count vectors of different lengths', () => {
    assert.throws(() => chiSquareHomogeneity([1, 2, 3], [1, 2]), error('current'));
  });
  test('negative, NaN or all-zero counts', () => {
    assert.throws(() => chiSquareHomogeneity([1, -2], [1, 2]), error('reference'));
    assert.throws(() => chiSquareHomogeneity([1, 2], [Number.NaN, 2]), error('current'));
    assert.throws(() => chiSquareHomogeneity([0, 0], [1, 2]), error('reference'));
    assert.throws(() => chiSquareHomogeneity([], []), error('reference'));
  });
  test('typed arrays are accepted', () => {
    const result = chiSquareHomogeneity(Float64Array.of(10, 20), Int32Array.of(20, 10));
    assert.equal(result.dof, 1);
    assert.ok(result.pValue < 0.05);
  });
});
