import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SlopeOne } from '../../../src/engine/prediction-algorithms/slope-one.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { handTrainset, ratingArrays } from './neighbourhood-fixture.ts';

test('SlopeOne on the 5 × 5 matrix, by hand: μ_u + mean of dev(i, j) over the items u rated', () => {
  const ts = handTrainset();
  const algo = new SlopeOne().fit(ts);
  // u1 rated i1, i2, i4 (μ_u1 = 3). Raters of i3: u2 (4), u4 (5), u5 (3).
  // dev(i3, i1): u2 (4 − 4), u5 (3 − 2) → 1/2;  dev(i3, i2): u4 (5 − 1) → 4;
  // dev(i3, i4): u2 (4 − 1), u4 (5 − 4) → 2.   r̂ = 3 + (1/2 + 4 + 2) / 3 = 31/6, clipped to 5.
  const u1 = ts.innerUser(1);
  const i3 = ts.innerItem(3);
  assert.ok(Math.abs(algo.estimate(u1, i3) - 31 / 6) < 1e-12);
  assert.equal(algo.predict(1, 3).est, 5);
  // A rated item counts itself with dev 0: r̂(u1, i1) = 3 + (0 + dev(i1, i2) + dev(i1, i4)) / 3, with
  // dev(i1, i2): u1 (5 − 3), u3 (1 − 1) → 1 and dev(i1, i4): u1 (4), u2 (3), u3 (−4) → 1: 3 + 2/3.
  assert.ok(Math.abs(algo.estimate(u1, ts.innerItem(1)) - 11 / 3) < 1e-12);
});

test('SlopeOne leaves out the items that share no user with i, and falls back to μ_u', () => {
  // u1: i1 4, i2 2 · u2: i1 3, i3 5 · u3: i4 1, i3 3
  const ts = Trainset.build(ratingArrays([[1, 1, 4], [1, 2, 2], [2, 1, 3], [2, 3, 5], [3, 4, 1], [3, 3, 3]]), {
    min: 1,
    max: 5,
  });
  const algo = new SlopeOne().fit(ts);
  // (u1, i3): dev(i3, i1) = 5 − 3 = 2 (u2); i2 shares no user with i3 → 3 + 2 = 5
  assert.equal(algo.predict(1, 3).est, 5);
  // (u1, i4): neither i1 nor i2 shares a user with i4 → μ_u1 = 3
  assert.equal(algo.predict(1, 4).est, 3);
  // (u3, i1): dev(i1, i3) = 3 − 5 = −2 (u2), i4 shares none → μ_u3 − 2 = 0, clipped to 1
  assert.equal(algo.estimate(ts.innerUser(3), ts.innerItem(1)), 0);
  assert.equal(algo.predict(3, 1).est, 1);
  assert.deepEqual(algo.predict(9, 1).details, { wasImpossible: true, reason: 'User and/or item is unknown.' });
});

test('SlopeOne takes no parameters', () => {
  assert.deepEqual(new SlopeOne().params, {});
  assert.throws(() => new SlopeOne({ k: 3 }), /unknown parameter "k"/);
});
