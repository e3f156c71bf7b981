/** What the database holds: the numbers `marquee stats` and `marquee start` print. */
import type { Queryable } from './db/database.ts';

export interface DataStats {
  ratings: number;
  users: number;
  /** Rows of the movies table (the catalogue), rated or not. */
  movies: number;
  /** Movies with at least one rating. */
  rated_movies: number;
  mean_rating: number | null;
  by_source: Record<string, number>;
  first_rated_at: string | null;
  last_rated_at: string | null;
}

export async function readStats(db: Queryable): Promise<DataStats> {
  const [totals, movies, sources] = await Promise.all([
    db.query<{ ratings: number; users: number; rated_movies: number; mean: number | null; first: Date | null; last: Date | null }>(
      `SELECT count(*)::int AS ratings, count(DISTINCT user_id)::int AS users, count(DISTINCT movie_id)::int AS rated_movies,
              avg(rating)::float8 AS mean, min(rated_at) AS first, max(rated_at) AS last
       FROM ratings`,
    ),
    db.query<{ movies: number }>('SELECT count(*)::int AS movies FROM movies'),
    db.query<{ source: string; n: number }>('SELECT source, count(*)::int AS n FROM ratings GROUP BY source ORDER BY source'),
  ]);
  const t = totals.rows[0];
  return {
    ratings: t.ratings,
    users: t.users,
    movies: movies.rows[0].movies,
    rated_movies: t.rated_movies,
    mean_rating: t.mean,
    by_source: Object.fromEntries(sources.rows.map((r) => [r.source, r.n])),
    first_rated_at: t.first ? t.first.toISOString() : null,
    last_rated_at: t.last ? t.last.toISOString() : null,
  };
}
