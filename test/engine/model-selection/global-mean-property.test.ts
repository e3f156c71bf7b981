import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmse } from '../../../src/engine/accuracy.ts';
import { predictRows } from '../../../src/engine/model-selection/fold-task.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { syntheticRatings } from './fixtures/synthetic-ratings.ts';

test("on its own training data, the global-mean predictor's RMSE is the ratings' standard deviation", () => {
  for (const seed of [1, 2, 3]) {
    const data = syntheticRatings(30 + seed * 7, 25, 10, seed);
    const all = Int32Array.from(data.ratings, (_, k) => k);
    // BaselineOnly with 0 epochs keeps every bias at 0: it predicts the global mean.
    const algo = new BaselineOnly({ bsl_n_epochs: 0 }).fit(Trainset.build(data, { min: 1, max: 5 }, all));
    const n = data.ratings.length;
    const mean = data.ratings.reduce((s, r) => s + r, 0) / n;
    const std = Math.sqrt(data.ratings.reduce((s, r) => s + (r - mean) ** 2, 0) / n);
    assert.ok(std > 0.5);
    assert.ok(Math.abs(rmse(predictRows(algo, data, all)) - std) < 1e-12, `seed ${seed}`);
  }
});
