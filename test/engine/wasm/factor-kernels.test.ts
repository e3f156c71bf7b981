/**
 * The float64 WebAssembly kernels against their JavaScript references, bit for bit: SVD's SGD epochs
 * (`sgdEpoch`) and the scoring of every item (`dot`, as `estimate` adds), alone and inside the factor
 * models. Factor counts cover the SIMD part with and without a remainder, and a remainder alone.
 * (The float32 kernel is tested for its bounds in top-n-bounded.test.ts.)
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NMF, SVD, sgdEpoch } from '../../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { SVDpp } from '../../../src/engine/prediction-algorithms/svdpp.ts';
import { Random } from '../../../src/engine/random.ts';
import type { Trainset } from '../../../src/engine/trainset.ts';
import { dot, rowNorms } from '../../../src/engine/vectors.ts';
import { ItemScorer } from '../../../src/engine/wasm/item-scorer.ts';
import { svdEpochsInKernel, type SgdArrays } from '../../../src/engine/wasm/svd-epochs.ts';
import { randomTrainset, trainsetOf } from '../prediction-algorithms/factor-fixtures.ts';

const RATES = new Float64Array([0.005, 0.006, 0.007, 0.008, 0.02, 0.03, 0.04, 0.05]);

function initialArrays(ts: Trainset, k: number, seed: number): SgdArrays {
  const rng = new Random(seed);
  return {
    bu: new Float64Array(ts.nUsers),
    bi: new Float64Array(ts.nItems),
    pu: Float64Array.from({ length: ts.nUsers * k }, () => rng.normal(0, 0.1)),
    qi: Float64Array.from({ length: ts.nItems * k }, () => rng.normal(0, 0.1)),
  };
}

function copy(arrays: SgdArrays): SgdArrays {
  return { bu: arrays.bu.slice(), bi: arrays.bi.slice(), pu: arrays.pu.slice(), qi: arrays.qi.slice() };
}

/** Same bits, NaN included: Object.is tells 0 from -0 and matches NaN. */
function assertSameBits(actual: Float64Array, expected: Float64Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let x = 0; x < expected.length; x++) {
    if (!Object.is(actual[x], expected[x])) assert.fail(`${what}[${x}]: ${actual[x]} ≠ ${expected[x]}`);
  }
}

function checkEpochs(ts: Trainset, k: number, biased: boolean, nEpochs: number): void {
  const start = initialArrays(ts, k, k);
  const expected = copy(start);
  const mu = biased ? ts.globalMean : 0;
  const { offsets, index, ratings } = ts.ur;
  for (let epoch = 0; epoch < nEpochs; epoch++) {
    sgdEpoch(offsets, index, ratings, k, mu, biased, RATES, expected.bu, expected.bi, expected.pu, expected.qi);
  }
  const actual = copy(start);
  assert.equal(svdEpochsInKernel(ts.ur, k, mu, biased, RATES, nEpochs, actual), true, 'the kernel runs on this Node.js');
  for (const name of ['bu', 'bi', 'pu', 'qi'] as const) assertSameBits(actual[name], expected[name], `k=${k} ${name}`);
}

describe('sgdUser kernel', () => {
  const ts = randomTrainset(40, 30, 0.3, 5);
  for (const k of [100, 7, 3, 1]) {
    test(`matches sgdEpoch bit for bit, k = ${k}, biased and not`, () => {
      checkEpochs(ts, k, true, 3);
      checkEpochs(ts, k, false, 2);
    });
  }

  test('matches sgdEpoch when a user rates the same item twice in a row', () => {
    // User 1 rates item 10 twice in a row, then items 11 and 10: the next dot product must see the
    // repeated item's factors as this step leaves them.
    const repeated = trainsetOf([
      [1, 10, 4],
      [1, 10, 2],
      [1, 11, 5],
      [1, 10, 3],
      [2, 11, 1],
      [3, 12, 4.5],
    ]);
    for (const k of [8, 5]) checkEpochs(repeated, k, true, 4);
  });
});

describe('ItemScorer', () => {
  const rng = new Random(9);
  for (const [nItems, k] of [
    [101, 100],
    [64, 6],
    [5, 2],
    [1, 4],
  ]) {
    test(`scores ${nItems} items of ${k} factors as dot adds, biased and not`, () => {
      const qi = Float64Array.from({ length: nItems * k }, () => rng.normal(0, 0.3));
      const bi = Float64Array.from({ length: nItems }, () => rng.normal(0, 0.5));
      const users = Float64Array.from({ length: 3 * k }, () => rng.normal(0, 0.3));
      const scorer = ItemScorer.create(qi, bi, k);
      assert.ok(scorer, 'the kernel runs on this Node.js');
      const out = new Float64Array(nItems);
      const expected = new Float64Array(nItems);
      for (let u = 0; u < 3; u++) {
        const base = 3.5 + u / 7;
        scorer.score(users, u * k, base, true, out);
        for (let i = 0; i < nItems; i++) expected[i] = base + bi[i] + dot(qi, i * k, users, u * k, k);
        assertSameBits(out, expected, `biased user ${u}`);
        scorer.score(users, u * k, base, false, out);
        for (let i = 0; i < nItems; i++) expected[i] = dot(qi, i * k, users, u * k, k);
        assertSameBits(out, expected, `unbiased user ${u}`);
      }
    });
  }

  test('keeps its own copy: later changes to the arrays it was built from do not reach it', () => {
    const qi = new Float64Array([1, 2, 3, 4]);
    const bi = new Float64Array([0.5, -0.5]);
    const scorer = ItemScorer.create(qi, bi, 2);
    assert.ok(scorer);
    qi.fill(0);
    const out = new Float64Array(2);
    scorer.score(new Float64Array([1, 1]), 0, 1, true, out);
    assert.deepEqual([...out], [1 + 0.5 + 3, 1 - 0.5 + 7]);
  });
});

describe('factor models on the kernels', () => {
  const ts = randomTrainset(30, 45, 0.25, 11);

  const models = [new SVD({ n_factors: 30, n_epochs: 3 }), new SVDpp({ n_factors: 10, n_epochs: 2 }), new NMF({ n_factors: 7, n_epochs: 3 })];
  for (const model of models) {
    test(`${model.name}: scoreAll gives estimate's numbers for every item`, () => {
      model.fit(ts);
      const out = new Float64Array(ts.nItems);
      for (const u of [0, 13, 29]) {
        model.scoreAll(u, out);
        assertSameBits(out, Float64Array.from({ length: ts.nItems }, (_, i) => model.estimate(u, i)), `user ${u}`);
      }
    });
  }

  test('SVD: similarItems scores are q_i·q_j / (|q_i| |q_j|) as dot computes them', () => {
    const svd = new SVD({ n_factors: 30, n_epochs: 3 }).fit(ts);
    const qi = svd.learnedArrays().qi as Float64Array;
    const norms = rowNorms(qi, 30);
    const { items, scores } = svd.similarItems(6, ts.nItems);
    assert.equal(items.length, ts.nItems - 1);
    items.forEach((j, r) => assert.ok(Object.is(scores[r], dot(qi, 6 * 30, qi, j * 30, 30) / (norms[6] * norms[j])), `item ${j}`));
  });
});
