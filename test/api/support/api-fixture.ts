/**
 * A small catalogue and ratings seeded by SQL, and an app built around a test database. The data is
 * exported too, so tests compute what they expect from it instead of copying numbers.
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../../src/api/app.ts';
import type { ApiConfig, AppDeps } from '../../../src/api/app-options.ts';
import type { Database } from '../../../src/data/db/database.ts';
import type { OpenTestDatabase } from '../../support/databases.ts';

export const movies = [
  { movie_id: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Adventure', 'Animation', 'Children', 'Comedy'] },
  { movie_id: 2, title: 'Heat (1995)', year: 1995, genres: ['Action', 'Crime', 'Thriller'] },
  { movie_id: 3, title: 'Sabrina (1995)', year: 1995, genres: ['Comedy', 'Romance'] },
  { movie_id: 4, title: 'GoldenEye (1995)', year: 1995, genres: ['Action', 'Adventure', 'Thriller'] },
  { movie_id: 5, title: '100% Wolf_Story (2001)', year: 2001, genres: ['Sci-Fi'] },
  { movie_id: 6, title: 'Unrated Heat (2010)', year: 2010, genres: ['Drama'] },
  { movie_id: 7, title: 'Untitled', year: null, genres: [] },
];

/** [user, movie, rating, epoch ms]; user 1 rated most recently movie 3, user 9 nothing. */
export const ratings: [number, number, number, number][] = [
  [1, 1, 5, 1_000_000_000_000],
  [1, 2, 4, 1_000_000_100_000],
  [1, 3, 2, 1_000_000_200_000],
  [2, 1, 5, 1_000_000_000_000],
  [2, 2, 4, 1_000_000_000_000],
  [2, 4, 3, 1_000_000_000_000],
  [3, 1, 4.5, 1_000_000_000_000],
  [3, 2, 5, 1_000_000_000_000],
  [3, 5, 0.5, 1_000_000_000_000],
  [4, 1, 5, 1_000_000_000_000],
  [4, 3, 2.5, 1_000_000_000_000],
  [4, 4, 4, 1_000_000_000_000],
];

export async function seed(db: Database): Promise<void> {
  await db.query(
    `INSERT INTO movies (movie_id, title, year, genres)
     SELECT movie_id, title, year, ARRAY(SELECT json_array_elements_text(genres))
     FROM json_to_recordset($1::json) AS x(movie_id integer, title text, year smallint, genres json)`,
    [JSON.stringify(movies)],
  );
  await db.query(
    `INSERT INTO ratings (user_id, movie_id, rating, rated_at, source)
     SELECT (r->>0)::int, (r->>1)::int, (r->>2)::numeric, to_timestamp((r->>3)::float8 / 1000), 'movielens'
     FROM json_array_elements($1::json) AS r`,
    [JSON.stringify(ratings)],
  );
}

export function testConfig(overrides: Partial<ApiConfig> = {}): ApiConfig {
  return { logLevel: 'silent', apiKey: undefined, corsOrigins: [], ...overrides };
}

/** Builds the app around `db`; the caller closes the app (the database stays with the harness). */
export function testApp(db: Database, deps: Partial<Omit<AppDeps, 'database'>> = {}): Promise<FastifyInstance> {
  return buildApp({ config: testConfig(), ...deps, database: db });
}

/** A database from `open`, seeded, and the app built around it as `testApp` builds it; the caller closes the app. */
export async function seededApp(
  open: OpenTestDatabase,
  deps: Partial<Omit<AppDeps, 'database'>> = {},
): Promise<{ db: Database; app: FastifyInstance }> {
  const db = await open();
  await seed(db);
  return { db, app: await testApp(db, deps) };
}

/** GET `url` on `app`: the status and the JSON body (untyped, as `inject` gives it). */
export async function getJson(app: FastifyInstance, url: string) {
  const res = await app.inject({ url });
  return { status: res.statusCode, body: res.json() };
}

/** The Bayesian average Popularity ranks by (prior weight 10), computed from the seed data. */
export function bayesianAverage(movieId: number, rows = ratings): number {
  const mean = rows.reduce((s, r) => s + r[2], 0) / rows.length;
  const mine = rows.filter((r) => r[1] === movieId);
  return (10 * mean + mine.reduce((s, r) => s + r[2], 0)) / (10 + mine.length);
}

/** Rated movies of the seed, best Bayesian average first. */
export function popularityOrder(rows = ratings): number[] {
  const ids = [...new Set(rows.map((r) => r[1]))];
  return ids.sort((a, b) => bayesianAverage(b, rows) - bayesianAverage(a, rows) || a - b);
}
