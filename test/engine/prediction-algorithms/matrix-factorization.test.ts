import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NMF, SVD } from '../../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from '../../../src/engine/prediction-algorithms/svdpp.ts';
import { InvalidParameterError } from '../../../src/engine/prediction-algorithms/algo-params.ts';
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { Random } from '../../../src/engine/random.ts';
import type { Trainset } from '../../../src/engine/trainset.ts';
import { randomTrainset, trainsetOf } from './factor-fixtures.ts';

const close = (actual: number, expected: number, tolerance = 1e-12) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} (±${tolerance})`);

describe('SVD', () => {
  test('one SGD epoch matches the update rules worked by hand', () => {
    // μ = 3; factors start at 0.1 (init_std_dev 0), biases at 0; γ = 0.005, λ = 0.02.
    const ts = trainsetOf([
      [1, 10, 4],
      [2, 10, 2],
    ]);
    const svd = new SVD({ n_factors: 1, n_epochs: 1, init_mean: 0.1, init_std_dev: 0 }).fit(ts);
    const { bu, bi, pu, qi } = svd.learnedArrays();
    // (u0, i0, 4): err = 4 − (3 + 0.1·0.1) = 0.99
    //   b_u0 = 0.005·0.99 = 0.00495, b_i0 = 0.00495
    //   p_u0 = 0.1 + 0.005·(0.99·0.1 − 0.02·0.1) = 0.100485, q_i0 = 0.100485 (both from the old values)
    // (u1, i0, 2): err = 2 − (3 + 0 + 0.00495 + 0.100485·0.1) = −1.0149985
    //   b_u1 = 0.005·(−1.0149985) = −0.0050749925
    //   b_i0 = 0.00495 + 0.005·(−1.0149985 − 0.02·0.00495) = −0.0001254875
    //   p_u1 = 0.1 + 0.005·(−1.0149985·0.100485 − 0.02·0.1) = 0.099480039378637...
    //   q_i0 = 0.100485 + 0.005·(−1.0149985·0.1 − 0.02·0.100485) = 0.09996745225
    close(bu[0], 0.00495);
    close(bu[1], -0.0050749925);
    close(bi[0], -0.0001254875);
    close(pu[0], 0.100485);
    close(pu[1], 0.0994800393786375);
    close(qi[0], 0.09996745225);
    close(svd.estimate(0, 0), 3 + 0.00495 - 0.0001254875 + 0.100485 * 0.09996745225);
  });

  test('unbiased SVD learns no biases and cannot answer for an unknown user', () => {
    const ts = randomTrainset(20, 15, 0.4, 1);
    const svd = new SVD({ biased: false, n_factors: 4, n_epochs: 5 }).fit(ts);
    assert.ok(svd.learnedArrays().bu.every((b) => b === 0));
    assert.throws(() => svd.estimate(-1, 0), /unknown/);
    assert.equal(svd.predict(999, 1000).details.wasImpossible, true);
  });

  test('an unknown user gets μ + b_i, an unknown item μ + b_u', () => {
    const ts = randomTrainset(20, 15, 0.4, 2);
    const svd = new SVD({ n_factors: 4, n_epochs: 5 }).fit(ts);
    const { bu, bi } = svd.learnedArrays();
    assert.equal(svd.estimate(-1, 3), ts.globalMean + bi[3]);
    assert.equal(svd.estimate(5, -1), ts.globalMean + bu[5]);
    assert.equal(svd.estimate(-1, -1), ts.globalMean);
  });

  test('lr_all and reg_all set every rate unless one is given on its own', () => {
    const svd = new SVD({ lr_all: 0.01, reg_all: 0.1, lr_qi: 0.5 });
    assert.equal(svd.params.lr_bu, 0.01);
    assert.equal(svd.params.lr_qi, 0.5);
    assert.equal(svd.params.reg_pu, 0.1);
    assert.equal(new SVD().params.n_factors, 100);
    assert.equal(new SVD().params.lr_pu, 0.005);
  });
});

describe('SVD++', () => {
  test('matches a literal transcription of Surprise’s per-rating loop', () => {
    const ts = randomTrainset(30, 25, 0.3, 3);
    const params = { n_factors: 3, n_epochs: 4, random_state: 11 };
    const ours = new SVDpp(params).fit(ts).learnedArrays();
    const reference = surpriseSvdpp(ts, params.n_factors, params.n_epochs, params.random_state);
    for (const name of ['bu', 'bi', 'pu', 'qi', 'yj'] as const) {
      assert.equal(ours[name].length, reference[name].length);
      ours[name].forEach((x, k) => close(x, reference[name][k], 1e-10));
    }
  });

  test('an estimate uses p_u plus the implicit feedback of the items the user rated', () => {
    const ts = randomTrainset(10, 8, 0.5, 4);
    const algo = new SVDpp({ n_factors: 2, n_epochs: 3 }).fit(ts);
    const { bu, bi, pu, qi, yj } = algo.learnedArrays();
    const u = 3;
    const items = ts.ur.index.subarray(ts.ur.offsets[u], ts.ur.offsets[u + 1]);
    const z = [0, 1].map((f) => pu[u * 2 + f] + items.reduce((s, j) => s + yj[j * 2 + f], 0) / Math.sqrt(items.length));
    const expected = ts.globalMean + bu[u] + bi[5] + (qi[10] * z[0] + qi[11] * z[1]);
    close(algo.estimate(u, 5), expected, 1e-12);
  });
});

describe('NMF', () => {
  test('one epoch of multiplicative updates matches the rule worked by hand', () => {
    // All factors start at 0.5 (init_low = init_high), k = 1, unbiased: every r̂ = 0.25, λ = 0.06.
    const ts = trainsetOf([
      [1, 10, 4],
      [1, 20, 2],
      [2, 10, 3],
    ]);
    const nmf = new NMF({ n_factors: 1, n_epochs: 1, init_low: 0.5, init_high: 0.5 }).fit(ts);
    const { pu, qi } = nmf.learnedArrays();
    // user 1: Σ q·r = 0.5·(4 + 2) = 3;   Σ q·r̂ = 0.5·0.25·2 = 0.25, plus |I_u|·λ·p = 2·0.06·0.5 = 0.06
    close(pu[0], (0.5 * 3) / 0.31);
    // user 2: Σ q·r = 1.5; Σ q·r̂ = 0.125, plus 1·0.06·0.5 = 0.03
    close(pu[1], (0.5 * 1.5) / 0.155);
    // item 10 (from the factors before this epoch's user update): Σ p·r = 0.5·(4 + 3) = 3.5
    close(qi[0], (0.5 * 3.5) / 0.31);
    close(qi[1], (0.5 * 1) / 0.155);
    close(nmf.estimate(0, 0), pu[0] * qi[0]);
  });

  test('factors stay non-negative and a factor at zero stays at zero', () => {
    const ts = randomTrainset(25, 20, 0.3, 5);
    const nmf = new NMF({ n_factors: 5, n_epochs: 10 }).fit(ts);
    const { pu, qi } = nmf.learnedArrays();
    assert.ok(pu.every((x) => x >= 0) && qi.every((x) => x >= 0));
    const zero = new NMF({ n_factors: 2, n_epochs: 3, init_low: 0, init_high: 0 }).fit(ts);
    assert.ok(zero.learnedArrays().pu.every((x) => x === 0));
  });

  test('rejects a negative init_low, as Surprise does', () => {
    assert.throws(() => new NMF({ init_low: -1 }), InvalidParameterError);
  });
});

const factories: [string, (seed: number) => AlgoBase][] = [
  ['SVD', (seed) => new SVD({ n_factors: 5, n_epochs: 8, random_state: seed })],
  ['SVDpp', (seed) => new SVDpp({ n_factors: 5, n_epochs: 8, random_state: seed })],
  // Multiplicative updates from U(0, 1) factors need more epochs than SGD to pass the global mean.
  ['NMF', (seed) => new NMF({ n_factors: 5, n_epochs: 50, random_state: seed })],
  ['NMF biased', (seed) => new NMF({ n_factors: 5, n_epochs: 50, biased: true, random_state: seed })],
];

describe('every factor model', () => {
  const ts = randomTrainset(40, 30, 0.25, 6);

  for (const [name, make] of factories) {
    test(`${name}: the same random_state gives the same numbers, another one others`, () => {
      const a = make(3).fit(ts).learnedArrays();
      const b = make(3).fit(ts).learnedArrays();
      const c = make(4).fit(ts).learnedArrays();
      for (const key of Object.keys(a)) assert.deepEqual(a[key], b[key], key);
      assert.notDeepEqual(a.pu, c.pu);
    });

    test(`${name}: predictions lie in the rating scale, unknown ids included`, () => {
      const algo = make(1).fit(ts);
      const rng = new Random(9);
      for (let k = 0; k < 2000; k++) {
        const uid = rng.next() < 0.1 ? 7 : 100 + rng.int(40);
        const iid = rng.next() < 0.1 ? 7 : 1000 + rng.int(30);
        const { est } = algo.predict(uid, iid);
        assert.ok(est >= 1 && est <= 5, `${uid}, ${iid}: ${est}`);
      }
    });

    test(`${name}: scoreAll gives estimate's numbers to the last digit`, () => {
      const algo = make(2).fit(ts);
      const out = new Float64Array(ts.nItems);
      for (const u of [0, 17, -1]) {
        algo.scoreAll(u, out);
        for (let i = 0; i < ts.nItems; i++) {
          let expected = Number.NaN;
          try {
            expected = algo.estimate(u, i) as number;
          } catch {
            // unbiased NMF cannot score an unknown user: NaN
          }
          assert.equal(out[i], expected, `user ${u}, item ${i}`);
        }
      }
    });

    test(`${name}: fits the trainset better than the global mean`, () => {
      const algo = make(1).fit(ts);
      let sse = 0;
      let sseMean = 0;
      for (let u = 0; u < ts.nUsers; u++) {
        for (let at = ts.ur.offsets[u]; at < ts.ur.offsets[u + 1]; at++) {
          sse += (algo.predict(ts.rawUserIds[u], ts.rawItemIds[ts.ur.index[at]]).est - ts.ur.ratings[at]) ** 2;
          sseMean += (ts.globalMean - ts.ur.ratings[at]) ** 2;
        }
      }
      assert.ok(sse < sseMean, `${sse} ≥ ${sseMean}`);
    });
  }

  test('similarItems ranks by the cosine of item factors, best first, without the item itself', () => {
    const svd = new SVD({ n_factors: 6, n_epochs: 5 }).fit(ts);
    const { qi } = svd.learnedArrays();
    const k = 6;
    const cosine = (a: number, b: number) => {
      let ab = 0;
      let aa = 0;
      let bb = 0;
      for (let f = 0; f < k; f++) {
        ab += qi[a * k + f] * qi[b * k + f];
        aa += qi[a * k + f] ** 2;
        bb += qi[b * k + f] ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    };
    const expected = Array.from({ length: ts.nItems }, (_, j) => j)
      .filter((j) => j !== 4)
      .sort((a, b) => cosine(4, b) - cosine(4, a))
      .slice(0, 5);
    const { items, scores } = svd.similarItems(4, 5);
    assert.deepEqual([...items], expected);
    scores.forEach((s, r) => close(s, cosine(4, expected[r]), 1e-12));
    assert.throws(() => svd.similarItems(-1, 5), RangeError);
  });

  test('parameters are checked when the algorithm is built', () => {
    assert.throws(() => new SVD({ n_factor: 10 }), /SVD: unknown parameter "n_factor"/);
    assert.throws(() => new SVD({ n_factors: '10' }), /must be a number/);
    assert.throws(() => new SVD({ n_factors: 0 }), /integer ≥ 1/);
    assert.throws(() => new SVDpp({ lr_yj: -0.1 }), /lr_yj/);
    assert.throws(() => new NMF({ random_state: 1.5 }), /random_state/);
    assert.equal(new SVDpp({ cache_ratings: true }).params.cache_ratings, true);
  });
});

