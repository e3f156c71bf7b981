/**
 * Reference statistics for drift detection, computed at training time from the ratings the model
 * was fitted on and stored beside its model file (`reference-stats.json`, named by the version tag
 * `marquee.reference_stats_key`). A drift check later compares recent ratings with these.
 *
 * Everything is bounded whatever the data size: distributions are counts, long tails are quantiles
 * plus a seeded sample of at most `sampleSize` values, so the file stays small for ml-25m too.
 */
import { Random, type RatingArrays } from '../engine/index.ts';
import type { DataFingerprint } from './fingerprint.ts';

export const REFERENCE_STATS_FORMAT = 'marquee-reference-stats';
export const REFERENCE_STATS_VERSION = 1;

const QUANTILES = [0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];

export interface CountSummary {
  /** How many users (or movies) the counts are over. */
  n: number;
  mean: number;
  /** `quantiles[k]` is the value at probability `QUANTILES[k]` (the `probabilities` field). */
  probabilities: number[];
  quantiles: number[];
  /** A seeded sample of the counts themselves (all of them when there are few), for two-sample tests. */
  sample: number[];
}

export interface ReferenceStats {
  format: typeof REFERENCE_STATS_FORMAT;
  version: typeof REFERENCE_STATS_VERSION;
  created_at: string;
  data: DataFingerprint;
  /** Rating value → number of ratings, both in ascending rating order. */
  ratings: { values: number[]; counts: number[]; mean: number };
  ratings_per_user: CountSummary;
  ratings_per_movie: CountSummary;
  /** Share of ratings per genre: each rating counts once for each genre of its movie (shares sum to 1). */
  genres: { names: string[]; counts: number[]; shares: number[] };
  /** Ratings per hour of the day, UTC, index 0 = 00:00–00:59. */
  hour_of_day: number[];
  /** A seeded uniform sample of the ratings, as parallel arrays. */
  sample: { seed: number; user_ids: number[]; movie_ids: number[]; ratings: number[]; timestamps: number[] };
  /** The promoted model's accuracy on the held-out ratings: the baseline a later evaluation is held to. */
  holdout: { rmse: number; mae: number; ratings: number };
}

export interface ReferenceInput {
  data: Required<RatingArrays>;
  fingerprint: DataFingerprint;
  genres: ReadonlyMap<number, readonly string[]>;
  holdout: { rmse: number; mae: number; ratings: number };
  seed: number;
  sampleSize: number;
  createdAt?: Date;
}

export function computeReferenceStats(input: ReferenceInput): ReferenceStats {
  const { data, seed, sampleSize } = input;
  const rng = new Random(seed);
  return {
    format: REFERENCE_STATS_FORMAT,
    version: REFERENCE_STATS_VERSION,
    created_at: (input.createdAt ?? new Date()).toISOString(),
    data: input.fingerprint,
    ratings: ratingDistribution(data.ratings),
    ratings_per_user: summarizeCounts(countBy(data.userIds), rng, sampleSize),
    ratings_per_movie: summarizeCounts(countBy(data.itemIds), rng, sampleSize),
    genres: genreMix(data.itemIds, input.genres),
    hour_of_day: hourOfDay(data.timestamps),
    sample: ratingSample(data, rng, sampleSize, seed),
    holdout: input.holdout,
  };
}

function ratingDistribution(ratings: Float32Array): ReferenceStats['ratings'] {
  const counts = new Map<number, number>();
  let sum = 0;
  for (const r of ratings) {
    counts.set(r, (counts.get(r) ?? 0) + 1);
    sum += r;
  }
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((v) => counts.get(v) ?? 0), mean: ratings.length > 0 ? sum / ratings.length : NaN };
}

function countBy(ids: Int32Array): number[] {
  const counts = new Map<number, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts.values()];
}

function summarizeCounts(counts: number[], rng: Random, sampleSize: number): CountSummary {
  const sorted = Float64Array.from(counts).sort();
  const n = sorted.length;
  const mean = n > 0 ? sorted.reduce((s, v) => s + v, 0) / n : NaN;
  // Linear interpolation between closest ranks (numpy's default), so the values match a Python check.
  const quantile = (p: number) => {
    if (n === 0) return NaN;
    const at = p * (n - 1);
    const lo = Math.floor(at);
    const hi = Math.min(n - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
  };
  return { n, mean, probabilities: QUANTILES, quantiles: QUANTILES.map(quantile), sample: pick(counts.length, rng, sampleSize).map((k) => counts[k]) };
}

function genreMix(itemIds: Int32Array, genres: ReadonlyMap<number, readonly string[]>): ReferenceStats['genres'] {
  const counts = new Map<string, number>();
  for (const id of itemIds) {
    const list = genres.get(id);
    // Movies without genres (or missing from the catalogue) are counted apart, not dropped, so the shares stay honest.
    for (const g of list && list.length > 0 ? list : ['(none)']) counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const names = [...counts.keys()].sort();
  const total = names.reduce((s, g) => s + (counts.get(g) ?? 0), 0);
  const values = names.map((g) => counts.get(g) ?? 0);
  return { names, counts: values, shares: values.map((c) => (total > 0 ? c / total : 0)) };
}

function hourOfDay(timestamps: Float64Array): number[] {
  const hours = new Array<number>(24).fill(0);
  for (const t of timestamps) hours[new Date(t).getUTCHours()]++;
  return hours;
}

function ratingSample(data: Required<RatingArrays>, rng: Random, sampleSize: number, seed: number): ReferenceStats['sample'] {
  const rows = pick(data.ratings.length, rng, sampleSize);
  return {
    seed,
    user_ids: rows.map((k) => data.userIds[k]),
    movie_ids: rows.map((k) => data.itemIds[k]),
    ratings: rows.map((k) => data.ratings[k]),
    timestamps: rows.map((k) => data.timestamps[k]),
  };
}

/** Up to `size` distinct indices below `n`, uniformly, in ascending order (all of them when n ≤ size). */
function pick(n: number, rng: Random, size: number): number[] {
  if (n <= size) return Array.from({ length: n }, (_, k) => k);
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = k;
  return Array.from(rng.shuffle(order).subarray(0, size).sort());
}
