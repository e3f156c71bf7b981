import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { solveSpd } from '../../src/engine/cholesky.ts';
import { canFoldIn, foldInUser, rankFoldedIn } from '../../src/engine/fold-in.ts';
import { foldInFactors } from '../../src/engine/fold-in-factors.ts';
import { itemNeighboursOf } from '../../src/engine/item-neighbours.ts';
import type { AlgoBase } from '../../src/engine/prediction-algorithms/algo-base.ts';
import { BaselineOnly } from '../../src/engine/prediction-algorithms/baseline-only.ts';
import { KNNBaseline, KNNBasic, KNNWithMeans, KNNWithZScore } from '../../src/engine/prediction-algorithms/knns.ts';
import { NMF, SVD } from '../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from '../../src/engine/prediction-algorithms/svdpp.ts';
import { Random } from '../../src/engine/random.ts';
import { Trainset } from '../../src/engine/trainset.ts';
import { syntheticRatings } from './model-selection/fixtures/synthetic-ratings.ts';

const trainset = Trainset.build(syntheticRatings(40, 30, 12, 7), { min: 1, max: 5 });

function scoresOf(model: AlgoBase, itemIds: ArrayLike<number>, ratings: ArrayLike<number>): Float64Array {
  const user = foldInUser(model, itemIds, ratings);
  assert.ok(user, `${model.name} folds users in`);
  const out = new Float64Array(trainset.nItems);
  user.scoreAll(out);
  return out;
}

/** The raw items and ratings of trainset user u, in the trainset's own order. */
function ratingsOf(u: number): { items: number[]; ratings: number[] } {
  const { offsets, index, ratings } = trainset.ur;
  const items: number[] = [];
  const values: number[] = [];
  for (let p = offsets[u]; p < offsets[u + 1]; p++) {
    items.push(trainset.rawItemIds[index[p]]);
    values.push(ratings[p]);
  }
  return { items, ratings: values };
}

/** Ratings made exactly by r = μ + b + b_j + q_j·v for the given user parameters, over every item. */
function exactRatings(model: SVD | SVDpp, bias: number, vector: Float64Array, implicitOf?: (items: number[]) => Float64Array) {
  const { bi, qi } = model.learnedArrays() as { bi: Float64Array; qi: Float64Array };
  const k = vector.length;
  const items = Array.from(trainset.rawItemIds);
  const v = Float64Array.from(vector);
  const implicit = implicitOf?.(items);
  if (implicit) for (let f = 0; f < k; f++) v[f] += implicit[f];
  const ratings = items.map((_, j) => {
    let r = trainset.globalMean + bias + bi[j];
    for (let f = 0; f < k; f++) r += qi[j * k + f] * v[f];
    return r;
  });
  return { items, ratings, v };
}

describe('solveSpd', () => {
  test('solves a symmetric positive definite system', () => {
    const a = Float64Array.from([4, 2, 0.6, 2, 5, 1, 0.6, 1, 3]);
    const x = solveSpd(a, Float64Array.from([1, 2, 3]), 3);
    for (let r = 0; r < 3; r++) {
      const back = a[r * 3] * x[0] + a[r * 3 + 1] * x[1] + a[r * 3 + 2] * x[2];
      assert.ok(Math.abs(back - [1, 2, 3][r]) < 1e-12);
    }
    assert.throws(() => solveSpd(Float64Array.from([1, 2, 2, 1]), Float64Array.from([1, 1]), 2), /not positive definite/);
  });
});

