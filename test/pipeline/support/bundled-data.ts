/**
 * The bundled ml-latest-small loaded straight into a test database with COPY: a few seconds instead
 * of the full import, which the data tests cover. `maxUserId` keeps only the first users' ratings
 * (the file is ordered by user), for tests that need real data but not all of it.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { Queryable } from '../../../src/data/db/database.ts';

export const BUNDLED_DIR = fileURLToPath(new URL('../../../data/ml-latest-small/', import.meta.url));

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

export async function loadBundledData(db: Queryable, options: { maxUserId?: number } = {}): Promise<{ ratings: number; movies: number }> {
  const movies = parse(readFileSync(`${BUNDLED_DIR}movies.csv`), { from_line: 2 }) as [string, string, string][];
  const movieCsv = movies
    .map(([id, title, genres]) => {
      const list = genres === '(no genres listed)' ? [] : genres.split('|');
      return `${id},${quote(title)},${quote(`{${list.map((g) => `"${g}"`).join(',')}}`)}`;
    })
    .join('\n');
  await db.copyFrom('movies', ['movie_id', 'title', 'genres'], Readable.from([`${movieCsv}\n`]));
  const maxUser = options.maxUserId ?? Infinity;
  const rows: string[] = [];
  for (const line of readFileSync(`${BUNDLED_DIR}ratings.csv`, 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const [user, movie, rating, seconds] = line.split(',');
    if (Number(user) > maxUser) break;
    rows.push(`${user},${movie},${rating},${new Date(Number(seconds) * 1000).toISOString()},movielens`);
  }
  await db.copyFrom('ratings', ['user_id', 'movie_id', 'rating', 'rated_at', 'source'], Readable.from([`${rows.join('\n')}\n`]));
  return { ratings: rows.length, movies: movies.length };
}
