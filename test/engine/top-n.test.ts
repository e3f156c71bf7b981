import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedHeap, TopNRanker } from '../../src/engine/top-n.ts';
import { AlgoBase, type TypedArray } from '../../src/engine/prediction-algorithms/algo-base.ts';
import { SVD } from '../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { Random } from '../../src/engine/random.ts';
import type { Trainset } from '../../src/engine/trainset.ts';
import { randomTrainset } from './prediction-algorithms/factor-fixtures.ts';

/** Scores fixed in advance, to test the ranking alone. */
class FixedScores extends AlgoBase {
  readonly name = 'FixedScores';
  readonly params = {};

  constructor(
    trainset: Trainset,
    private readonly scores: Float64Array,
  ) {
    super();
    this.fit(trainset);
  }

  estimate(_u: number, i: number): number {
    return this.scores[i];
  }

  learnedArrays(): Record<string, TypedArray> {
    return {};
  }

  protected restoreArrays(): void {}
}

/** What the ranking must equal: every allowed item sorted by score descending, then by id. */
function bruteForce(scores: ArrayLike<number>, allowed: (i: number) => boolean, n: number): number[] {
  return Array.from({ length: scores.length }, (_, i) => i)
    .filter((i) => allowed(i) && !Number.isNaN(scores[i]))
    .sort((a, b) => scores[b] - scores[a] || a - b)
    .slice(0, n);
}

describe('BoundedHeap', () => {
  test('keeps the n best of a stream, best first, ties by ascending id', () => {
    const rng = new Random(1);
    for (const n of [0, 1, 3, 10, 50]) {
      const scores = Array.from({ length: 40 }, () => rng.int(8)); // many ties
      const heap = new BoundedHeap(n);
      scores.forEach((s, i) => heap.offer(i, s));
      const { items, scores: kept } = heap.drain();
      const expected = bruteForce(scores, () => true, n);
      assert.deepEqual([...items], expected, `n = ${n}`);
      assert.deepEqual([...kept], expected.map((i) => scores[i]));
    }
    assert.throws(() => new BoundedHeap(-1), /integer ≥ 0/);
    assert.throws(() => new BoundedHeap(2.5), /integer ≥ 0/);
  });
});

describe('TopNRanker', () => {
  const ts = randomTrainset(50, 80, 0.2, 3);
  const svd = new SVD({ n_factors: 8, n_epochs: 10 }).fit(ts);
  const ranker = new TopNRanker(svd);
  const scoresOf = (u: number) => {
    const out = new Float64Array(ts.nItems);
    svd.scoreAll(u, out);
    return out;
  };
  const ratedBy = (u: number) => new Set(ts.ur.index.subarray(ts.ur.offsets[u], ts.ur.offsets[u + 1]));

  test('matches a brute-force sort and leaves out what the user rated', () => {
    for (const u of [0, 7, 33]) {
      const rated = ratedBy(u);
      const { items, scores } = ranker.rank(u, 10);
      const expected = bruteForce(scoresOf(u), (i) => !rated.has(i), 10);
      assert.deepEqual([...items], expected);
      assert.deepEqual([...scores], expected.map((i) => svd.estimate(u, i)));
      assert.ok(items.every((i) => !rated.has(i)));
    }
  });

  test('keeps rated items when asked to', () => {
    const u = 7;
    const { items } = ranker.rank(u, ts.nItems, { excludeRated: false });
    assert.equal(items.length, ts.nItems);
    assert.deepEqual([...items], bruteForce(scoresOf(u), () => true, ts.nItems));
  });

  test('ranks only the candidates, each once, and still without rated items', () => {
    const u = 12;
    const rated = ratedBy(u);
    const candidates = Int32Array.from([5, 9, 5, 40, 41, 42, 77, 3, 9, ...rated].slice(0, 14));
    const allowed = new Set(candidates);
    const { items } = ranker.rank(u, 6, { candidates });
    assert.deepEqual([...items], bruteForce(scoresOf(u), (i) => allowed.has(i) && !rated.has(i), 6));
    assert.throws(() => ranker.rank(u, 3, { candidates: Int32Array.of(ts.nItems) }), RangeError);
  });

  test('a user the trainset does not know gets the item-bias ranking', () => {
    const { items } = ranker.rank(-1, 5);
    const { bi } = svd.learnedArrays();
    assert.deepEqual([...items], bruteForce(bi, () => true, 5));
  });

  test('ranks by the unclipped score and reports the clipped rating', () => {
    const scores = Float64Array.from({ length: ts.nItems }, (_, i) => (i < 5 ? 5 + i / 10 : 1));
    scores[6] = Number.NaN; // cannot be scored: left out
    const { items, scores: ranked, estimates } = new TopNRanker(new FixedScores(ts, scores)).rank(-1, 6);
    assert.deepEqual([...items], [4, 3, 2, 1, 0, 5]);
    assert.deepEqual([...ranked], [5.4, 5.3, 5.2, 5.1, 5, 1]);
    assert.deepEqual([...estimates], [5, 5, 5, 5, 5, 1]);
  });
});
