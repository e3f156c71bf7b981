import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DriftStatisticsInputError, ks2samp, type KsMethod } from '../../../../src/monitoring/drift/statistics/index.ts';
import { assertClose, decodeSample, loadFixture, type StoredSample } from './fixture-data.ts';

interface KsCase {
  name: string;
  a: StoredSample;
  b: StoredSample;
  method: KsMethod;
  expected: { statistic: number; pValue: number; method: 'exact' | 'asymp' };
}

const { cases } = loadFixture<{ cases: KsCase[] }>('ks-2samp.json');

describe('ks2samp agrees with scipy.stats.ks_2samp', () => {
  for (const c of cases) {
    test(c.name, () => {
      const result = ks2samp(decodeSample(c.a), decodeSample(c.b), { method: c.method });
      assert.equal(result.method, c.expected.method);
      assertClose(result.statistic, c.expected.statistic, { abs: 1e-6 }, 'statistic');
      assertClose(result.pValue, c.expected.pValue, { abs: 1e-6 }, 'p-value');
      // Tail p-values matter too (they rank how strongly features drifted): relative 1e-6 as well.
      if (c.expected.pValue > 0) assertClose(result.pValue, c.expected.pValue, { abs: 1, rel: 1e-6 }, 'p-value');
    });
  }
});

describe('ks2samp properties', () => {
  test('p-values lie in [0, 1] and the test is symmetric in its samples', () => {
    for (const c of cases) {
      const a = decodeSample(c.a);
      const b = decodeSample(c.b);
      const ab = ks2samp(a, b, { method: c.method });
      const ba = ks2samp(b, a, { method: c.method });
      assert.ok(ab.pValue >= 0 && ab.pValue <= 1, `${c.name}: p = ${ab.pValue}`);
      assert.ok(ab.statistic >= 0 && ab.statistic <= 1, `${c.name}: D = ${ab.statistic}`);
      assert.equal(ba.statistic, ab.statistic, c.name);
      assertClose(ba.pValue, ab.pValue, { abs: 1e-12 }, c.name);
    }
  });

  test('leaves the caller’s arrays unsorted', () => {
    const a = Float64Array.of(3, 1, 2);
    const b = Float64Array.of(9, 7, 8, 0);
    ks2samp(a, b);
    assert.deepEqual([...a], [3, 1, 2]);
    assert.deepEqual([...b], [9, 7, 8, 0]);
  });

  test('one value each, and samples of one repeated value', () => {
    assert.deepEqual(ks2samp([1], [2]), { statistic: 1, pValue: 1, method: 'exact' });
    assert.deepEqual(ks2samp([5, 5, 5], [5, 5]), { statistic: 0, pValue: 1, method: 'exact' });
    // scipy returns NaN here (effective size rounds to 0); Marquee keeps a probability.
    const asymp = ks2samp([1], [2], { method: 'asymp' });
    assert.equal(asymp.method, 'asymp');
    assert.ok(asymp.pValue >= 0 && asymp.pValue <= 1);
  });

  test('accepts any numeric array (Float32Array ratings, plain arrays)', () => {
    const a = Float32Array.of(4, 4.5, 3, 5);
    assert.deepEqual(ks2samp(a, [4, 4.5, 3, 5]), { statistic: 0, pValue: 1, method: 'exact' });
  });

  test("'exact' beyond an int32 lattice falls back to the asymptotic distribution, as scipy does", () => {
    const a = Float64Array.from({ length: 50_000 }, (_, i) => i % 10);
    const b = Float64Array.from({ length: 49_999 }, (_, i) => (i + 3) % 10);
    const exact = ks2samp(a, b, { method: 'exact' });
    assert.equal(exact.method, 'asymp');
    assert.deepEqual(exact, ks2samp(a, b, { method: 'asymp' }));
  });

  test('rejects empty samples, NaN and unknown options with the field named', () => {
    const error = (field: string) => (e: unknown) => e instanceof DriftStatisticsInputError && e.field === field;
    assert.throws(() => ks2samp([], [1, 2]), error('a'));
    assert.throws(() => ks2samp([1, 2], new Float64Array(0)), error('b'));
    assert.throws(() => ks2samp([1, Number.NaN], [1, 2]), error('a'));
    assert.throws(() => ks2samp([1, 2], [1, Infinity]), error('b'));
    assert.throws(() => ks2samp([1], [2], { method: 'fast' as KsMethod }), error('method'));
    assert.throws(() => ks2samp([1], [2], { alternative: 'less' as 'two-sided' }), error('alternative'));
    assert.throws(() => ks2samp([], [1]), /a: the sample is empty/);
  });
});
