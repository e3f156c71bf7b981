/**
 * Reads the reference values that scripts/make-ks-fixtures.py computed with numpy/scipy.
 * Samples are stored either as plain values or as whole half-stars (rating = k / 2).
 */
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const FIXTURES = new URL('../fixtures/', import.meta.url);

export type StoredSample = { values: number[] } | { halfStars: number[] };

export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as T;
}

export function decodeSample(sample: StoredSample): Float64Array {
  return 'halfStars' in sample ? Float64Array.from(sample.halfStars, (k) => k / 2) : Float64Array.from(sample.values);
}

/** |actual − expected| <= abs, and when rel is given also <= rel·|expected|. */
export function assertClose(actual: number, expected: number, tolerance: { abs: number; rel?: number }, what: string): void {
  const diff = Math.abs(actual - expected);
  assert.ok(diff <= tolerance.abs, `${what}: ${actual} vs ${expected} (difference ${diff} > ${tolerance.abs})`);
  if (tolerance.rel !== undefined) {
    assert.ok(
      diff <= tolerance.rel * Math.abs(expected),
      `${what}: ${actual} vs ${expected} (relative difference ${diff / Math.abs(expected)} > ${tolerance.rel})`,
    );
  }
}
