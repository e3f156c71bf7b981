import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baselineDefaults,
  baselineOptions,
  computeBaselines,
  type BaselineOptions,
} from '../../../src/engine/prediction-algorithms/baselines.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { handTrainset, ratingArrays } from './neighbourhood-fixture.ts';

const ALS: BaselineOptions = { method: 'als', n_epochs: 1, reg_u: 15, reg_i: 10, reg: 0.02, learning_rate: 0.005 };

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);
}

describe('ALS baselines, by hand on the 5 × 5 matrix (μ = 3, reg_i 10, reg_u 15)', () => {
  const ts = handTrainset();
  const item = (raw: number) => ts.innerItem(raw);
  const user = (raw: number) => ts.innerUser(raw);

  test('one epoch: b_i from b_u = 0, then b_u from those b_i', () => {
    const { bu, bi } = computeBaselines(ts, ALS);
    // b_i = Σ_u (r − μ) / (10 + |U_i|)
    close(bi[item(1)], 0 / 14, 'b_i1'); // 5 4 1 2 → 2 + 1 − 2 − 1 = 0
    close(bi[item(2)], -4 / 13, 'b_i2'); // 3 1 1 → 0 − 2 − 2
    close(bi[item(3)], 3 / 13, 'b_i3'); // 4 5 3 → 1 + 2 + 0
    close(bi[item(4)], -1 / 14, 'b_i4'); // 1 1 5 4 → −2 − 2 + 2 + 1
    close(bi[item(5)], 2 / 13, 'b_i5'); // 2 4 5 → −1 + 1 + 2
    // b_u = Σ_i (r − μ − b_i) / (15 + |I_u|)
    // u1: (2 − 0) + (0 + 4/13) + (−2 + 1/14) = 4/13 + 1/14 = 69/182, over 18 → 23/1092
    close(bu[user(1)], 23 / 1092, 'b_u1');
    // u2: (1 − 0) + (1 − 3/13) + (−2 + 1/14) + (−1 − 2/13) = −1 − 5/13 + 1/14 = −239/182, over 19
    close(bu[user(2)], -239 / 3458, 'b_u2');
    // u4: (−2 + 4/13) + (2 − 3/13) + (1 + 1/14) = 1 + 1/13 + 1/14 = 209/182, over 18
    close(bu[user(4)], 209 / 3276, 'b_u4');
    // u5: (−1 − 0) + (0 − 3/13) + (2 − 2/13) = 1 − 5/13 = 8/13, over 18
    close(bu[user(5)], 4 / 117, 'b_u5');
  });

  test('two epochs: the second b_i sees the first b_u', () => {
    const { bu, bi } = computeBaselines(ts, { ...ALS, n_epochs: 2 });
    // b_i1 = [(2 − 23/1092) + (1 + 239/3458) + (−2 + 141/3458) + (−1 − 4/117)] / 14 = 179/45864
    close(bi[item(1)], 179 / 45864, 'b_i1');
    // b_i3 = [(1 + 239/3458) + (2 − 209/3276) + (0 − 4/117)] / 13 = 61645/269724
    close(bi[item(3)], 61645 / 269724, 'b_i3');
    close(bu[user(1)], 4268785 / 203911344, 'b_u1');
    close(bu[user(5)], 765145 / 22656816, 'b_u5');
  });
});

test('SGD baselines: one epoch over two ratings, by hand (lr 0.005, reg 0.02)', () => {
  // u1 rates i1 = 4 then i2 = 2: μ = 3.
  const ts = Trainset.build(ratingArrays([[1, 1, 4], [1, 2, 2]]), { min: 1, max: 5 });
  const { bu, bi } = computeBaselines(ts, { ...ALS, method: 'sgd', n_epochs: 1 });
  // (u1, i1): err = 4 − 3 = 1 → b_u = 0.005·1 = 0.005, b_i1 = 0.005·1 = 0.005
  // (u1, i2): err = 2 − (3 + 0.005) = −1.005 → b_u += 0.005·(−1.005 − 0.02·0.005) = −0.0050255
  //           b_i2 = 0.005·(−1.005 − 0) = −0.005025
  close(bu[0], 0.005 - 0.0050255, 'b_u');
  close(bi[0], 0.005, 'b_i1');
  close(bi[1], -0.005025, 'b_i2');
});

test('baseline parameters default as Surprise and are checked by name', () => {
  assert.deepEqual(baselineDefaults({}), {
    bsl_method: 'als',
    bsl_n_epochs: 10,
    bsl_reg_u: 15,
    bsl_reg_i: 10,
    bsl_reg: 0.02,
    bsl_learning_rate: 0.005,
  });
  assert.equal(baselineDefaults({ bsl_method: 'sgd' }).bsl_n_epochs, 20);
  assert.throws(() => new BaselineOnly({ bsl_method: 'newton' }), /"bsl_method" must be als or sgd/);
  assert.throws(() => new BaselineOnly({ bsl_reg_u: -1 }), /"bsl_reg_u" must be ≥ 0/);
  assert.throws(() => new BaselineOnly({ bsl_n_epochs: 1.5 }), /"bsl_n_epochs" must be an integer/);
  assert.throws(() => new BaselineOnly({ bsl_options: 'x' }), /unknown parameter "bsl_options"/);
  assert.equal(baselineOptions('t', baselineDefaults({})).method, 'als');
});

describe('BaselineOnly', () => {
  const ts = handTrainset();
  const algo = new BaselineOnly({ bsl_n_epochs: 1 }).fit(ts);

  test('predicts μ + b_u + b_i, an unknown user or item adding 0 (never impossible)', () => {
    close(algo.predict(1, 3).est, 3 + 23 / 1092 + 3 / 13, 'r̂(u1, i3)');
    const unknownUser = algo.predict(99, 3);
    close(unknownUser.est, 3 + 3 / 13, 'r̂(u99, i3)');
    assert.equal(unknownUser.details.wasImpossible, false);
    close(algo.predict(1, 99).est, 3 + 23 / 1092, 'r̂(u1, i99)');
    assert.equal(algo.predict(98, 99).est, 3);
  });

  test('scoreAll gives every estimate; restored arrays predict the same', () => {
    const out = new Float64Array(ts.nItems);
    algo.scoreAll(ts.innerUser(2), out);
    for (let i = 0; i < ts.nItems; i++) assert.equal(out[i], algo.estimate(ts.innerUser(2), i));
    const restored = new BaselineOnly({ bsl_n_epochs: 1 }).restore(ts, algo.learnedArrays());
    assert.deepEqual(restored.predict(4, 5), algo.predict(4, 5));
    assert.throws(() => new BaselineOnly().restore(ts, { bu: new Float64Array(2) }), /"bu" has 2 values, expected 5/);
  });
});
