import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countCategories,
  DriftStatisticsInputError,
  histogramOnCommonEdges,
} from '../../../../src/monitoring/drift/statistics/index.ts';
import { decodeSample, loadFixture, type StoredSample } from './fixture-data.ts';

interface HistogramCase {
  name: string;
  a: StoredSample;
  b: StoredSample;
  bins: number | null;
  expected: { edges: number[]; reference: number[]; current: number[] };
}

describe('histogramOnCommonEdges agrees with numpy.histogram_bin_edges + numpy.histogram', () => {
  const { cases } = loadFixture<{ cases: HistogramCase[] }>('histogram.json');
  for (const c of cases) {
    test(c.name, () => {
      const h = histogramOnCommonEdges(decodeSample(c.a), decodeSample(c.b), c.bins === null ? {} : { bins: c.bins });
      assert.deepEqual([...h.edges], c.expected.edges);
      assert.deepEqual([...h.reference], c.expected.reference);
      assert.deepEqual([...h.current], c.expected.current);
    });
  }
});

describe('countCategories', () => {
  test('aligns both samples on the sorted union of categories', () => {
    const counts = countCategories(Int32Array.of(5, 3, 5, 1), Int32Array.of(3, 9));
    assert.deepEqual(counts.categories, [1, 3, 5, 9]);
    assert.deepEqual([...counts.reference], [1, 1, 2, 0]);
    assert.deepEqual([...counts.current], [0, 1, 0, 1]);
  });
  test('rejects empty samples and NaN categories', () => {
    assert.throws(() => countCategories([], [1]), (e) => e instanceof DriftStatisticsInputError && e.field === 'reference');
    assert.throws(() => countCategories([1], [Number.NaN]), (e) => e instanceof DriftStatisticsInputError && e.field === 'current');
  });
});

test('histogramOnCommonEdges rejects a non-integer bin count', () => {
  assert.throws(() => histogramOnCommonEdges([1], [2], { bins: 2.5 }), (e) => e instanceof DriftStatisticsInputError && e.field === 'bins');
});