describe('foldInUser: factor models', () => {
  test('SVD without regularisation recovers the bias and factors that made the ratings', () => {
    const model = new SVD({ n_factors: 4, n_epochs: 5, reg_all: 0 }).fit(trainset);
    const vector = Float64Array.from([0.3, -0.2, 0.5, 0.1]);
    const { items, ratings } = exactRatings(model, 0.4, vector);
    const scores = scoresOf(model, items, ratings);
    ratings.forEach((r, j) => assert.ok(Math.abs(scores[j] - r) < 1e-8, `item ${j}: ${scores[j]} vs ${r}`));
  });

  test('SVD++ recovers them too, its implicit feedback included', () => {
    const model = new SVDpp({ n_factors: 3, n_epochs: 3, reg_all: 0 }).fit(trainset);
    const yj = model.learnedArrays().yj as Float64Array;
    const implicitOf = (items: number[]) => {
      const z = new Float64Array(3);
      for (let j = 0; j < items.length; j++) for (let f = 0; f < 3; f++) z[f] += yj[j * 3 + f] / Math.sqrt(items.length);
      return z;
    };
    const { items, ratings } = exactRatings(model, -0.3, Float64Array.from([0.2, 0.4, -0.1]), implicitOf);
    const scores = scoresOf(model, items, ratings);
    ratings.forEach((r, j) => assert.ok(Math.abs(scores[j] - r) < 1e-8, `item ${j}`));
  });

  test('with regularisation, the solution is the ridge optimum: the gradient vanishes there', () => {
    const model = new SVD({ n_factors: 5, n_epochs: 10, reg_bu: 0.05, reg_pu: 0.1 }).fit(trainset);
    const { bi, qi } = model.learnedArrays() as { bi: Float64Array; qi: Float64Array };
    const items = Int32Array.from([500, 503, 507, 511, 520, 529], (id) => trainset.innerItem(id));
    const ratings = Float64Array.from([5, 4, 1, 3.5, 2, 4.5]);
    const { bias, vector } = foldInFactors(model, items, ratings);
    const n = items.length;
    const k = 5;
    const errors = Array.from(items, (j, t) => {
      let est = trainset.globalMean + bias + bi[j];
      for (let f = 0; f < k; f++) est += qi[j * k + f] * vector[f];
      return ratings[t] - est;
    });
    // J = Σ e² + reg_bu·n·b² + reg_pu·n·|p|²: ∂J/∂b = −2Σe + 2·reg_bu·n·b, ∂J/∂p_f = −2Σe·q_jf + 2·reg_pu·n·p_f.
    assert.ok(Math.abs(-errors.reduce((s, e) => s + e, 0) + 0.05 * n * bias) < 1e-9);
    for (let f = 0; f < k; f++) {
      const gradient = -errors.reduce((s, e, t) => s + e * qi[items[t] * k + f], 0) + 0.1 * n * vector[f];
      assert.ok(Math.abs(gradient) < 1e-9, `factor ${f}: ${gradient}`);
    }
  });

  test('NMF keeps the folded-in factors non-negative and fits the ratings better than the mean', () => {
    const model = new NMF({ n_factors: 4 }).fit(trainset);
    const { items, ratings } = ratingsOf(3);
    const scores = scoresOf(model, items, ratings);
    const inner = items.map((id) => trainset.innerItem(id));
    const mean = ratings.reduce((s, r) => s + r, 0) / ratings.length;
    const sse = (predict: (t: number) => number) => ratings.reduce((s, r, t) => s + (r - predict(t)) ** 2, 0);
    assert.ok(sse((t) => scores[inner[t]]) < sse(() => mean));
    for (const s of scores) assert.ok(s >= 0);
  });
});

describe('foldInUser: item-based k-NN', () => {
  const simOptions = { sim: 'pearson_baseline', user_based: false, min_support: 2, k: 5 };
  for (const Algorithm of [KNNBasic, KNNWithMeans, KNNWithZScore]) {
    test(`${Algorithm.name}: a trainset user folded in from their ratings scores exactly as the model does`, () => {
      const model = new Algorithm(simOptions).fit(trainset);
      for (const u of [0, 7, 19]) {
        const { items, ratings } = ratingsOf(u);
        const expected = new Float64Array(trainset.nItems);
        model.scoreAll(u, expected);
        // Equal up to the order in which the neighbours' terms are added.
        const scores = scoresOf(model, items, ratings);
        expected.forEach((e, i) => assert.ok(Number.isNaN(e) ? Number.isNaN(scores[i]) : Math.abs(scores[i] - e) < 1e-12, `item ${i}: ${scores[i]} vs ${e}`));
      }
    });
  }

  test('KNNBaseline (ALS): the same, the folded-in user bias included', () => {
    // ALS's last step sets b_u from the final b_i with the formula fold-in uses, so even the items
    // left with the baseline alone (fewer than min_k neighbours) agree.
    const model = new KNNBaseline({ ...simOptions, k: 40, min_k: 10 }).fit(trainset);
    for (const u of [11, 30]) {
      const { items, ratings } = ratingsOf(u);
      const expected = new Float64Array(trainset.nItems);
      model.scoreAll(u, expected);
      const scores = scoresOf(model, items, ratings);
      expected.forEach((e, i) => assert.ok(Math.abs(scores[i] - e) < 1e-12, `item ${i}: ${scores[i]} vs ${e}`));
    }
  });
});

