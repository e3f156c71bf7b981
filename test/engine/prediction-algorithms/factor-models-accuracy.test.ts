/**
 * Accuracy on ml-100k against Surprise 1.1.4's published 5-fold RMSEs, on one fold of a 5-fold split
 * (a fold's RMSE strays ~0.005 from the mean, hence the 0.02 margin). The full 5-fold comparison,
 * with timings, is accuracy-check.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NMF, SVD } from '../../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from '../../../src/engine/prediction-algorithms/svdpp.ts';
import { NormalPredictor } from '../../../src/engine/prediction-algorithms/random-pred.ts';
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { kFold, loadMl100k, ml100kPath, rmse } from '../movielens-fixture.ts';

const SURPRISE_RMSE: [string, () => AlgoBase, number][] = [
  ['SVD', () => new SVD(), 0.9344],
  ['SVDpp', () => new SVDpp(), 0.9187],
  ['NMF', () => new NMF(), 0.9634],
  ['NormalPredictor', () => new NormalPredictor(), 1.518],
];

const ml100k = loadMl100k();
const fold = ml100k && kFold(ml100k, 5, 0)[0];

for (const [name, make, surprise] of SURPRISE_RMSE) {
  test(`${name} on one ml-100k fold is within 0.02 of Surprise's ${surprise}`, (t) => {
    if (!ml100k || !fold) {
      t.skip(`ml-100k not found at ${ml100kPath}`);
      return;
    }
    const algo = make().fit(fold.trainset);
    const got = rmse(algo, ml100k.data, fold.testRows);
    t.diagnostic(`${name} RMSE ${got.toFixed(4)} (Surprise ${surprise})`);
    assert.ok(Math.abs(got - surprise) < 0.02, `${name} RMSE ${got} vs Surprise ${surprise}`);
  });
}
