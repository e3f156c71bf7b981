import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kolmogorovTwoSidedSf } from '../../../../src/monitoring/drift/statistics/kolmogorov-two-sided.ts';
import { smirnovSf } from '../../../../src/monitoring/drift/statistics/smirnov.ts';
import { assertClose, loadFixture } from './fixture-data.ts';

type Grid = { rows: [number, number, number][] };

// The grids cross every method boundary of scipy's implementation (n <= 140 / > 140 / > 100 000,
// the n·d² thresholds, d <= 1/n, d >= 1 − 1/n, d >= 1/2, n > 10^6).
test('kolmogorovTwoSidedSf agrees with scipy.stats.kstwo.sf on a grid of (n, d)', () => {
  const { rows } = loadFixture<Grid>('kstwo-sf.json');
  assert.ok(rows.length > 400);
  for (const [n, d, expected] of rows) {
    const actual = kolmogorovTwoSidedSf(n, d);
    assertClose(actual, expected, { abs: 1e-9 }, `kstwo.sf(${d}, ${n})`);
    if (expected > 1e-300) assertClose(actual, expected, { abs: 1, rel: 1e-7 }, `kstwo.sf(${d}, ${n})`);
  }
});

test('smirnovSf agrees with scipy.special.smirnov', () => {
  const { rows } = loadFixture<Grid>('smirnov-sf.json');
  for (const [n, x, expected] of rows) {
    const actual = smirnovSf(n, x);
    assertClose(actual, expected, { abs: 1e-12 }, `smirnov(${n}, ${x})`);
    if (expected > 1e-300) assertClose(actual, expected, { abs: 1, rel: 1e-9 }, `smirnov(${n}, ${x})`);
  }
});

test('kolmogorovTwoSidedSf is NaN for a size that is not a positive integer', () => {
  assert.ok(Number.isNaN(kolmogorovTwoSidedSf(0, 0.5)));
  assert.ok(Number.isNaN(kolmogorovTwoSidedSf(2.5, 0.5)));
});
