/** Reads of the movie catalogue for the API. */
import fp from 'fastify-plugin';
import type { Static } from 'typebox';
import type { Queryable } from '../../../data/db/database.ts';
import type { Movie } from '../../schemas/movies.ts';
import { intArray } from '../../sql-params.ts';

export type MovieRow = Static<typeof Movie>;

export interface MovieSearch {
  search?: string;
  genre?: string;
  limit: number;
}

export interface MoviesRepository {
  findById(id: number): Promise<MovieRow | null>;
  /** Title contains `search` (any case), has `genre` (any case); ordered by id. */
  search(query: MovieSearch): Promise<MovieRow[]>;
  /** The movies among `ids`, in no particular order. */
  findMany(ids: readonly number[]): Promise<MovieRow[]>;
  /** The ids among `ids` that are not in the catalogue. */
  missing(ids: readonly number[]): Promise<Set<number>>;
  /** The whole catalogue (the serving cache holds it in memory). */
  all(): Promise<MovieRow[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    moviesRepository: MoviesRepository;
  }
}

const COLUMNS = 'movie_id, title, year, genres';

/** `%` and `_` in a search are letters to find, not wildcards. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function createMoviesRepository(db: Queryable): MoviesRepository {
  return {
    async findById(id) {
      const { rows } = await db.query<MovieRow>(`SELECT ${COLUMNS} FROM movies WHERE movie_id = $1`, [id]);
      return rows[0] ?? null;
    },

    async search({ search, genre, limit }) {
      const { rows } = await db.query<MovieRow>(
        `SELECT ${COLUMNS} FROM movies
         WHERE ($1::text IS NULL OR title ILIKE '%' || $1 || '%')
           AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM unnest(genres) g WHERE lower(g) = lower($2)))
         ORDER BY movie_id
         LIMIT $3`,
        [search === undefined ? null : likeEscape(search), genre ?? null, limit],
      );
      return rows;
    },

    async findMany(ids) {
      if (ids.length === 0) return [];
      const { rows } = await db.query<MovieRow>(`SELECT ${COLUMNS} FROM movies WHERE movie_id = ANY($1::int[])`, [intArray(ids)]);
      return rows;
    },

    async missing(ids) {
      const { rows } = await db.query<{ id: number }>(
        `SELECT id FROM unnest($1::int[]) AS id WHERE NOT EXISTS (SELECT 1 FROM movies WHERE movie_id = id)`,
        [intArray(ids)],
      );
      return new Set(rows.map((r) => r.id));
    },

    async all() {
      const { rows } = await db.query<MovieRow>(`SELECT ${COLUMNS} FROM movies`);
      return rows;
    },
  };
}

export default fp(
  async (fastify) => {
    fastify.decorate('moviesRepository', createMoviesRepository(fastify.db));
  },
  { name: 'movies-repository', dependencies: ['database'] },
);