describe('foldInUser: what cannot be folded in', () => {
  test('models without per-user parameters worth learning, and user-based k-NN, give undefined', () => {
    for (const model of [new BaselineOnly().fit(trainset), new KNNBasic({ user_based: true }).fit(trainset)]) {
      assert.equal(canFoldIn(model), false);
      assert.equal(foldInUser(model, [500, 501], [4, 5]), undefined);
    }
  });

  test('items the model does not know are skipped; none known gives undefined', () => {
    const model = new SVD({ n_factors: 3, n_epochs: 3 }).fit(trainset);
    assert.equal(foldInUser(model, [9999, 8888], [4, 5]), undefined);
    assert.deepEqual(Array.from(foldInUser(model, [9999, 502, 8888, 500], [1, 2, 3, 4])!.items), [
      trainset.innerItem(502),
      trainset.innerItem(500),
    ]);
    assert.throws(() => foldInUser(model, [500], [4, 5]), /1 items but 2 ratings/);
  });
});

describe('rankFoldedIn', () => {
  const model = new SVD({ n_factors: 3, n_epochs: 5 }).fit(trainset);
  const rated = [500, 505, 510, 515, 520];
  const user = foldInUser(model, rated, [5, 1, 4, 2, 3])!;
  const all = new Float64Array(trainset.nItems);
  user.scoreAll(all);

  test('ranks by score, leaves out the rated items and clips the estimates', () => {
    const ranked = rankFoldedIn(model, user, 8);
    const ratedInner = new Set(rated.map((id) => trainset.innerItem(id)));
    const expected = Array.from({ length: trainset.nItems }, (_, i) => i)
      .filter((i) => !ratedInner.has(i))
      .sort((a, b) => all[b] - all[a] || a - b)
      .slice(0, 8);
    assert.deepEqual(Array.from(ranked.items), expected);
    ranked.estimates.forEach((e, k) => assert.equal(e, Math.min(5, Math.max(1, ranked.scores[k]))));
    const withRated = rankFoldedIn(model, user, trainset.nItems, { excludeRated: false });
    assert.equal(withRated.items.length, trainset.nItems);
  });

  test('candidates restrict the ranking; a repeated or rated candidate counts once or not at all', () => {
    const candidates = Int32Array.from([3, 3, trainset.innerItem(500), 9, 1]);
    const ranked = rankFoldedIn(model, user, 10, { candidates, scratch: new Float64Array(trainset.nItems) });
    assert.deepEqual(Array.from(ranked.items), [3, 9, 1].sort((a, b) => all[b] - all[a] || a - b));
    assert.throws(() => rankFoldedIn(model, user, 3, { candidates: Int32Array.from([-1]) }), /not an inner item id/);
  });
});

describe('itemNeighboursOf', () => {
  test('factor models rank by item-factor cosine, item-based k-NN by its similarities', () => {
    const svd = new SVD({ n_factors: 4, n_epochs: 5 }).fit(trainset);
    const factors = itemNeighboursOf(svd);
    assert.ok('similar' in factors && factors.method === 'factor_cosine');
    assert.deepEqual(factors.similar(2, 5), svd.similarItems(2, 5));
    const knn = new KNNBaseline({ sim: 'pearson_baseline', user_based: false }).fit(trainset);
    const neighbours = itemNeighboursOf(knn);
    assert.ok('similar' in neighbours && neighbours.method === 'item_similarity');
    assert.deepEqual(neighbours.similar(4, 3), knn.similarItems(4, 3));
  });

  test('others say why they have none', () => {
    const userBased = itemNeighboursOf(new KNNBasic().fit(trainset));
    assert.ok('unavailable' in userBased && /user-based/.test(userBased.unavailable));
    const baseline = itemNeighboursOf(new BaselineOnly().fit(trainset));
    assert.ok('unavailable' in baseline && /BaselineOnly learns no similarity/.test(baseline.unavailable));
  });
});

test('a random user folded into SVD gets estimates in the model\'s own range', () => {
  const model = new SVD({ n_factors: 6, n_epochs: 10 }).fit(trainset);
  const rng = new Random(3);
  const items = Array.from({ length: 8 }, () => trainset.rawItemIds[rng.int(trainset.nItems)]);
  const unique = [...new Set(items)];
  const scores = scoresOf(model, unique, unique.map(() => 1 + rng.int(5)));
  for (const s of scores) assert.ok(Number.isFinite(s) && s > -5 && s < 11);
});
