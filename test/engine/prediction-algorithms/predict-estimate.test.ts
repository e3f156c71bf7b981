/**
 * `predictEstimate` is `predict(...).est` without the prediction object, for every registered
 * algorithm: known and unknown ids, estimates outside the scale (clipped), and the impossible
 * predictions that fall back to the default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { algorithmNames, createAlgorithm, type AlgoSpec } from '../../../src/engine/algorithms.ts';
import { randomTrainset } from './factor-fixtures.ts';

const ts = randomTrainset(25, 30, 0.2, 21);
// Raw ids of the fixture are 100 + user and 1000 + item; 99 and 999 are unknown to the trainset.
const users = [100, 104, 117, 124, 99];
const items = [1000, 1003, 1011, 1029, 999];

/** Every algorithm with its defaults, and an unbiased SVD, whose estimates leave the scale. */
const specs: AlgoSpec[] = [...algorithmNames().map((algo) => ({ algo })), { algo: 'SVD', params: { biased: false } }];

for (const spec of specs) {
  test(`${spec.algo}${spec.params ? ' (unbiased)' : ''}: predictEstimate is predict's estimate`, async () => {
    const algo = (await createAlgorithm(spec)).fit(ts);
    for (const uid of users) {
      for (const iid of items) assert.ok(Object.is(algo.predictEstimate(uid, iid), algo.predict(uid, iid).est), `${uid}, ${iid}`);
    }
  });
}

test('the cases above include impossible predictions and clipped estimates', async () => {
  const knn = (await createAlgorithm({ algo: 'KNNBasic' })).fit(ts);
  assert.ok(users.some((uid) => items.some((iid) => knn.predict(uid, iid).details.wasImpossible)));
  const svd = (await createAlgorithm(specs[specs.length - 1])).fit(ts);
  const raw = users.flatMap((uid) => items.map((iid) => svd.predict(uid, iid, Number.NaN, false).est));
  assert.ok(raw.some((est) => est < 1 || est > 5), 'some SVD estimate leaves the 1–5 scale before clipping');
});
