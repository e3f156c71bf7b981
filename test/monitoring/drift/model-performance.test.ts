import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPerformance, type Predictor } from '../../../src/monitoring/drift/model-performance.ts';

/** Users 1–3 and movies 1–3 are known; rating r of (u, m) is predicted as r + error(u). */
const ratings = {
  userIds: Int32Array.of(1, 2, 3, 1, 9, 2, 3),
  itemIds: Int32Array.of(1, 2, 3, 2, 1, 9, 1),
  ratings: Float32Array.of(4, 3, 5, 2, 1, 4, 3),
  timestamps: Float64Array.of(50, 150, 200, 300, 400, 500, 600),
};

function predictor(error: number): Predictor {
  return {
    knows: (user, movie) => user <= 3 && movie <= 3,
    predict: (user, movie) => {
      const k = ratings.userIds.findIndex((u, i) => u === user && ratings.itemIds[i] === movie);
      return ratings.ratings[k] + error;
    },
  };
}

const options = { unseenAfter: 100, holdout: { rmse: 0.5, ratings: 40 }, ratioThreshold: 1.1, minRatings: 3 };

test('scores only unseen ratings of known users and movies, and counts the cold-start ones apart', () => {
  const outcome = checkPerformance(predictor(0.5), ratings, options);
  assert.ok('result' in outcome);
  // Unseen (t > 100): rows 2, 3, 4, 7 known (rows 5 and 6 have user 9 / movie 9); the t = 50 row is training data.
  assert.equal(outcome.result.current_size, 4);
  assert.equal(outcome.result.cold_start_ratings, 2);
  assert.equal(outcome.result.current_rmse, 0.5);
  assert.equal(outcome.result.statistic, 1);
  assert.equal(outcome.result.drifted, false);
  assert.equal(outcome.result.p_value, null);
  assert.equal(outcome.result.reference_size, 40);
});

test('flags an RMSE worse than the holdout by more than the ratio', () => {
  const outcome = checkPerformance(predictor(0.6), ratings, options);
  assert.ok('result' in outcome);
  assert.ok(Math.abs(outcome.result.statistic - 1.2) < 1e-12);
  assert.equal(outcome.result.drifted, true);
});

test('too few scorable ratings skip the check with the counts in the reason', () => {
  const outcome = checkPerformance(predictor(0), ratings, { ...options, minRatings: 5 });
  assert.deepEqual(outcome, { skipped: '4 current ratings are unseen by the champion and of users and movies it knows (2 more are cold-start); at least 5 are needed' });
});
