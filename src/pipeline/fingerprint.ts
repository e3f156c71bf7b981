/**
 * What a model was trained on, in a few numbers and one hash: counts, the time range and a SHA-256
 * of the rating arrays (in their canonical (user, movie) order). Two runs with the same fingerprint
 * saw exactly the same ratings. Logged as run tags and model-version tags (`data.*`).
 */
import { createHash } from 'node:crypto';
import type { RatingArrays } from '../engine/index.ts';
import type { TrainingFilters } from './training.config.ts';

export interface DataFingerprint {
  ratings: number;
  users: number;
  movies: number;
  /** ISO 8601; null when there are no ratings. */
  first_rated_at: string | null;
  last_rated_at: string | null;
  /** `sha256:<hex>` of user ids, movie ids, ratings and timestamps. */
  hash: string;
  /** The filters that selected the ratings, as given. */
  filters: Record<string, number | string>;
}

export function fingerprint(data: Required<RatingArrays>, filters: TrainingFilters): DataFingerprint {
  const hash = createHash('sha256');
  for (const array of [data.userIds, data.itemIds, data.ratings, data.timestamps]) {
    hash.update(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }
  let first = Infinity;
  let last = -Infinity;
  for (const t of data.timestamps) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const n = data.ratings.length;
  return {
    ratings: n,
    users: new Set(data.userIds).size,
    movies: new Set(data.itemIds).size,
    first_rated_at: n > 0 ? new Date(first).toISOString() : null,
    last_rated_at: n > 0 ? new Date(last).toISOString() : null,
    hash: `sha256:${hash.digest('hex')}`,
    filters: describeFilters(filters),
  };
}

function describeFilters(filters: TrainingFilters): Record<string, number | string> {
  const out: Record<string, number | string> = {
    min_user_ratings: filters.minUserRatings,
    min_movie_ratings: filters.minMovieRatings,
  };
  if (filters.from) out.from = filters.from.toISOString();
  if (filters.to) out.to = filters.to.toISOString();
  if (filters.sample !== undefined) out.sample = filters.sample;
  return out;
}

/** The fingerprint as MLflow tags (string values), under `data.`. */
export function fingerprintTags(fp: DataFingerprint): Record<string, string> {
  return {
    'data.ratings': String(fp.ratings),
    'data.users': String(fp.users),
    'data.movies': String(fp.movies),
    'data.first_rated_at': fp.first_rated_at ?? '',
    'data.last_rated_at': fp.last_rated_at ?? '',
    'data.hash': fp.hash,
    'data.filters': JSON.stringify(fp.filters),
  };
}
