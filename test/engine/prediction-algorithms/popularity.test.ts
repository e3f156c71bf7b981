import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Popularity } from '../../../src/engine/prediction-algorithms/popularity.ts';
import { PredictionImpossible } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { TopNRanker } from '../../../src/engine/top-n.ts';
import { trainsetOf } from './factor-fixtures.ts';

// item 10: one 5 · item 20: six 4.5 · item 30: one 1 — μ = (5 + 27 + 1) / 8
const ts = trainsetOf([
  [1, 10, 5],
  [1, 20, 4.5],
  [2, 20, 4.5],
  [3, 20, 4.5],
  [4, 20, 4.5],
  [5, 20, 4.5],
  [6, 20, 4.5],
  [7, 30, 1],
]);
const mu = 33 / 8;

test('each item scores its Bayesian average (C·μ + Σ r) / (C + n)', () => {
  const algo = new Popularity({ prior_weight: 2 }).fit(ts);
  assert.equal(algo.estimate(0, 0), (2 * mu + 5) / (2 + 1));
  assert.equal(algo.estimate(0, 1), (2 * mu + 27) / (2 + 6));
  assert.equal(algo.estimate(0, 2), (2 * mu + 1) / (2 + 1));
  // the user does not matter, not even an unknown one
  assert.equal(algo.estimate(-1, 1), algo.estimate(2, 1));
});

test('the prior pulls a single 5 below six 4.5s', () => {
  const light = new Popularity({ prior_weight: 0 }).fit(ts);
  assert.equal(light.estimate(0, 0), 5);
  const heavy = new Popularity({ prior_weight: 10 }).fit(ts);
  assert.ok(heavy.estimate(0, 0) < heavy.estimate(0, 1));
  assert.deepEqual([...new TopNRanker(heavy).rank(-1, 3).items], [1, 0, 2]);
});

test('items under min_count cannot be estimated nor recommended', () => {
  const algo = new Popularity({ min_count: 2 }).fit(ts);
  assert.throws(() => algo.estimate(0, 2), PredictionImpossible);
  assert.throws(() => algo.estimate(0, -1), /unknown/);
  const p = algo.predict(7, 30);
  assert.equal(p.details.wasImpossible, true);
  assert.equal(p.est, ts.globalMean);
  assert.deepEqual([...new TopNRanker(algo).rank(-1, 5).items], [1]);
});

test('parameters are checked', () => {
  assert.throws(() => new Popularity({ min_count: 0 }), /min_count/);
  assert.throws(() => new Popularity({ prior_weight: -1 }), /prior_weight/);
  assert.equal(new Popularity().params.prior_weight, 10);
});
