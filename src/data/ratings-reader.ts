/**
 * The training read path: ratings straight from the database into typed arrays. The rows travel
 * as `COPY (query) TO STDOUT` CSV and are parsed from the bytes as they arrive, so there is never
 * one JavaScript object per rating. Rows come ordered by (user, movie): the same data gives the
 * same arrays, and seeded splits stay reproducible.
 */
import type { RatingArrays } from '../engine/trainset.ts';
import type { Queryable } from './db/database.ts';
import { LineSplitter } from './movielens/line-splitter.ts';
import { RatingLineParser } from './movielens/rating-line.ts';
import { RatingArraysBuilder } from './rating-arrays-builder.ts';

export const ratingSources = ['movielens', 'generated', 'api'] as const;
export type RatingSource = (typeof ratingSources)[number];

export interface RatingsFilter {
  /** Keep users with at least this many ratings (counted after the time and source filters). */
  minUserRatings?: number;
  /** Keep movies with at least this many ratings (counted the same way). */
  minMovieRatings?: number;
  /** Ratings at or after this instant. */
  from?: Date;
  /** Ratings strictly before this instant. */
  to?: Date;
  source?: RatingSource | readonly RatingSource[];
}

/** CSV of user_id, movie_id, rating, epoch milliseconds. */
const DB_LAYOUT = { separator: ',', fieldCount: 4, columns: { userId: 0, movieId: 1, rating: 2, timestamp: 3 }, header: false };

export async function readRatings(db: Queryable, filter: RatingsFilter = {}): Promise<RatingArrays> {
  const parser = new RatingLineParser(DB_LAYOUT);
  const builder = new RatingArraysBuilder();
  const splitter = new LineSplitter('COPY ratings');
  const onLine = (buf: Buffer, start: number, end: number) => {
    if (parser.parse(buf, start, end) !== undefined) {
      throw new Error(`unexpected ratings row from the database: ${buf.toString('utf8', start, end)}`);
    }
    builder.push(parser.userId, parser.movieId, parser.rating, parser.timestamp);
  };
  for await (const chunk of db.copyToStream(ratingsQuery(filter))) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return builder.build();
}

/**
 * COPY takes no bind parameters, so every value is checked and written as a literal here:
 * counts are integers, instants come from Date (ISO strings), sources from the closed list.
 * The minimum counts are applied in one pass, over the ratings the other filters keep.
 */
export function ratingsQuery(filter: RatingsFilter): string {
  const where: string[] = [];
  if (filter.from) where.push(`rated_at >= ${instant(filter.from, 'from')}`);
  if (filter.to) where.push(`rated_at < ${instant(filter.to, 'to')}`);
  if (filter.source !== undefined) {
    const sources = typeof filter.source === 'string' ? [filter.source] : filter.source;
    for (const s of sources) {
      if (!ratingSources.includes(s)) throw new RangeError(`unknown rating source ${JSON.stringify(s)}`);
    }
    where.push(`source IN (${sources.map((s) => `'${s}'`).join(', ') || 'NULL'})`);
  }
  const minUser = count(filter.minUserRatings, 'minUserRatings');
  const minMovie = count(filter.minMovieRatings, 'minMovieRatings');
  const selected = `SELECT user_id, movie_id, rating, rated_at FROM ratings${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
  const columns = `user_id, movie_id, rating, floor(extract(epoch FROM rated_at) * 1000)::bigint`;
  if (minUser <= 1 && minMovie <= 1) return `SELECT ${columns} FROM (${selected}) r ORDER BY user_id, movie_id`;
  return `WITH r AS (${selected}),
    users AS (SELECT user_id FROM r GROUP BY user_id HAVING count(*) >= ${minUser}),
    movies AS (SELECT movie_id FROM r GROUP BY movie_id HAVING count(*) >= ${minMovie})
    SELECT ${columns} FROM r JOIN users USING (user_id) JOIN movies USING (movie_id) ORDER BY user_id, movie_id`;
}

function instant(value: Date, name: string): string {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError(`${name} must be a valid Date`);
  return `'${value.toISOString()}'::timestamptz`;
}

function count(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