/**
 * Surprise 1.1.4's SVDpp.sgd, transcribed line for line (the cost is O(|I_u|²) per user, fine here),
 * drawing the initial factors in our generator's order: p_u, then q_i, then y_j.
 */
function surpriseSvdpp(ts: Trainset, k: number, nEpochs: number, seed: number) {
  const rng = new Random(seed);
  const normal = (n: number) => Float64Array.from({ length: n }, () => rng.normal(0, 0.1));
  const pu = normal(ts.nUsers * k);
  const qi = normal(ts.nItems * k);
  const yj = normal(ts.nItems * k);
  const bu = new Float64Array(ts.nUsers);
  const bi = new Float64Array(ts.nItems);
  const lr = 0.007;
  const reg = 0.02;
  const { offsets, index, ratings } = ts.ur;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    for (let u = 0; u < ts.nUsers; u++) {
      for (let at = offsets[u]; at < offsets[u + 1]; at++) {
        const i = index[at];
        const r = ratings[at];
        const Iu = index.subarray(offsets[u], offsets[u + 1]);
        const sqrtIu = Math.sqrt(Iu.length);
        const implicit = new Float64Array(k);
        for (const j of Iu) for (let f = 0; f < k; f++) implicit[f] += yj[j * k + f] / sqrtIu;
        let dot = 0;
        for (let f = 0; f < k; f++) dot += qi[i * k + f] * (pu[u * k + f] + implicit[f]);
        const err = r - (ts.globalMean + bu[u] + bi[i] + dot);
        bu[u] += lr * (err - reg * bu[u]);
        bi[i] += lr * (err - reg * bi[i]);
        for (let f = 0; f < k; f++) {
          const puf = pu[u * k + f];
          const qif = qi[i * k + f];
          pu[u * k + f] += lr * (err * qif - reg * puf);
          qi[i * k + f] += lr * (err * (puf + implicit[f]) - reg * qif);
          for (const j of Iu) yj[j * k + f] += lr * ((err * qif) / sqrtIu - reg * yj[j * k + f]);
        }
      }
    }
  }
  return { bu, bi, pu, qi, yj };
}
