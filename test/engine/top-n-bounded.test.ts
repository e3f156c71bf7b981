/**
 * Top-N of factor models through bounded float32 scores (BoundedItemScorer + TopNRanker's second
 * pass): every bound holds, and the ranking is the exact one — the same items, the same scores to the
 * last bit, the same order of ties — even where items differ by less than float32 can tell.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SVD } from '../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { Random } from '../../src/engine/random.ts';
import { TopNRanker, type TopNOptions } from '../../src/engine/top-n.ts';
import type { Trainset } from '../../src/engine/trainset.ts';
import { dot, rowNorms } from '../../src/engine/vectors.ts';
import { BoundedItemScorer } from '../../src/engine/wasm/bounded-item-scorer.ts';
import { randomTrainset } from './prediction-algorithms/factor-fixtures.ts';

/** The exact ranking: every item's `scoreAll` score, sorted best first, ties by ascending id. */
function exactRanking(model: SVD, ts: Trainset, u: number, n: number, options: TopNOptions = {}) {
  const scores = new Float64Array(ts.nItems);
  model.scoreAll(u, scores);
  const rated = new Set(options.excludeRated === false ? [] : ts.ur.index.subarray(ts.ur.offsets[u], ts.ur.offsets[u + 1]));
  const pool = options.candidates ? [...new Set(options.candidates)] : Array.from({ length: ts.nItems }, (_, i) => i);
  const items = pool
    .filter((i) => !rated.has(i))
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, n);
  return { items, scores: items.map((i) => scores[i]) };
}

function assertExactRanking(model: SVD, ts: Trainset, u: number, n: number, options: TopNOptions = {}) {
  const got = new TopNRanker(model).rank(u, n, options);
  const expected = exactRanking(model, ts, u, n, options);
  assert.deepEqual([...got.items], expected.items, `user ${u}, n ${n}`);
  got.scores.forEach((s, r) => assert.ok(Object.is(s, expected.scores[r]), `user ${u}, rank ${r}: ${s} ≠ ${expected.scores[r]}`));
}

describe('BoundedItemScorer', () => {
  const rng = new Random(4);
  const cases: [string, number, number, () => number][] = [
    ['typical factors', 301, 100, () => rng.normal(0, 0.3)],
    ['a remainder of k', 40, 7, () => rng.normal(0, 1)],
    ['one factor', 9, 1, () => rng.normal(0, 2)],
    ['magnitudes from 1e-42 to 1e6', 64, 12, () => rng.normal(0, 1) * 10 ** rng.uniform(-42, 6)],
  ];
  for (const [name, nItems, k, draw] of cases) {
    test(`every score lies within its bound: ${name}`, () => {
      const qi = Float64Array.from({ length: nItems * k }, draw);
      const bi = Float64Array.from({ length: nItems }, () => rng.normal(0, 1e3));
      const v = Float64Array.from({ length: 2 * k }, draw);
      const scorer = BoundedItemScorer.create(qi, bi, rowNorms(qi, k), k);
      assert.ok(scorer, 'the kernel runs on this Node.js');
      const out = new Float64Array(nItems);
      const errors = new Float64Array(nItems);
      for (const [base, biased] of [
        [3.7, true],
        [0, false],
      ] as const) {
        assert.equal(scorer.score(v, k, base, biased, out, errors), true);
        for (let i = 0; i < nItems; i++) {
          const exact = biased ? base + bi[i] + dot(qi, i * k, v, k, k) : dot(qi, i * k, v, k, k);
          assert.ok(Math.abs(out[i] - exact) <= errors[i], `item ${i}: |${out[i]} − ${exact}| > ${errors[i]}`);
          // Not a vacuous bound: a few float32 roundings of the score's terms.
          const magnitude = Math.abs(exact) + Math.sqrt(dot(qi, i * k, qi, i * k, k) * dot(v, k, v, k, k));
          assert.ok(errors[i] <= 1e-6 * magnitude + 1e-300, `item ${i}: bound ${errors[i]} for magnitude ${magnitude}`);
        }
      }
    });
  }

  test('declines what float32 cannot hold, and vectors out of range', () => {
    assert.equal(BoundedItemScorer.create(new Float64Array([1, 1e200]), new Float64Array(1), new Float64Array([1e200]), 2), undefined);
    assert.equal(BoundedItemScorer.create(new Float64Array([1, Number.NaN]), new Float64Array(1), new Float64Array([Number.NaN]), 2), undefined);
    const scorer = BoundedItemScorer.create(new Float64Array([1, 2]), new Float64Array(1), new Float64Array([Math.sqrt(5)]), 2);
    assert.ok(scorer);
    const out = new Float64Array(1);
    assert.equal(scorer.score(new Float64Array([Number.POSITIVE_INFINITY, 0]), 0, 0, true, out, new Float64Array(1)), false);
    assert.equal(scorer.score(new Float64Array([1, 0]), 0, Number.NaN, true, out, new Float64Array(1)), false);
  });
});

