import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DriftStatisticsInputError, wassersteinDistance } from '../../../../src/monitoring/drift/statistics/index.ts';
import { assertClose, decodeSample, loadFixture, type StoredSample } from './fixture-data.ts';

interface WassersteinCase {
  name: string;
  a: StoredSample;
  b: StoredSample;
  expected: number;
}

describe('wassersteinDistance agrees with scipy.stats.wasserstein_distance', () => {
  const { cases } = loadFixture<{ cases: WassersteinCase[] }>('wasserstein.json');
  for (const c of cases) {
    test(c.name, () => {
      const a = decodeSample(c.a);
      const b = decodeSample(c.b);
      assertClose(wassersteinDistance(a, b), c.expected, { abs: 1e-9 }, 'distance');
      assertClose(wassersteinDistance(b, a), c.expected, { abs: 1e-9 }, 'distance, samples swapped');
    });
  }
});

describe('wassersteinDistance properties', () => {
  test('shifting every value by c moves the distribution by exactly |c|', () => {
    const a = Float64Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 3);
    const shifted = a.map((x) => x + 0.75);
    assertClose(wassersteinDistance(a, shifted), 0.75, { abs: 1e-12 }, 'shift');
  });
  test('a sample is at distance 0 from itself in any order', () => {
    assert.equal(wassersteinDistance([3, 1, 2, 2], [2, 3, 2, 1]), 0);
  });
  test('empty samples and NaN are rejected with the field named', () => {
    assert.throws(() => wassersteinDistance([], [1]), (e) => e instanceof DriftStatisticsInputError && e.field === 'u');
    assert.throws(() => wassersteinDistance([1], [Number.NaN]), (e) => e instanceof DriftStatisticsInputError && e.field === 'v');
  });
});
