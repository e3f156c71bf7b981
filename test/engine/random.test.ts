import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/engine/random.ts';

test('the same seed gives the same sequence; another seed another one', () => {
  const a = new Random(42);
  const b = new Random(42);
  const c = new Random(43);
  const seqA = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(seqA, Array.from({ length: 5 }, () => b.next()));
  assert.notDeepEqual(seqA, Array.from({ length: 5 }, () => c.next()));
});

test('uniforms lie in [0, 1) and normals have the requested mean and spread', () => {
  const rng = new Random(1);
  let sum = 0;
  let sumSq = 0;
  const n = 200_000;
  for (let k = 0; k < n; k++) {
    const u = rng.next();
    assert.ok(u >= 0 && u < 1);
    const z = rng.normal(2, 0.5);
    sum += z;
    sumSq += z * z;
  }
  const mean = sum / n;
  const std = Math.sqrt(sumSq / n - mean * mean);
  assert.ok(Math.abs(mean - 2) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.5) < 0.01, `std ${std}`);
});

test('shuffle is a permutation', () => {
  const xs = Int32Array.from({ length: 1000 }, (_, k) => k);
  new Random(7).shuffle(xs);
  assert.notDeepEqual([...xs], Array.from({ length: 1000 }, (_, k) => k));
  assert.deepEqual([...xs].sort((p, q) => p - q), Array.from({ length: 1000 }, (_, k) => k));
});
