/**
 * The features a drift check compares, each as a reference sample and a current sample (numeric
 * features, tested with Kolmogorov–Smirnov) or as two count vectors over the same categories
 * (categorical features, tested with chi-square). Everything runs on typed arrays: no object per
 * rating, so 100 000 current ratings take milliseconds.
 *
 *   rating             the rating value: numeric (KS, reference sample) and categorical over the
 *                      half stars (chi-square, whole training distribution)
 *   ratings_per_user   how active users are; see activity-features.ts for why both sides are
 *   ratings_per_movie  thinned to the same number of ratings first
 *   movie_popularity   how popular, in the reference, the rated movies are
 *   genres             the genre mix of the rated movies
 *   hour_of_day        when ratings are made (UTC)
 */
import type { RatingArrays } from '../../engine/index.ts';
import { countsPerId, popularityValues, thinnedRows } from './activity-features.ts';
import type { DriftReference } from './drift-reference.ts';

export const DATA_FEATURES = ['rating', 'ratings_per_user', 'ratings_per_movie', 'movie_popularity', 'genres', 'hour_of_day'] as const;
export type DataFeature = (typeof DATA_FEATURES)[number];

/** What the pipeline counts a movie without genres as (src/pipeline/reference-stats.ts). */
export const NO_GENRE = '(none)';

export interface CurrentRatings {
  ratings: Required<RatingArrays>;
  /** Genres of the catalogued movies; a movie missing here counts as NO_GENRE, as in the reference. */
  genres: ReadonlyMap<number, readonly string[]>;
}

export interface NumericSample {
  feature: DataFeature;
  kind: 'numeric';
  reference: ArrayLike<number>;
  current: ArrayLike<number>;
  /** Counts (whole numbers with a long tail) are charted in doubling bins: 0, 1, 2–3, 4–7, … */
  countChart: boolean;
}

export interface CategoricalSample {
  feature: DataFeature;
  kind: 'categorical';
  categories: string[];
  reference: Float64Array;
  current: Float64Array;
  /** Each category's position on a number line when the categories are ordered (stars, hours). */
  positions?: Float64Array;
}

export type FeatureSample = NumericSample | CategoricalSample;

export interface SkippedFeature {
  feature: DataFeature | 'model_performance';
  reason: string;
}

const HOUR_MS = 3_600_000;

export function extractFeatures(
  reference: DriftReference,
  current: CurrentRatings,
  seed: number,
): { samples: FeatureSample[]; skipped: SkippedFeature[] } {
  const { sample } = reference;
  const data = current.ratings;
  const samples: FeatureSample[] = [];
  const skipped: SkippedFeature[] = [];

  if (sample.ratings.length === 0) {
    const reason = 'the reference holds no sample of ratings (its reference_sample_size was 0)';
    for (const feature of ['rating', 'ratings_per_user', 'ratings_per_movie', 'movie_popularity'] as const) skipped.push({ feature, reason });
  } else {
    samples.push({ feature: 'rating', kind: 'numeric', reference: sample.ratings, current: data.ratings, countChart: false });
    // Same number of ratings on both sides: counts per user depend on how many ratings are counted.
    const m = Math.min(sample.ratings.length, data.ratings.length);
    const referenceRows = thinnedRows(sample.ratings.length, m, seed);
    const currentRows = thinnedRows(data.ratings.length, m, seed + 1);
    samples.push(
      activity('ratings_per_user', countsPerId(sample.userIds, referenceRows), countsPerId(data.userIds, currentRows)),
      activity('ratings_per_movie', countsPerId(sample.movieIds, referenceRows), countsPerId(data.itemIds, currentRows)),
    );
    if (sample.movieIds.length < 2) skipped.push({ feature: 'movie_popularity', reason: 'the reference sample holds fewer than 2 ratings' });
    else samples.push(activity('movie_popularity', ...popularityValues(sample.movieIds, data.itemIds, seed + 2)));
  }
  samples.push(ratingCategories(reference, data.ratings), genreMix(reference, current), hourOfDay(reference, data.timestamps));
  return { samples, skipped };
}

function activity(feature: DataFeature, reference: Float64Array, current: Float64Array): NumericSample {
  return { feature, kind: 'numeric', reference, current, countChart: true };
}

/** The half stars 0.5 … 5.0; categories empty on both sides are left out (whole-star data sets). */
function ratingCategories(reference: DriftReference, ratings: Float32Array): CategoricalSample {
  const referenceCounts = new Float64Array(10);
  reference.ratingValues.forEach((value, k) => (referenceCounts[halfStar(value, 'reference rating')] += reference.ratingCounts[k]));
  const currentCounts = new Float64Array(10);
  for (let i = 0; i < ratings.length; i++) currentCounts[halfStar(ratings[i], 'current rating')]++;
  const kept = [...referenceCounts.keys()].filter((k) => referenceCounts[k] + currentCounts[k] > 0);
  return {
    feature: 'rating',
    kind: 'categorical',
    categories: kept.map((k) => ((k + 1) / 2).toFixed(1)),
    reference: Float64Array.from(kept, (k) => referenceCounts[k]),
    current: Float64Array.from(kept, (k) => currentCounts[k]),
    positions: Float64Array.from(kept, (k) => (k + 1) / 2),
  };
}

function halfStar(value: number, what: string): number {
  const k = Math.round(value * 2) - 1;
  if (!(k >= 0 && k < 10 && Math.abs((k + 1) / 2 - value) < 1e-6)) throw new RangeError(`${what} ${value} is not a half star from 0.5 to 5`);
  return k;
}

function genreMix(reference: DriftReference, current: CurrentRatings): CategoricalSample {
  const index = new Map<string, number>();
  const names: string[] = [];
  const slot = (name: string) => {
    let k = index.get(name);
    if (k === undefined) {
      k = names.push(name) - 1;
      index.set(name, k);
    }
    return k;
  };
  reference.genres.names.forEach(slot);
  // Genre slots per movie, looked up once per movie rather than once per rating.
  const slotsOf = new Map<number, Int32Array>();
  const counts: number[] = [];
  const itemIds = current.ratings.itemIds;
  for (let i = 0; i < itemIds.length; i++) {
    let slots = slotsOf.get(itemIds[i]);
    if (slots === undefined) {
      const genres = current.genres.get(itemIds[i]);
      slots = Int32Array.from(genres && genres.length > 0 ? genres : [NO_GENRE], slot);
      slotsOf.set(itemIds[i], slots);
    }
    for (const k of slots) counts[k] = (counts[k] ?? 0) + 1;
  }
  const order = names.map((_, k) => k).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const referenceCounts = new Float64Array(names.length);
  reference.genres.counts.forEach((c, k) => (referenceCounts[k] = c));
  return {
    feature: 'genres',
    kind: 'categorical',
    categories: order.map((k) => names[k]),
    reference: Float64Array.from(order, (k) => referenceCounts[k]),
    current: Float64Array.from(order, (k) => counts[k] ?? 0),
  };
}

function hourOfDay(reference: DriftReference, timestamps: Float64Array): CategoricalSample {
  const counts = new Float64Array(24);
  for (let i = 0; i < timestamps.length; i++) {
    const hour = Math.floor(timestamps[i] / HOUR_MS) % 24;
    counts[hour < 0 ? hour + 24 : hour]++;
  }
  return {
    feature: 'hour_of_day',
    kind: 'categorical',
    categories: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
    reference: Float64Array.from(reference.hourOfDay),
    current: counts,
    positions: Float64Array.from({ length: 24 }, (_, h) => h),
  };
}
