import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../../src/engine/random.ts';
import { DiscreteSampler, generateRatings, halfStars, type Activity } from '../../src/api/synthetic-ratings.ts';

const activity: Activity = {
  users: { ids: Int32Array.from([1, 2, 3]), counts: Float64Array.from([80, 15, 5]) },
  movies: { ids: Int32Array.from([10, 20, 30, 40]), counts: Float64Array.from([70, 20, 9, 1]) },
  ratings: { values: Float64Array.from([1, 3, 4.5]), counts: Float64Array.from([1, 1, 8]) },
};

const share = <T>(rows: T[], pick: (row: T) => number, value: number) => rows.filter((r) => pick(r) === value).length / rows.length;

describe('DiscreteSampler', () => {
  test('draws each index as often as its weight says', () => {
    const sampler = new DiscreteSampler([1, 0, 3]);
    const rng = new Random(1);
    const counts = [0, 0, 0];
    for (let k = 0; k < 40_000; k++) counts[sampler.draw(rng)]++;
    assert.equal(counts[1], 0);
    assert.ok(Math.abs(counts[2] / 40_000 - 0.75) < 0.01, String(counts));
  });

  test('refuses weights that cannot be drawn from', () => {
    assert.throws(() => new DiscreteSampler([0, 0]), /at least one weight must be positive/);
    assert.throws(() => new DiscreteSampler([1, -1]), /weight 1 is -1/);
    assert.throws(() => new DiscreteSampler([1, Infinity]), /weight 1 is Infinity/);
  });
});

test('halfStars rounds to half stars within 0.5–5', () => {
  assert.deepEqual([-3, 0.2, 0.76, 2.24, 2.25, 4.9, 7].map(halfStars), [0.5, 0.5, 1, 2, 2.5, 5, 5]);
});

describe('generateRatings', () => {
  const base = { count: 20_000, drift: 0, seed: 3, now: 1_700_000_000_000 };

  test('users, movies and ratings follow the real frequencies; pairs are distinct; timestamps are now', () => {
    const rows = generateRatings(activity, { ...base, count: 300 });
    assert.ok(rows.length <= 300 && rows.length >= 8);
    assert.equal(new Set(rows.map((r) => `${r.user_id}:${r.movie_id}`)).size, rows.length);
    assert.ok(rows.every((r) => r.timestamp === base.now && [1, 3, 4.5].includes(r.rating)));
    // On a tiny catalogue repeated pairs flatten the shares; on a large one they follow the weights.
    const large = { ...activity, movies: { ids: Int32Array.from({ length: 100_000 }, (_, k) => k + 1), counts: new Float64Array(100_000).fill(1) } };
    const many = generateRatings(large, { ...base, count: 5000 });
    assert.ok(Math.abs(share(many, (r) => r.user_id, 1) - 0.8) < 0.03, 'the most active user rates most');
    assert.ok(Math.abs(share(many, (r) => r.user_id, 3) - 0.05) < 0.015);
  });

  test('ratings follow the model, with its noise, in half stars', () => {
    const rows = generateRatings(activity, { ...base, count: 2000, model: { predict: (u) => (u === 1 ? 4.2 : 1.4), rmse: 0.01 } });
    assert.ok(rows.every((r) => r.rating === (r.user_id === 1 ? 4 : 1.5)));
  });

  test('the same seed gives the same rows; another seed others', () => {
    assert.deepEqual(generateRatings(activity, { ...base, count: 50 }), generateRatings(activity, { ...base, count: 50 }));
    assert.notDeepEqual(generateRatings(activity, { ...base, count: 50 }), generateRatings(activity, { ...base, count: 50, seed: 4 }));
  });

  test('drift moves that share of rows: uniform users, long-tail movies, two stars lower', () => {
    const model = { predict: () => 4, rmse: 0 };
    // One very active user and one very popular movie among many rare ones.
    const skewed = (n: number) => ({ ids: Int32Array.from({ length: n }, (_, k) => k + 1), counts: Float64Array.from({ length: n }, (_, k) => (k === 0 ? 1000 : 1)) });
    const wide: Activity = { ...activity, users: skewed(10_000), movies: skewed(10_000) };
    const calm = generateRatings(wide, { ...base, model });
    const drifted = generateRatings(wide, { ...base, drift: 1, model });
    const mean = (rows: { rating: number }[]) => rows.reduce((s, r) => s + r.rating, 0) / rows.length;
    assert.equal(mean(calm), 4);
    assert.equal(mean(drifted), 2);
    assert.ok(share(calm, (r) => r.user_id, 1) > 0.05 && share(drifted, (r) => r.user_id, 1) < 0.005, 'users are drawn uniformly');
    assert.ok(share(calm, (r) => r.movie_id, 1) > 0.05 && share(drifted, (r) => r.movie_id, 1) < 0.001, 'the popular movie gives way to the tail');
    const half = generateRatings(wide, { ...base, drift: 0.5, model });
    assert.ok(Math.abs(share(half, (r) => r.rating, 2) - 0.5) < 0.03);
  });
});