describe('TopNRanker on bounded scores', () => {
  const ts = randomTrainset(40, 120, 0.15, 8);
  const svd = new SVD({ n_factors: 20, n_epochs: 5 }).fit(ts);

  test('the bounded path is the one taken for known users', () => {
    assert.equal(svd.scoreAllBounded(3, new Float64Array(ts.nItems), new Float64Array(ts.nItems)), true);
    assert.equal(svd.scoreAllBounded(-1, new Float64Array(ts.nItems), new Float64Array(ts.nItems)), false);
  });

  test('gives the exact ranking for every user and list length', () => {
    for (let u = 0; u < ts.nUsers; u++) {
      for (const n of [0, 1, 10, 119, 200]) assertExactRanking(svd, ts, u, n);
    }
  });

  test('gives the exact ranking of candidates, repeated ones once, rated items kept or not', () => {
    const candidates = Int32Array.from([7, 3, 7, 50, 99, 3, 0, 119, 64, 65]);
    for (const u of [0, 5, 39]) {
      assertExactRanking(svd, ts, u, 4, { candidates });
      assertExactRanking(svd, ts, u, 20, { candidates, excludeRated: false });
      assertExactRanking(svd, ts, u, 15, { excludeRated: false });
    }
  });

  test('orders items float32 cannot tell apart, and exact ties by id, as the exact scores do', () => {
    // Items 10..49 copy item 5's factors; items 10..19 then move by far less than a float32 step
    // (their float32 copies are identical), items 20..29 stay exact ties of item 5, and items 30..49
    // move by about one float32 step, so that rounding to float32 reorders some of them.
    const k = 20;
    const arrays = svd.learnedArrays();
    const qi = (arrays.qi as Float64Array).slice();
    const bi = (arrays.bi as Float64Array).slice();
    const rng = new Random(2);
    const moves = (i: number) => (i < 20 ? 1e-12 : i < 30 ? 0 : 1e-7);
    for (let i = 10; i < 50; i++) {
      bi[i] = bi[5];
      for (let f = 0; f < k; f++) qi[i * k + f] = qi[5 * k + f] * (1 + rng.uniform(-moves(i), moves(i)));
    }
    const tied = new SVD({ n_factors: k }).restore(ts, { ...arrays, qi, bi });
    // Among items 5..49 alone, the near-ties and the ties decide the list.
    const group = Int32Array.from({ length: 45 }, (_, c) => 5 + c);
    for (let u = 0; u < ts.nUsers; u++) {
      assertExactRanking(tied, ts, u, 12, { excludeRated: false });
      assertExactRanking(tied, ts, u, 5, { candidates: group, excludeRated: false });
      assertExactRanking(tied, ts, u, 15, { candidates: group, excludeRated: false });
    }
  });
});
