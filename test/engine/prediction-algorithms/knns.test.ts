import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KNNBaseline,
  KNNBasic,
  KNNWithMeans,
  KNNWithZScore,
} from '../../../src/engine/prediction-algorithms/knns.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { handTrainset, ratingArrays } from './neighbourhood-fixture.ts';

const ts = handTrainset();

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} ≠ ${expected}`);
}

/*
 * Every prediction below is for (u1, i3), user-based with msd. The users who rated i3 are
 * u2 (4), u4 (5), u5 (3), with msd similarities to u1 of 2/3, 2/15 and 1/10 (similarities.test.ts);
 * Σ sim = 20/30 + 4/30 + 3/30 = 9/10. Means: u1 3, u2 11/4, u4 10/3, u5 10/3.
 */
describe('one prediction per variant, by hand', () => {
  test('KNNBasic: Σ sim·r / Σ sim', () => {
    // (2/3·4 + 2/15·5 + 1/10·3) / (9/10) = (10/3 + 3/10) / (9/10) = 109/27
    const p = new KNNBasic().fit(ts).predict(1, 3);
    close(p.est, 109 / 27, 'r̂');
    assert.deepEqual(p.details, { wasImpossible: false, actualK: 3 });
  });

  test('KNNBasic with k = 2 keeps the two most similar: u2 and u4', () => {
    // (2/3·4 + 2/15·5) / (2/3 + 2/15) = (10/3) / (4/5) = 25/6
    const p = new KNNBasic({ k: 2 }).fit(ts).predict(1, 3);
    close(p.est, 25 / 6, 'r̂');
    assert.equal(p.details.actualK, 2);
  });

  test('KNNWithMeans: μ_u + Σ sim·(r − μ_v) / Σ sim', () => {
    // 2/3·(4 − 11/4) + 2/15·(5 − 10/3) + 1/10·(3 − 10/3) = 5/6 + 2/9 − 1/30 = 92/90
    // 3 + (92/90) / (9/10) = 3 + 92/81 = 335/81
    close(new KNNWithMeans().fit(ts).predict(1, 3).est, 335 / 81, 'r̂');
  });

  test('KNNWithZScore: μ_u + σ_u Σ sim·(r − μ_v)/σ_v / Σ sim, with population σ', () => {
    // σ_u1 = √(8/3) (5 3 1), σ_u2 = 3√3/4 (4 4 1 2), σ_u4 = √26/3 (1 5 4), σ_u5 = √14/3 (2 3 5)
    const sum =
      (2 / 3) * ((5 / 4) / ((3 * Math.sqrt(3)) / 4)) +
      (2 / 15) * ((5 / 3) / (Math.sqrt(26) / 3)) +
      (1 / 10) * ((-1 / 3) / (Math.sqrt(14) / 3));
    const expected = 3 + Math.sqrt(8 / 3) * (sum / (9 / 10)); // = 4.3526958
    close(new KNNWithZScore().fit(ts).predict(1, 3).est, expected, 'r̂');
    close(expected, 4.3526958, 'the closed form');
  });

  test('KNNBaseline: b_ui + Σ sim·(r − b_vi) / Σ sim, with one-epoch ALS baselines', () => {
    // b_u1 = 23/1092, b_i3 = 3/13, so b_u1,i3 = 3 + 23/1092 + 3/13 = 3551/1092;
    // r − b: u2 4 − 841/266 = 223/266, u4 5 − 10793/3276 = 5587/3276, u5 3 − 382/117 = −31/117;
    // Σ sim·(r − b) = 177347/233415; r̂ = 3551/1092 + (177347/233415) / (9/10) = 983395/240084
    const p = new KNNBaseline({ bsl_n_epochs: 1 }).fit(ts).predict(1, 3);
    close(p.est, 983395 / 240084, 'r̂');
    assert.equal(p.details.actualK, 3);
  });

  test('item-based KNNBasic weighs the items u1 rated by their similarity to i3', () => {
    // i1 (r 5, sim 2/3), i2 (r 3, sim 1/17), i4 (r 1, sim 1/6):
    // (10/3 + 3/17 + 1/6) / (2/3 + 1/17 + 1/6) = (375/102) / (91/102) = 375/91
    close(new KNNBasic({ user_based: false }).fit(ts).predict(1, 3).est, 375 / 91, 'r̂');
  });
});

describe('fallbacks, as Surprise', () => {
  test('fewer than min_k neighbours: KNNBasic is impossible, the others fall back to their first term', () => {
    const basic = new KNNBasic({ min_k: 4 }).fit(ts).predict(1, 3);
    assert.equal(basic.est, 3); // the global mean
    assert.deepEqual(basic.details, { wasImpossible: true, reason: 'Not enough neighbors.' });
    const means = new KNNWithMeans({ min_k: 4 }).fit(ts).predict(1, 3);
    assert.equal(means.est, 3); // μ_u1
    assert.deepEqual(means.details, { wasImpossible: false, actualK: 3 });
    const baseline = new KNNBaseline({ min_k: 4, bsl_n_epochs: 1 }).fit(ts).predict(1, 3);
    close(baseline.est, 3551 / 1092, 'the baseline');
  });

  test('an unknown user or item: impossible, except KNNBaseline which predicts the baseline', () => {
    const basic = new KNNBasic().fit(ts).predict(99, 3);
    assert.deepEqual(basic.details, { wasImpossible: true, reason: 'User and/or item is unknown.' });
    const baseline = new KNNBaseline({ bsl_n_epochs: 1 }).fit(ts);
    close(baseline.predict(99, 3).est, 3 + 3 / 13, 'μ + b_i3');
    close(baseline.predict(1, 99).est, 3 + 23 / 1092, 'μ + b_u1');
    assert.equal(baseline.predict(99, 3).details.wasImpossible, false);
  });

  test('a neighbour with similarity ≤ 0 is not used', () => {
    // pearson: u1 u2 = 1 and u1 u4 = −1 (similarities.test.ts); u1 u5 share one item, so 0.
    const p = new KNNBasic({ sim: 'pearson' }).fit(ts).predict(1, 3);
    assert.equal(p.est, 4); // u2's rating alone
    assert.equal(p.details.actualK, 1);
  });
});

test('among equally similar neighbours the one met first in the trainset is kept (heapq.nlargest)', () => {
  // u0 and u1, u2 agree on i0 (msd similarity 1 each); u1 rated i1 = 5, u2 rated i1 = 1.
  const first = (rows: [number, number, number][]) =>
    new KNNBasic({ k: 1 }).fit(Trainset.build(ratingArrays(rows), { min: 1, max: 5 })).predict(0, 1).est;
  const base: [number, number, number][] = [[0, 0, 3], [1, 0, 3], [2, 0, 3]];
  assert.equal(first([...base, [1, 1, 5], [2, 1, 1]]), 5);
  assert.equal(first([...base, [2, 1, 1], [1, 1, 5]]), 1);
});

test('similarItems ranks an item-based model\'s neighbours by similarity', () => {
  const algo = new KNNBasic({ user_based: false }).fit(ts);
  // i3's msd similarities: i1 2/3, i5 1/5 (u2 (4, 2), u5 (3, 5): 8/2 → 1/5), i4 1/6, i2 1/17
  const { items, scores } = algo.similarItems(ts.innerItem(3), 3);
  assert.deepEqual([...items].map((i) => ts.rawItemIds[i]), [1, 5, 4]);
  close(scores[0], 2 / 3, 'i1');
  close(scores[1], 1 / 5, 'i5');
  assert.throws(() => new KNNBasic().fit(ts).similarItems(0, 3), /user-based/);
  assert.throws(() => algo.similarItems(-1, 3), /not an inner item id/);
});

test('parameters: Surprise defaults, checked when the algorithm is built', () => {
  assert.deepEqual(new KNNBasic().params, {
    k: 40,
    min_k: 1,
    sim: 'msd',
    user_based: true,
    min_support: 1,
    shrinkage: 100,
    bsl_method: 'als',
    bsl_n_epochs: 10,
    bsl_reg_u: 15,
    bsl_reg_i: 10,
    bsl_reg: 0.02,
    bsl_learning_rate: 0.005,
  });
  assert.throws(() => new KNNBasic({ sim: 'jaccard' }), /"sim" must be one of msd, cosine, pearson, pearson_baseline/);
  assert.throws(() => new KNNWithMeans({ k: 0 }), /"k" must be an integer ≥ 1/);
  assert.throws(() => new KNNBaseline({ user_based: 'no' }), /"user_based" must be a boolean/);
  assert.equal(new KNNBasic({ sim: 'Pearson_Baseline' }).fit(ts).predict(1, 3).details.wasImpossible, false);
});
