/**
 * SQL that moves staged rows into the real tables. Rows that are new are inserted, rows that
 * changed are updated and identical rows are left alone, so importing the same data twice
 * writes nothing the second time. Each statement reports how many rows it inserted and updated
 * (`xmax = 0` marks a row version this statement inserted rather than updated).
 */
import type { TableName } from './staging.ts';

export const stagingDdl = /* sql */ `
LOCK TABLE movies, links, tags, ratings IN SHARE ROW EXCLUSIVE MODE;
CREATE TEMP TABLE import_movies (line int, movie_id int, title text, year smallint, genres text) ON COMMIT DROP;
CREATE TEMP TABLE import_links (line int, movie_id int, imdb_id text, tmdb_id int) ON COMMIT DROP;
CREATE TEMP TABLE import_tags (line int, user_id int, movie_id int, tag text, ts bigint) ON COMMIT DROP;
CREATE TEMP TABLE import_ratings (line int, user_id int, movie_id int, rating numeric(2,1), ts bigint) ON COMMIT DROP;
`;

const counted = (upsert: string) => /* sql */ `
WITH merged AS (${upsert} RETURNING (xmax = 0) AS inserted)
SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM merged`;

export interface MergePlan {
  sql: string;
  /** Columns that must be unique among staged rows; a repeat is reported as an input error. */
  key?: string[];
}

export const merges: Record<TableName, MergePlan> = {
  movies: {
    key: ['movie_id'],
    sql: counted(`
      INSERT INTO movies (movie_id, title, year, genres)
      SELECT movie_id, title, year, CASE WHEN genres = '' THEN '{}'::text[] ELSE string_to_array(genres, '|') END
      FROM import_movies
      ON CONFLICT (movie_id) DO UPDATE SET title = EXCLUDED.title, year = EXCLUDED.year, genres = EXCLUDED.genres
      WHERE (movies.title, movies.year, movies.genres) IS DISTINCT FROM (EXCLUDED.title, EXCLUDED.year, EXCLUDED.genres)`),
  },
  links: {
    key: ['movie_id'],
    sql: counted(`
      INSERT INTO links (movie_id, imdb_id, tmdb_id)
      SELECT movie_id, imdb_id, tmdb_id FROM import_links
      ON CONFLICT (movie_id) DO UPDATE SET imdb_id = EXCLUDED.imdb_id, tmdb_id = EXCLUDED.tmdb_id
      WHERE (links.imdb_id, links.tmdb_id) IS DISTINCT FROM (EXCLUDED.imdb_id, EXCLUDED.tmdb_id)`),
  },
  // The same tag applied twice by a user to a movie is one tag: the latest application is kept.
  tags: {
    sql: counted(`
      INSERT INTO tags (user_id, movie_id, tag, tagged_at)
      SELECT DISTINCT ON (user_id, movie_id, tag) user_id, movie_id, tag, to_timestamp(ts)
      FROM import_tags ORDER BY user_id, movie_id, tag, ts DESC
      ON CONFLICT (user_id, movie_id, tag) DO UPDATE SET tagged_at = EXCLUDED.tagged_at
      WHERE tags.tagged_at IS DISTINCT FROM EXCLUDED.tagged_at`),
  },
  ratings: {
    key: ['user_id', 'movie_id'],
    sql: counted(`
      INSERT INTO ratings (user_id, movie_id, rating, rated_at, source)
      SELECT user_id, movie_id, rating, to_timestamp(ts), 'movielens' FROM import_ratings
      ON CONFLICT (user_id, movie_id) DO UPDATE
        SET rating = EXCLUDED.rating, rated_at = EXCLUDED.rated_at, source = EXCLUDED.source
      WHERE (ratings.rating, ratings.rated_at, ratings.source)
        IS DISTINCT FROM (EXCLUDED.rating, EXCLUDED.rated_at, EXCLUDED.source)`),
  },
};

/** SQLSTATEs of a repeated key: in an upsert (21000), or when a bulk load rebuilds the primary key (23505). */
export const duplicateKeyStates = ['21000', '23505'];

/** The first staged row that repeats the key of an earlier one. */
export function firstDuplicateSql(table: TableName, key: string[]): string {
  const staging = `import_${table}`;
  return /* sql */ `
    SELECT a.line AS first, b.line AS repeated, ${key.map((k) => `a.${k}`).join(', ')}
    FROM ${staging} a JOIN ${staging} b USING (${key.join(', ')})
    WHERE a.line < b.line ORDER BY b.line, a.line LIMIT 1`;
}
