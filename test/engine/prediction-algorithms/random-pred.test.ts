import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NormalPredictor } from '../../../src/engine/prediction-algorithms/random-pred.ts';
import { randomTrainset, trainsetOf } from './factor-fixtures.ts';

test('σ̂ is the maximum-likelihood estimate: Σ (r − μ)² / n under the root', () => {
  // ratings 1..5: μ = 3, Σ (r − μ)² = 4 + 1 + 0 + 1 + 4 = 10, σ̂ = √(10 / 5) = √2
  const ts = trainsetOf([
    [1, 1, 1],
    [1, 2, 2],
    [2, 1, 3],
    [2, 2, 4],
    [3, 3, 5],
  ]);
  const algo = new NormalPredictor().fit(ts);
  assert.equal(algo.learnedArrays().sigma[0], Math.sqrt(2));
});

test('draws over many pairs have mean μ̂ and spread σ̂', () => {
  const ts = randomTrainset(60, 50, 0.3, 1);
  const algo = new NormalPredictor().fit(ts);
  const sigma = algo.learnedArrays().sigma[0];
  let sum = 0;
  let sumSq = 0;
  const n = 300 * 300;
  for (let u = 0; u < 300; u++) {
    for (let i = 0; i < 300; i++) {
      const x = algo.estimate(u, i);
      sum += x;
      sumSq += x * x;
    }
  }
  const mean = sum / n;
  assert.ok(Math.abs(mean - ts.globalMean) < 0.01, `mean ${mean} vs ${ts.globalMean}`);
  assert.ok(Math.abs(Math.sqrt(sumSq / n - mean * mean) - sigma) < 0.01);
});

test('an estimate depends only on (random_state, u, i): repeatable, and another seed draws anew', () => {
  const ts = randomTrainset(10, 10, 0.5, 2);
  const a = new NormalPredictor({ random_state: 5 }).fit(ts);
  const b = new NormalPredictor({ random_state: 5 }).fit(ts);
  const c = new NormalPredictor({ random_state: 6 }).fit(ts);
  assert.equal(a.estimate(3, 4), a.estimate(3, 4));
  assert.equal(a.estimate(3, 4), b.estimate(3, 4));
  assert.notEqual(a.estimate(3, 4), c.estimate(3, 4));
  assert.notEqual(a.estimate(3, 4), a.estimate(4, 3));
  // unknown users and items get a draw too, clipped by predict
  const p = a.predict(-5, -6);
  assert.equal(p.details.wasImpossible, false);
  assert.ok(p.est >= 1 && p.est <= 5);
});
