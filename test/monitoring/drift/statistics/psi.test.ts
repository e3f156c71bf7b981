import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DriftStatisticsInputError,
  psiCategorical,
  psiFromCounts,
  psiQuantileBins,
} from '../../../../src/monitoring/drift/statistics/index.ts';
import { assertClose, decodeSample, loadFixture, type StoredSample } from './fixture-data.ts';

type PsiCase =
  | {
      name: string;
      kind: 'quantile';
      a: StoredSample;
      b: StoredSample;
      bins: number;
      expected: { psi: number; cutPoints: number[]; referenceCounts: number[]; currentCounts: number[] };
    }
  | { name: string; kind: 'counts'; reference: number[]; current: number[]; expected: { psi: number } };

// The oracle in scripts/make-ks-fixtures.py implements the same definition with numpy
// (np.quantile cut points, np.searchsorted binning, Evidently's fill).
describe('PSI agrees with the numpy reference implementation', () => {
  const { cases } = loadFixture<{ cases: PsiCase[] }>('psi.json');
  for (const c of cases) {
    test(c.name, () => {
      if (c.kind === 'counts') {
        assertClose(psiFromCounts(c.reference, c.current).psi, c.expected.psi, { abs: 1e-12, rel: 1e-12 }, 'psi');
        return;
      }
      const a = decodeSample(c.a);
      const b = decodeSample(c.b);
      const result = psiQuantileBins(a, b, { bins: c.bins });
      assert.deepEqual([...result.cutPoints], c.expected.cutPoints);
      assert.deepEqual([...result.referenceShares], c.expected.referenceCounts.map((k) => k / a.length));
      assert.deepEqual([...result.currentShares], c.expected.currentCounts.map((k) => k / b.length));
      assertClose(result.psi, c.expected.psi, { abs: 1e-12, rel: 1e-12 }, 'psi');
    });
  }
});

describe('PSI behaviour', () => {
  test('identical distributions give 0; the index is symmetric', () => {
    assert.equal(psiFromCounts([10, 20, 30], [1, 2, 3]).psi, 0);
    const ab = psiFromCounts([50, 30, 20], [30, 30, 40]).psi;
    assertClose(psiFromCounts([30, 30, 40], [50, 30, 20]).psi, ab, { abs: 1e-15 }, 'symmetry');
    assertClose(ab, 0.2 * Math.log(0.5 / 0.3) - 0.2 * Math.log(0.2 / 0.4), { abs: 1e-15 }, 'by hand');
  });

  test('an empty bin is filled with a share of 0.0001 (Evidently’s rule)', () => {
    const { psi } = psiFromCounts([50, 50, 0], [40, 40, 20]);
    const expected = 0.1 * Math.log(0.5 / 0.4) * 2 + (0.0001 - 0.2) * Math.log(0.0001 / 0.2);
    assertClose(psi, expected, { abs: 1e-12 }, 'psi');
  });

  test('a bin empty on both sides adds nothing', () => {
    assert.equal(psiFromCounts([10, 0, 10], [10, 0, 10]).psi, 0);
  });

  test('categorical values are counted over the union of categories', () => {
    const result = psiCategorical(['drama', 'comedy', 'drama'], ['drama', 'horror']);
    assert.deepEqual(result.categories, ['comedy', 'drama', 'horror']);
    assert.deepEqual([...result.referenceShares], [1 / 3, 2 / 3, 0]);
    assert.deepEqual([...result.currentShares], [0, 0.5, 0.5]);
    assert.ok(result.psi > 1);
  });

  test('ties merge quantile bins instead of leaving empty ones', () => {
    // np.quantile gives the deciles 1 (seven times), 1.2000000000000002, 2.0999999999999996.
    const result = psiQuantileBins([1, 1, 1, 1, 1, 1, 1, 1, 2, 3], [1, 2, 3]);
    assert.deepEqual([...result.cutPoints], [1, 1.2000000000000002, 2.0999999999999996]);
    assert.deepEqual([...result.referenceShares], [0, 0.8, 0.1, 0.1]);
  });

  test('bad input is rejected with the field named', () => {
    const error = (field: string) => (e: unknown) => e instanceof DriftStatisticsInputError && e.field === field;
    assert.throws(() => psiQuantileBins([], [1]), error('reference'));
    assert.throws(() => psiQuantileBins([1], [1], { bins: 0 }), error('bins'));
    assert.throws(() => psiFromCounts([1, 2], [0, 0]), error('current'));
    assert.throws(() => psiCategorical([], ['a']), error('reference'));
  });
});
