/**
 * Step 1 of the pipeline: the ratings to learn from, through the database's fast read path, with
 * the training filters applied and, when asked, a seeded sample of what the filters kept. Rows stay
 * in the reader's (user, movie) order, so the same data and seed always give the same arrays.
 */
import type { Queryable } from '../data/db/database.ts';
import { readRatings } from '../data/ratings-reader.ts';
import { Random, type RatingArrays, type RatingScale } from '../engine/index.ts';
import { NotEnoughDataError } from './errors.ts';
import type { TrainingFilters } from './training.config.ts';

export interface TrainingData {
  ratings: Required<RatingArrays>;
  /** The lowest and highest rating present: predictions are clipped to it. */
  scale: RatingScale;
}

export async function loadTrainingData(db: Queryable, filters: TrainingFilters, seed: number): Promise<TrainingData> {
  const all = (await readRatings(db, {
    minUserRatings: filters.minUserRatings,
    minMovieRatings: filters.minMovieRatings,
    from: filters.from,
    to: filters.to,
  })) as Required<RatingArrays>;
  if (all.ratings.length === 0) throw new NotEnoughDataError('no ratings match the training filters');
  const ratings = filters.sample === undefined ? all : sampleRows(all, filters.sample, seed);
  let min = Infinity;
  let max = -Infinity;
  for (const r of all.ratings) {
    if (r < min) min = r;
    if (r > max) max = r;
  }
  return { ratings, scale: { min, max } };
}

/** `size` rows (a fraction or a count) chosen uniformly with `seed`, kept in their original order. */
export function sampleRows(data: Required<RatingArrays>, size: number, seed: number): Required<RatingArrays> {
  const n = data.ratings.length;
  const k = Math.min(n, size < 1 ? Math.round(size * n) : size);
  const order = new Int32Array(n);
  for (let row = 0; row < n; row++) order[row] = row;
  const rows = new Random(seed).shuffle(order).subarray(0, k).sort();
  return selectRows(data, rows);
}

export function selectRows(data: Required<RatingArrays>, rows: Int32Array): Required<RatingArrays> {
  const out = {
    userIds: new Int32Array(rows.length),
    itemIds: new Int32Array(rows.length),
    ratings: new Float32Array(rows.length),
    timestamps: new Float64Array(rows.length),
  };
  rows.forEach((row, k) => {
    out.userIds[k] = data.userIds[row];
    out.itemIds[k] = data.itemIds[row];
    out.ratings[k] = data.ratings[row];
    out.timestamps[k] = data.timestamps[row];
  });
  return out;
}

/** Genres of every catalogued movie, for the reference statistics' genre mix. */
export async function loadGenres(db: Queryable): Promise<Map<number, string[]>> {
  const { rows } = await db.query<{ movie_id: number; genres: string[] }>('SELECT movie_id, genres FROM movies');
  return new Map(rows.map((r) => [r.movie_id, r.genres]));
}
