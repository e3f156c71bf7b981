/**
 * Accuracy of the neighbourhood algorithms on ml-100k against Surprise 1.1.4's published 5-fold RMSEs:
 * BaselineOnly over the 5 folds (it is cheap), the others on the first fold (a fold strays up to
 * ~0.007 from the mean, hence the 0.015 margin there). The full comparison, with timings and memory,
 * is neighbourhood-accuracy-check.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { CoClustering } from '../../../src/engine/prediction-algorithms/co-clustering.ts';
import { KNNBaseline } from '../../../src/engine/prediction-algorithms/knns.ts';
import { SlopeOne } from '../../../src/engine/prediction-algorithms/slope-one.ts';
import { kFold, loadMl100k, ml100kPath, rmse } from '../movielens-fixture.ts';

const ml100k = loadMl100k();
const folds = ml100k && kFold(ml100k, 5, 0);

test("BaselineOnly's 5-fold RMSE on ml-100k is within 0.01 of Surprise's 0.9440", (t) => {
  if (!ml100k || !folds) {
    t.skip(`ml-100k not found at ${ml100kPath}`);
    return;
  }
  const rmses = folds.map((fold) => rmse(new BaselineOnly().fit(fold.trainset), ml100k.data, fold.testRows));
  const mean = rmses.reduce((a, b) => a + b) / rmses.length;
  t.diagnostic(`BaselineOnly RMSE ${mean.toFixed(4)} (Surprise 0.9440)`);
  assert.ok(Math.abs(mean - 0.944) < 0.01, `BaselineOnly RMSE ${mean}`);
});

const ONE_FOLD: [string, () => AlgoBase, number][] = [
  ['KNNBaseline (user, msd)', () => new KNNBaseline(), 0.9307],
  ['KNNBaseline (item, pearson_baseline)', () => new KNNBaseline({ sim: 'pearson_baseline', user_based: false }), 0.9176],
  ['SlopeOne', () => new SlopeOne(), 0.9459],
  ['CoClustering', () => new CoClustering(), 0.9626],
];

for (const [name, make, surprise] of ONE_FOLD) {
  test(`${name} on one ml-100k fold is within 0.015 of Surprise's ${surprise}`, (t) => {
    if (!ml100k || !folds) {
      t.skip(`ml-100k not found at ${ml100kPath}`);
      return;
    }
    const got = rmse(make().fit(folds[0].trainset), ml100k.data, folds[0].testRows);
    t.diagnostic(`${name} RMSE ${got.toFixed(4)} (Surprise ${surprise})`);
    assert.ok(Math.abs(got - surprise) < 0.015, `${name} RMSE ${got} vs Surprise ${surprise}`);
  });
}
