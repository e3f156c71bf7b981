/** Reads and writes of users' ratings for the API. */
import fp from 'fastify-plugin';
import type { Static } from 'typebox';
import type { Database } from '../../../data/db/database.ts';
import type { RatingInput, UserRating } from '../../schemas/ratings.ts';
import type { Activity } from '../../synthetic-ratings.ts';
import { intArray } from '../../sql-params.ts';

export type UserRatingRow = Static<typeof UserRating>;
/** `timestamp` in epoch milliseconds; undefined → now. */
export type NewRating = Static<typeof RatingInput>;

export interface RatingsRepository {
  /** One page of a user's ratings, most recent first, and how many the user has in all. */
  listByUser(userId: number, limit: number, offset: number): Promise<{ total: number; ratings: UserRatingRow[] }>;
  /** Inserts or replaces each (user, movie) rating, marked with `source`. Pairs must be distinct. */
  upsert(ratings: readonly NewRating[], source: WrittenSource): Promise<{ inserted: number; updated: number }>;
  /** The ratings of each of `userIds` that has any, movies ascending. */
  ofUsers(userIds: readonly number[]): Promise<Map<number, UserRatingRows>>;
  /** Every user with at least one rating. */
  raters(): Promise<number[]>;
  /** Ratings per user, per catalogued movie and per value: what synthetic ratings imitate. */
  activity(): Promise<Activity>;
}

export interface UserRatingRows {
  movieIds: Int32Array;
  ratings: Float32Array;
}

/** The sources the API writes: ratings sent by clients, and synthetic ones it generates. */
export type WrittenSource = 'api' | 'generated';

declare module 'fastify' {
  interface FastifyInstance {
    ratingsRepository: RatingsRepository;
  }
}

export function createRatingsRepository(db: Database): RatingsRepository {
  return {
    async listByUser(userId, limit, offset) {
      const [count, page] = await Promise.all([
        db.query<{ total: number }>('SELECT count(*)::int AS total FROM ratings WHERE user_id = $1', [userId]),
        db.query<UserRatingRow>(
          `SELECT r.movie_id, m.title, r.rating::float8 AS rating,
                  (extract(epoch FROM r.rated_at) * 1000)::float8 AS timestamp, r.source
           FROM ratings r LEFT JOIN movies m ON m.movie_id = r.movie_id
           WHERE r.user_id = $1
           ORDER BY r.rated_at DESC, r.movie_id
           LIMIT $2 OFFSET $3`,
          [userId, limit, offset],
        ),
      ]);
      return { total: count.rows[0].total, ratings: page.rows };
    },

    async upsert(ratings, source) {
      // One statement for the whole batch: the rows travel as one JSON parameter. `xmax = 0` holds
      // for a freshly inserted row and not for one the ON CONFLICT branch updated.
      const rows = ratings.map((r) => ({ u: r.user_id, m: r.movie_id, r: r.rating, t: r.timestamp ?? null }));
      const { rows: counts } = await db.query<{ inserted: number; updated: number }>(
        `WITH written AS (
           INSERT INTO ratings (user_id, movie_id, rating, rated_at, source)
           SELECT u, m, r, COALESCE(to_timestamp(t / 1000.0), now()), $2::text
           FROM json_to_recordset($1::json) AS x(u integer, m integer, r numeric, t float8)
           ON CONFLICT (user_id, movie_id) DO UPDATE
             SET rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at, source = EXCLUDED.source
           RETURNING xmax = 0 AS inserted
         )
         SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated
         FROM written`,
        [JSON.stringify(rows), source],
      );
      return counts[0];
    },

    async ofUsers(userIds) {
      // One row per user with two lists, not one row per rating: a user with thousands of ratings
      // then costs one text value to transfer and split, a tenth of the time rows take.
      const { rows } = await db.query<{ user_id: number; movies: string; ratings: string }>(
        `SELECT user_id, string_agg(movie_id::text, ',' ORDER BY movie_id) AS movies, string_agg(rating::text, ',' ORDER BY movie_id) AS ratings
         FROM ratings WHERE user_id = ANY($1::int[]) GROUP BY user_id`,
        [intArray(userIds)],
      );
      const split = (text: string) => text.split(',').map(Number);
      return new Map(rows.map((r) => [r.user_id, { movieIds: Int32Array.from(split(r.movies)), ratings: Float32Array.from(split(r.ratings)) }]));
    },

    async raters() {
      const { rows } = await db.query<{ user_id: number }>('SELECT DISTINCT user_id FROM ratings');
      return rows.map((r) => r.user_id);
    },

    async activity() {
      const counts = async (sql: string) => {
        const { rows } = await db.query<{ key: number; n: number }>(sql);
        return { keys: Float64Array.from(rows, (r) => r.key), counts: Float64Array.from(rows, (r) => r.n) };
      };
      const [users, movies, values] = await Promise.all([
        counts('SELECT user_id AS key, count(*)::float8 AS n FROM ratings GROUP BY user_id ORDER BY user_id'),
        // Ratings have no foreign key to movies: only catalogued movies are worth imitating.
        counts(
          `SELECT r.movie_id AS key, count(*)::float8 AS n FROM ratings r
           WHERE EXISTS (SELECT 1 FROM movies m WHERE m.movie_id = r.movie_id)
           GROUP BY r.movie_id ORDER BY r.movie_id`,
        ),
        counts('SELECT rating::float8 AS key, count(*)::float8 AS n FROM ratings GROUP BY rating ORDER BY rating'),
      ]);
      return {
        users: { ids: Int32Array.from(users.keys), counts: users.counts },
        movies: { ids: Int32Array.from(movies.keys), counts: movies.counts },
        ratings: { values: values.keys, counts: values.counts },
      };
    },
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate('ratingsRepository', createRatingsRepository(fastify.db));
  },
  { name: 'ratings-repository', dependencies: ['database'] },
);
