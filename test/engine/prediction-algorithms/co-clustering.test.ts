import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CoClustering } from '../../../src/engine/prediction-algorithms/co-clustering.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { handTrainset, ratingArrays } from './neighbourhood-fixture.ts';

test('with one cluster each, CoClustering predicts μ_u + μ_i − μ', () => {
  const ts = handTrainset();
  const algo = new CoClustering({ n_cltr_u: 1, n_cltr_i: 1 }).fit(ts);
  assert.equal(algo.predict(1, 3).est, 4); // μ_u1 = 3, μ_i3 = 4, μ = 3
  assert.ok(Math.abs(algo.predict(2, 2).est - 17 / 12) < 1e-12); // 11/4 + 5/3 − 3
});

/*
 * Two blocks: users 1–3 rate items 1–3 with 5 and items 4–6 with 2; users 4–5 rate them 1 and 4.
 * (u5, i6) is held out. With 2 × 2 clusters the blocks are found, and
 *   r̂(u5, i6) = avg(C_B,II) + μ_u5 − avg(C_B) + μ_i6 − avg(C_II)
 *            = 4 + 11/5 − 26/11 + 10/4 − 38/14 = 2789/770,
 * where C_B (users 4, 5) holds 26 stars in 11 ratings and C_II (items 4–6) 38 in 14.
 */
test('with 2 × 2 clusters CoClustering finds the two blocks of a block-structured matrix', () => {
  const rows: [number, number, number][] = [];
  for (let u = 1; u <= 5; u++) {
    for (let i = 1; i <= 6; i++) {
      if (u === 5 && i === 6) continue;
      rows.push([u, i, u <= 3 ? (i <= 3 ? 5 : 2) : i <= 3 ? 1 : 4]);
    }
  }
  const ts = Trainset.build(ratingArrays(rows), { min: 1, max: 5 });
  for (let seed = 0; seed < 5; seed++) {
    const algo = new CoClustering({ n_cltr_u: 2, n_cltr_i: 2, random_state: seed }).fit(ts);
    const { cltrU, cltrI } = algo.learnedArrays();
    const clusterOf = (clusters: ArrayLike<number>, inner: (raw: number) => number, raw: number[]) =>
      raw.map((x) => clusters[inner(x)]);
    const users = clusterOf(cltrU, (u) => ts.innerUser(u), [1, 2, 3, 4, 5]);
    const items = clusterOf(cltrI, (i) => ts.innerItem(i), [1, 2, 3, 4, 5, 6]);
    const a = users[0];
    const b = 1 - a;
    assert.deepEqual(users, [a, a, a, b, b], `seed ${seed}: user clusters`);
    assert.deepEqual(items, [items[0], items[0], items[0], 1 - items[0], 1 - items[0], 1 - items[0]], `seed ${seed}`);
    assert.ok(Math.abs(algo.predict(5, 6).est - 2789 / 770) < 1e-12, `seed ${seed}: r̂(u5, i6)`);
  }
});

test('CoClustering: an unknown user or item gets the global mean (not impossible); same seed, same model', () => {
  const ts = handTrainset();
  const algo = new CoClustering({ random_state: 3 }).fit(ts);
  assert.deepEqual(algo.predict(99, 3), { uid: 99, iid: 3, rUi: Number.NaN, est: 3, details: { wasImpossible: false } });
  assert.deepEqual(new CoClustering({ random_state: 3 }).fit(ts).learnedArrays(), algo.learnedArrays());
  assert.throws(() => new CoClustering({ n_cltr_u: 0 }), /"n_cltr_u" must be an integer ≥ 1/);
  const arrays = { ...algo.learnedArrays(), cltrU: new Int32Array(ts.nUsers).fill(7) };
  assert.throws(() => new CoClustering({ random_state: 3 }).restore(ts, arrays), /cluster outside 0..2/);
});
