/**
 * Data for the drift tests: ml-latest-small (bundled) with its genres, the champion's reference
 * built from it by the pipeline's own code, and current windows generated from it — resampled from
 * the training ratings (no drift) or deliberately shifted.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { Random, type RatingArrays } from '../../../../src/engine/index.ts';
import { referenceFromStats, type DriftReference } from '../../../../src/monitoring/drift/drift-reference.ts';
import type { CurrentRatings } from '../../../../src/monitoring/drift/drift-features.ts';
import { fingerprint } from '../../../../src/pipeline/fingerprint.ts';
import { computeReferenceStats, type ReferenceStats } from '../../../../src/pipeline/reference-stats.ts';

const dataDir = fileURLToPath(new URL('../../../../data/ml-latest-small/', import.meta.url));
const DAY_MS = 86_400_000;

export interface TrainingData {
  ratings: Required<RatingArrays>;
  genres: Map<number, string[]>;
}

let cached: TrainingData | undefined;

export function latestSmall(): TrainingData {
  if (cached) return cached;
  const rows = parse(readFileSync(`${dataDir}ratings.csv`), { from_line: 2 }) as string[][];
  const ratings = {
    userIds: Int32Array.from(rows, (r) => Number(r[0])),
    itemIds: Int32Array.from(rows, (r) => Number(r[1])),
    ratings: Float32Array.from(rows, (r) => Number(r[2])),
    timestamps: Float64Array.from(rows, (r) => Number(r[3]) * 1000),
  };
  const movies = parse(readFileSync(`${dataDir}movies.csv`), { from_line: 2 }) as string[][];
  const genres = new Map(movies.map((m) => [Number(m[0]), m[2] === '(no genres listed)' ? [] : m[2].split('|')]));
  cached = { ratings, genres };
  return cached;
}

export const HOLDOUT = { rmse: 0.87, mae: 0.67, ratings: 20_000 };

/** The stored reference statistics, as the pipeline writes them, and their adaptation. */
export function referenceStats(data: TrainingData, sampleSize = 10_000, seed = 0): ReferenceStats {
  const fp = fingerprint(data.ratings, { minUserRatings: 0, minMovieRatings: 0 });
  return computeReferenceStats({ data: data.ratings, fingerprint: fp, genres: data.genres, holdout: HOLDOUT, seed, sampleSize });
}

export function driftReference(data: TrainingData, sampleSize = 10_000, seed = 0): DriftReference {
  const stats = JSON.parse(JSON.stringify(referenceStats(data, sampleSize, seed))) as unknown;
  return referenceFromStats(stats, { name: 'marquee-recommender', version: '3', registeredAt: '2026-01-01T00:00:00.000Z' }, 'reference-stats.json');
}

/**
 * `n` training ratings drawn without replacement, given to new users (each training user becomes
 * one new user) on days after the training data ends, at the same time of day: a window from the
 * training distribution, as new users would produce it.
 *
 * Rows of the reference's own sample are not drawn (`exclude`): new ratings are never copies of
 * the ratings the reference sampled, and a copy would meet itself in the popularity table.
 */
export function resampled(data: TrainingData, n: number, seed: number, exclude?: DriftReference): CurrentRatings {
  const source = data.ratings;
  const rng = new Random(seed);
  const pool = exclude ? rowsOutside(data, exclude) : Int32Array.from({ length: source.ratings.length }, (_, k) => k);
  const rows = rng.shuffle(pool.slice()).subarray(0, n);
  const end = Math.ceil(source.timestamps.reduce((a, b) => Math.max(a, b), -Infinity) / DAY_MS) * DAY_MS;
  const ratings = {
    userIds: Int32Array.from(rows, (r) => source.userIds[r] + 1_000_000),
    itemIds: Int32Array.from(rows, (r) => source.itemIds[r]),
    ratings: Float32Array.from(rows, (r) => source.ratings[r]),
    timestamps: Float64Array.from(rows, (r) => end + (1 + rng.int(30)) * DAY_MS + (source.timestamps[r] % DAY_MS)),
  };
  return { ratings, genres: data.genres };
}

/**
 * A window that has drifted: ratings one star lower, of the least popular half of the movies,
 * by a few users rating many, all between 02:00 and 04:00 UTC.
 */
export function shifted(data: TrainingData, n: number, seed: number): CurrentRatings {
  const base = resampled(data, data.ratings.ratings.length, seed).ratings;
  const popularity = new Map<number, number>();
  for (const movie of data.ratings.itemIds) popularity.set(movie, (popularity.get(movie) ?? 0) + 1);
  const median = [...popularity.values()].sort((a, b) => a - b)[popularity.size >> 1];
  const rows = [...base.itemIds.keys()].filter((k) => (popularity.get(base.itemIds[k]) ?? 0) <= median).slice(0, n);
  const rng = new Random(seed + 1);
  const ratings = {
    userIds: Int32Array.from(rows, (_, k) => 2_000_000 + (k % 20)),
    itemIds: Int32Array.from(rows, (k) => base.itemIds[k]),
    ratings: Float32Array.from(rows, (k) => Math.max(0.5, base.ratings[k] - 1)),
    timestamps: Float64Array.from(rows, (k) => Math.floor(base.timestamps[k] / DAY_MS) * DAY_MS + (2 + rng.next() * 2) * 3_600_000),
  };
  return { ratings, genres: data.genres };
}

const pools = new WeakMap<DriftReference, Int32Array>();

/** Rows of the training ratings that are not in the reference's sample (matched by user and movie). */
function rowsOutside(data: TrainingData, reference: DriftReference): Int32Array {
  let pool = pools.get(reference);
  if (!pool) {
    const { userIds, movieIds } = reference.sample;
    const sampled = new Set<number>();
    // Movie ids stay below 2^21 and user ids below 2^31: one exact number per (user, movie).
    userIds.forEach((user, k) => sampled.add(user * 2 ** 21 + movieIds[k]));
    const source = data.ratings;
    pool = Int32Array.from({ length: source.ratings.length }, (_, k) => k).filter((k) => !sampled.has(source.userIds[k] * 2 ** 21 + source.itemIds[k]));
    pools.set(reference, pool);
  }
  return pool;
}

