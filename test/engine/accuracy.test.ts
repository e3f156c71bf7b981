import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fcp, mae, mse, rmse, toColumns } from '../../src/engine/accuracy.ts';
import type { Prediction } from '../../src/engine/prediction-algorithms/algo-base.ts';
import { catalogueCoverage, rankingAtK, topNHitRate } from '../../src/engine/ranking-metrics.ts';

const p = (uid: number, iid: number, rUi: number, est: number): Prediction => ({
  uid,
  iid,
  rUi,
  est,
  details: { wasImpossible: false },
});

// Four users' test predictions, worked out by hand below.
const predictions = toColumns([
  p(1, 1, 4, 3.5), // a
  p(1, 2, 2, 2.5), // b
  p(1, 3, 5, 4), //   c
  p(2, 1, 3, 3), //   d
  p(2, 4, 1, 3.5), // e
  p(3, 1, 2, 2), //   f
  p(3, 2, 4, 3), //   g
  p(3, 3, 3, 3), //   h
  p(4, 1, 5, 2), //   i
  p(4, 2, 1, 4), //   j
]);

describe('rating accuracy', () => {
  // errors r − est: .5, −.5, 1, 0, −2.5, 0, 1, 0, 3, −3
  test('MSE is the mean squared error: 26.75 / 10', () => assert.equal(mse(predictions), 2.675));
  test('RMSE is its root', () => assert.equal(rmse(predictions), Math.sqrt(2.675)));
  test('MAE is the mean absolute error: 11.5 / 10', () => assert.equal(mae(predictions), 1.15));

  test("FCP averages concordant and discordant counts over the users that have any, as Surprise does", () => {
    // user 1: (c,a) (c,b) (a,b) concordant, none discordant      → nc 3, nd 0
    // user 2: e has the higher estimate but the lower rating     → nc 0, nd 1
    // user 3: (g,f) (h,f) concordant; (h,g): est 3 ≥ 3, r 3 < 4  → nc 2, nd 1
    // user 4: j has the higher estimate but the lower rating     → nc 0, nd 1
    // nc = (3 + 2) / 2 users = 2.5; nd = (1 + 1 + 1) / 3 users = 1; FCP = 2.5 / 3.5
    // (averaging over all 4 users instead would give 5/8: this pins Surprise's reading)
    assert.equal(fcp(predictions), 2.5 / 3.5);
  });

  test('an empty prediction list is an error, and so is FCP without any ordered pair', () => {
    assert.throws(() => rmse(toColumns([])), /RMSE: prediction list is empty/);
    assert.throws(() => fcp(toColumns([p(1, 1, 3, 3), p(2, 1, 4, 3)])), /FCP/);
  });
});

describe('ranking measures from test predictions (k = 2, threshold 3.5)', () => {
  // Per user, test items ranked by estimate (ties by item id); relevant = true rating ≥ 3.5;
  // "recommended" (precision/recall, Surprise's FAQ) = in the top 2 with estimate ≥ 3.5.
  // user 1: c(4, r5) a(3.5, r4) | b   relevant c,a   recommended c,a → P 1, R 1, NDCG 1, AP 1, hit 1
  // user 2: e(3.5, r1) d(3, r3)       relevant none  recommended e   → P 0, R 0, NDCG 0, AP 0, hit 0
  // user 3: g(3, r4) h(3, r3) | f     relevant g     recommended -   → P 0, R 0, NDCG 1, AP 1, hit 1
  // user 4: j(4, r1) i(2, r5)         relevant i     recommended j   → P 0, R 0,
  //         NDCG (1/log2 3) / 1 = 0.6309, AP (1/2) / min(2, 1) = 0.5, hit 1
  const scores = rankingAtK(predictions, { k: 2, threshold: 3.5 });

  test('precision@k and recall@k follow the FAQ definition', () => {
    assert.equal(scores.precision, 0.25);
    assert.equal(scores.recall, 0.25);
  });

  test('NDCG@k, MAP@k and hit rate', () => {
    assert.ok(Math.abs(scores.ndcg - (1 + 0 + 1 + 1 / Math.log2(3)) / 4) < 1e-15);
    assert.equal(scores.map, 2.5 / 4);
    assert.equal(scores.hitRate, 0.75);
  });

  test('k must be a positive integer', () => {
    assert.throws(() => rankingAtK(predictions, { k: 0 }), /k must be a positive integer/);
  });
});

describe('full top-N list measures', () => {
  test('catalogue coverage is the share of items shown to anyone', () => {
    assert.equal(catalogueCoverage([Int32Array.of(1, 2), [2, 3]], 5), 3 / 5);
  });

  test('top-N hit rate counts users whose held-out item is in their list; users without a list miss', () => {
    const lists = new Map([
      [1, [1, 2]],
      [2, [3]],
    ]);
    const heldOut = { uids: Int32Array.of(1, 2, 3), iids: Int32Array.of(2, 4, 1) };
    assert.equal(topNHitRate(lists, heldOut), 1 / 3);
  });
});
