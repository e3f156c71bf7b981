import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fingerprint, fingerprintTags } from '../../src/pipeline/fingerprint.ts';
import { sampleRows } from '../../src/pipeline/load-data.ts';
import { computeReferenceStats } from '../../src/pipeline/reference-stats.ts';

const HOUR = 3_600_000;
/** 3 users, 3 movies; user 1 rates everything at 01:xx UTC, user 2 twice at 13:xx, user 3 once. */
const data = {
  userIds: Int32Array.of(1, 1, 1, 2, 2, 3),
  itemIds: Int32Array.of(10, 20, 30, 10, 20, 10),
  ratings: Float32Array.of(4, 3.5, 5, 4, 1, 4),
  timestamps: Float64Array.of(1 * HOUR, 1 * HOUR + 5, 1 * HOUR + 9, 13 * HOUR, 13 * HOUR + 1, 23 * HOUR),
};
const filters = { minUserRatings: 1, minMovieRatings: 0 };
const genres = new Map([
  [10, ['Drama', 'Comedy']],
  [20, ['Drama']],
]);

describe('data fingerprint', () => {
  test('counts, time range and a hash that changes with any rating', () => {
    const fp = fingerprint(data, filters);
    assert.deepEqual({ ...fp, hash: undefined }, {
      ratings: 6,
      users: 3,
      movies: 3,
      first_rated_at: new Date(HOUR).toISOString(),
      last_rated_at: new Date(23 * HOUR).toISOString(),
      hash: undefined,
      filters: { min_user_ratings: 1, min_movie_ratings: 0 },
    });
    assert.equal(fingerprint(data, filters).hash, fp.hash, 'the same data gives the same hash');
    const changed = { ...data, ratings: Float32Array.of(4, 3.5, 5, 4, 1.5, 4) };
    assert.notEqual(fingerprint(changed, filters).hash, fp.hash);
    assert.equal(fingerprintTags(fp)['data.ratings'], '6');
    assert.equal(fingerprintTags(fp)['data.hash'], fp.hash);
  });
});

describe('reference statistics', () => {
  const fp = fingerprint(data, filters);
  const holdout = { rmse: 0.9, mae: 0.7, ratings: 2 };
  const stats = computeReferenceStats({ data, fingerprint: fp, genres, holdout, seed: 1, sampleSize: 4, createdAt: new Date(0) });

  test('distributions of ratings, activity, genres and hours', () => {
    assert.deepEqual(stats.ratings, { values: [1, 3.5, 4, 5], counts: [1, 1, 3, 1], mean: 21.5 / 6 });
    assert.equal(stats.ratings_per_user.n, 3);
    assert.equal(stats.ratings_per_user.mean, 2);
    assert.equal(stats.ratings_per_user.quantiles[stats.ratings_per_user.probabilities.indexOf(0.5)], 2);
    assert.equal(stats.ratings_per_user.quantiles.at(-1), 3);
    assert.deepEqual([...stats.ratings_per_user.sample].sort(), [1, 2, 3], 'few counts: all of them');
    assert.equal(stats.ratings_per_movie.quantiles[0], 1);
    // Movie 10 (Drama, Comedy) rated 3 times, 20 (Drama) twice, 30 (no genres) once.
    assert.deepEqual(stats.genres.names, ['(none)', 'Comedy', 'Drama']);
    assert.deepEqual(stats.genres.counts, [1, 3, 5]);
    assert.ok(Math.abs(stats.genres.shares.reduce((s, x) => s + x, 0) - 1) < 1e-12);
    assert.equal(stats.hour_of_day.length, 24);
    assert.deepEqual([stats.hour_of_day[1], stats.hour_of_day[13], stats.hour_of_day[23]], [3, 2, 1]);
    assert.deepEqual(stats.holdout, holdout);
    assert.equal(stats.data.hash, fp.hash);
  });

  test('the rating sample is bounded, seeded and made of real rows', () => {
    assert.equal(stats.sample.ratings.length, 4);
    const again = computeReferenceStats({ data, fingerprint: fp, genres, holdout, seed: 1, sampleSize: 4, createdAt: new Date(0) });
    assert.deepEqual(again, stats);
    const other = computeReferenceStats({ data, fingerprint: fp, genres, holdout, seed: 2, sampleSize: 4, createdAt: new Date(0) });
    assert.notDeepEqual(other.sample, stats.sample);
    stats.sample.user_ids.forEach((u, k) => {
      const row = [...data.userIds.keys()].find((r) => data.userIds[r] === u && data.itemIds[r] === stats.sample.movie_ids[k]);
      assert.ok(row !== undefined);
      assert.equal(stats.sample.ratings[k], data.ratings[row]);
      assert.equal(stats.sample.timestamps[k], data.timestamps[row]);
    });
  });
});

test('a seeded sample of rows keeps their order and is repeatable', () => {
  const half = sampleRows(data, 0.5, 7);
  assert.equal(half.ratings.length, 3);
  assert.deepEqual(sampleRows(data, 3, 7), half);
  const rows = [...half.timestamps].map((t) => data.timestamps.indexOf(t));
  assert.deepEqual(rows, [...rows].sort((a, b) => a - b));
});
