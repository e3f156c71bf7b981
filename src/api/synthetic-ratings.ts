/**
 * Synthetic ratings that look like the real ones, for demos, load tests and drift drills.
 *
 * - Who rates and what: users and movies are drawn with the frequencies they have in the real
 *   ratings (an active user or a popular movie comes up as often as it does there).
 * - The rating: the serving model's prediction for the pair plus Gaussian noise of the model's
 *   RMSE, rounded to half stars and clipped to 0.5–5; without a model, a draw from the real
 *   ratings' distribution.
 * - When: the time of generation.
 *
 * `drift` (0–1) is the share of rows changed on purpose: such a row comes from a user drawn
 * uniformly (not by activity), rates a movie drawn from the long tail (weights 1/count, which also
 * shifts the genre mix) and rates it two stars lower. Timestamps are not shifted: a batch dated
 * into the past could fall before the data of a model just trained on the last batch and be
 * missed by a "since training" drift check.
 *
 * The same activity, seed, drift and model give the same rows (timestamps aside).
 */
import { Random } from '../engine/index.ts';

/** What the real ratings look like: who rates, what is rated, and how. */
export interface Activity {
  users: { ids: Int32Array; counts: Float64Array };
  movies: { ids: Int32Array; counts: Float64Array };
  ratings: { values: Float64Array; counts: Float64Array };
}

export interface GenerationOptions {
  count: number;
  drift: number;
  seed: number;
  now: number;
  /** The model's estimate for a (user, movie) pair, and its typical error; absent → no model. */
  model?: { predict(userId: number, movieId: number): number; rmse: number };
}

export interface SyntheticRating {
  user_id: number;
  movie_id: number;
  rating: number;
  timestamp: number;
}

/** Draws index k with probability weights[k] / Σ weights: a binary search in the cumulative sums. */
export class DiscreteSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let k = 0; k < weights.length; k++) {
      if (!(weights[k] >= 0) || !Number.isFinite(weights[k])) throw new RangeError(`weight ${k} is ${weights[k]}: weights must be finite and ≥ 0`);
      this.cumulative[k] = sum += weights[k];
    }
    if (!(sum > 0)) throw new RangeError('at least one weight must be positive');
  }

  draw(rng: Random): number {
    const target = rng.next() * this.cumulative[this.cumulative.length - 1];
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.cumulative[mid] > target) high = mid;
      else low = mid + 1;
    }
    return low;
  }
}

export const halfStars = (rating: number) => Math.min(5, Math.max(0.5, Math.round(rating * 2) / 2));

/** Distinct (user, movie) pairs: a pair drawn twice keeps its last rating. */
export function generateRatings(activity: Activity, options: GenerationOptions): SyntheticRating[] {
  const rng = new Random(options.seed);
  const users = new DiscreteSampler(activity.users.counts);
  const uniformUsers = new DiscreteSampler(new Float64Array(activity.users.ids.length).fill(1));
  const movies = new DiscreteSampler(activity.movies.counts);
  const tail = new DiscreteSampler(activity.movies.counts.map((c) => 1 / c));
  const ratings = new DiscreteSampler(activity.ratings.counts);
  const rows = new Map<string, SyntheticRating>();
  for (let k = 0; k < options.count; k++) {
    const drifted = rng.next() < options.drift;
    const userId = activity.users.ids[(drifted ? uniformUsers : users).draw(rng)];
    const movieId = activity.movies.ids[(drifted ? tail : movies).draw(rng)];
    const base = options.model
      ? options.model.predict(userId, movieId) + rng.normal(0, options.model.rmse)
      : activity.ratings.values[ratings.draw(rng)];
    const rating = halfStars(drifted ? base - 2 : base);
    const key = `${userId}:${movieId}`;
    rows.delete(key);
    rows.set(key, { user_id: userId, movie_id: movieId, rating, timestamp: options.now });
  }
  return [...rows.values()];
}
