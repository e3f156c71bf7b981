import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Database } from '../../../src/data/db/database.ts';
import { DatasetNotFoundError, InvalidLineError } from '../../../src/data/movielens/errors.ts';
import { importDataset } from '../../../src/data/movielens/import-dataset.ts';
import { directorySource } from '../../../src/data/movielens/sources/directory.ts';
import { zipSource } from '../../../src/data/movielens/sources/zip.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { tinyCsvDataset, writeDataset } from '../../support/datasets.ts';
import { missingReason, sharedData } from '../../support/shared-data.ts';
import { writeZip } from '../../support/zip.ts';

const importDir = (db: Database, dir: string) => importDataset(db, directorySource(dir));

/** A fingerprint of every imported table, to prove a failed import changed nothing. */
async function snapshot(db: Database): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [table, order] of [['movies', 'movie_id'], ['links', 'movie_id'], ['tags', 'user_id, movie_id, tag'], ['ratings', 'user_id, movie_id']]) {
    const { rows } = await db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY ${order}), '')) AS h FROM ${table} t`);
    out[table] = rows[0];
  }
  return out;
}

forEachDatabase('MovieLens import', (open) => {
  test('imports a CSV data set: movies with year and genres, links, tags, ratings from movielens', async () => {
    const db = await open();
    const summary = await importDir(db, writeDataset(tinyCsvDataset));
    assert.equal(summary.format, 'csv');
    assert.deepEqual(summary.tables.map((t) => [t.table, t.rows, t.inserted, t.updated]), [
      ['movies', 4, 4, 0],
      ['links', 4, 4, 0],
      ['tags', 2, 2, 0],
      ['ratings', 4, 4, 0],
    ]);
    const movies = await db.query('SELECT movie_id, title, year, genres FROM movies ORDER BY movie_id');
    assert.deepEqual(movies.rows, [
      { movie_id: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Adventure', 'Animation', 'Children'] },
      { movie_id: 2, title: 'Misérables, Les (1995)', year: 1995, genres: ['Drama', 'Musical'] },
      { movie_id: 3, title: 'Babylon 5', year: null, genres: [] },
      { movie_id: 4, title: 'Stranger Things (2016– )', year: 2016, genres: ['Drama'] },
    ]);
    const ratings = await db.query('SELECT user_id, movie_id, rating::float8 AS rating, rated_at, source FROM ratings ORDER BY 1, 2');
    assert.deepEqual(ratings.rows[0], { user_id: 1, movie_id: 1, rating: 4, rated_at: new Date(964982703000), source: 'movielens' });
    assert.equal(ratings.rows.length, 4);
    const tags = await db.query('SELECT tag FROM tags ORDER BY user_id');
    assert.deepEqual(tags.rows.map((r) => r.tag), ['funny, "clever"', 'sci-fi']);
    const links = await db.query('SELECT imdb_id, tmdb_id FROM links WHERE movie_id IN (1, 2) ORDER BY movie_id');
    assert.deepEqual(links.rows, [{ imdb_id: '0114709', tmdb_id: 862 }, { imdb_id: '0113497', tmdb_id: null }]);
  });

  test('importing twice leaves the same rows; a changed rating is updated and only it', async () => {
    const db = await open();
    const dir = writeDataset(tinyCsvDataset);
    await importDir(db, dir);
    const first = await snapshot(db);
    const again = await importDir(db, dir);
    assert.ok(again.tables.every((t) => t.inserted === 0 && t.updated === 0), JSON.stringify(again.tables));
    assert.deepEqual(await snapshot(db), first);

    const changed = writeDataset({ ...tinyCsvDataset, 'ratings.csv': tinyCsvDataset['ratings.csv'].replace('1,2,3.5,964982704', '1,2,4.5,964990000') });
    const summary = await importDir(db, changed);
    assert.deepEqual(summary.tables.find((t) => t.table === 'ratings'), {
      table: 'ratings', path: join(changed, 'ratings.csv'), rows: 4, inserted: 0, updated: 1,
    });
    const { rows } = await db.query('SELECT rating::float8 AS r, rated_at FROM ratings WHERE user_id = 1 AND movie_id = 2');
    assert.deepEqual(rows, [{ r: 4.5, rated_at: new Date(964990000000) }]);
    assert.equal((await db.query('SELECT 1 FROM ratings')).rows.length, 4);
  });

  test('reads an official-style zip archive (files inside a folder) without extracting it', async () => {
    const db = await open();
    const zipPath = join(writeDataset({}), 'ml-tiny.zip');
    await writeZip(zipPath, Object.fromEntries(Object.entries(tinyCsvDataset).map(([n, c]) => [`ml-tiny/${n}`, c])));
    const source = await zipSource(zipPath);
    try {
      const summary = await importDataset(db, source);
      assert.equal(summary.tables.find((t) => t.table === 'ratings')?.path, `${zipPath}/ml-tiny/ratings.csv`);
    } finally {
      await source.close();
    }
    assert.equal((await db.query('SELECT 1 FROM ratings')).rows.length, 4);
  });

  test('ml-100k layout: genres from u.item flags, titles decoded from Latin-1, a control byte refused', async () => {
    const db = await open();
    const flags = (on: number[]) => Array.from({ length: 19 }, (_, k) => (on.includes(k) ? '1' : '0')).join('|');
    const item = Buffer.from(`1|Toy Story (1995)|01-Jan-1995||http://x|${flags([3, 4, 5])}\n543|Mis\xe9rables, Les (1995)|01-Jan-1995||http://x|${flags([8, 12])}\n`, 'latin1');
    const dir = writeDataset({ 'u.item': item, 'u.data': '196\t1\t3\t881250949\n186\t543\t5\t891717742\n' });
    const summary = await importDir(db, dir);
    assert.equal(summary.format, 'ml-100k');
    const { rows } = await db.query('SELECT movie_id, title, year, genres FROM movies ORDER BY movie_id');
    assert.deepEqual(rows, [
      { movie_id: 1, title: 'Toy Story (1995)', year: 1995, genres: ['Animation', "Children's", 'Comedy'] },
      { movie_id: 543, title: 'Misérables, Les (1995)', year: 1995, genres: ['Drama', 'Musical'] },
    ]);
    assert.equal((await db.query('SELECT 1 FROM ratings')).rows.length, 2);
    const control = writeDataset({ 'u.item': Buffer.concat([item, Buffer.from(`2|Bad\x85Title (1995)|||x|${flags([])}\n`, 'latin1')]), 'u.data': '1\t1\t3\t1\n' });
    await assert.rejects(importDir(db, control), (e: unknown) =>
      e instanceof InvalidLineError && e.message === `${join(control, 'u.item')}:3: byte 0x85 is not a printable ISO-8859-1 character`);
  });

  test('ml-1m layout: movies.dat and the first lines of the partial ratings.dat', async (t) => {
    const movies = sharedData('ml-1m/movies.dat');
    const gz = sharedData('ml-1m/ratings.dat.first-487650-lines.gz');
    if (!movies || !gz) return t.skip(missingReason('ml-1m'));
    const db = await open();
    const dir = writeDataset({});
    execFileSync('sh', ['-c', `gzip -dc "${gz}" | head -n 5000 > "${join(dir, 'ratings.dat')}"; cp "${movies}" "${dir}/"`]);
    const summary = await importDir(db, dir);
    assert.equal(summary.format, 'ml-1m');
    assert.deepEqual(summary.tables.map((x) => [x.table, x.rows]), [['movies', 3883], ['ratings', 5000]]);
    const { rows } = await db.query('SELECT title, genres FROM movies WHERE movie_id IN (73, 582) ORDER BY movie_id');
    assert.deepEqual(rows, [
      { title: 'Misérables, Les (1995)', genres: ['Drama', 'Musical'] },
      { title: 'Metisse (Café au Lait) (1993)', genres: ['Comedy'] },
    ]);
    const first = await db.query('SELECT rating::float8 AS r, rated_at FROM ratings WHERE user_id = 1 AND movie_id = 1193');
    assert.deepEqual(first.rows, [{ r: 5, rated_at: new Date(978300760000) }]);
  });

  test('bad input stops the import at file:line and leaves the database exactly as it was', async () => {
    const db = await open();
    await importDir(db, writeDataset(tinyCsvDataset));
    const before = await snapshot(db);
    const ratingsWith = (lines: string) => ({ ...tinyCsvDataset, 'ratings.csv': `userId,movieId,rating,timestamp\n1,1,1.0,1\n${lines}` });
    const cases: [string, Record<string, string | Buffer>, string, number, RegExp][] = [
      ['rating 6.0', ratingsWith('3,1,6.0,964982703\n'), 'ratings.csv', 3, /rating must be a number from 0\.5 to 5\.0 in steps of 0\.5, got "6\.0"/],
      ['rating abc', ratingsWith('3,1,abc,964982703\n'), 'ratings.csv', 3, /rating must be .* got "abc"/],
      ['missing column', { ...tinyCsvDataset, 'ratings.csv': 'userId,movieId,rating\n1,1,4.0\n' }, 'ratings.csv', 1, /missing column timestamp/],
      ['truncated last line', ratingsWith('3,1,4.0,964982703\n4,2,3.'), 'ratings.csv', 4, /expected 4 fields separated by ",", found 3/],
      ['timestamp not an integer', ratingsWith('3,1,4.0,9649.5\n'), 'ratings.csv', 3, /timestamp must be a whole number/],
      ['duplicate rating', ratingsWith('3,1,4.0,1\n3,1,2.0,2\n'), 'ratings.csv', 4, /duplicate ratings row for user_id 3, movie_id 1 \(first on line 3\)/],
      [
        'invalid UTF-8',
        { ...tinyCsvDataset, 'movies.csv': Buffer.concat([Buffer.from('movieId,title,genres\n1,Toy Story (1995),Comedy\n2,Mis'), Buffer.from([0xe9]), Buffer.from('rables (1995),Drama\n')]) },
        'movies.csv', 3, /not valid UTF-8/,
      ],
      ['movie id not a number', { ...tinyCsvDataset, 'movies.csv': 'movieId,title,genres\nx,Title,Drama\n' }, 'movies.csv', 2, /movieId must be a positive integer/],
      ['movies line missing a field', { ...tinyCsvDataset, 'movies.csv': 'movieId,title,genres\n7,Title\n' }, 'movies.csv', 2, /expected 3 fields, found 2/],
      ['tag timestamp', { ...tinyCsvDataset, 'tags.csv': 'userId,movieId,tag,timestamp\n1,1,x,soon\n' }, 'tags.csv', 2, /timestamp must be a whole number/],
    ];
    for (const [name, files, file, line, reason] of cases) {
      const dir = writeDataset(files);
      const error = await importDir(db, dir).catch((e: unknown) => e);
      assert.ok(error instanceof InvalidLineError, `${name}: ${String(error)}`);
      assert.equal(error.file, join(dir, file), name);
      assert.equal(error.line, line, name);
      assert.match(error.message, reason, name);
      assert.ok(error.message.startsWith(`${join(dir, file)}:${line}: `), name);
      assert.deepEqual(await snapshot(db), before, `${name} changed the database`);
    }
  });

  test('a first import loads ratings in bulk and rebuilds the indexes; a repeated rating there is reported by line', async () => {
    const db = await open();
    const indexes = async () =>
      (await db.query<{ i: string }>(`SELECT indexname AS i FROM pg_indexes WHERE tablename = 'ratings' ORDER BY 1`)).rows.map((r) => r.i);
    const before = await indexes();
    assert.deepEqual(before, ['ratings_movie_id_idx', 'ratings_pkey', 'ratings_rated_at_idx']);
    const repeated = writeDataset({ ...tinyCsvDataset, 'ratings.csv': 'userId,movieId,rating,timestamp\n1,1,4.0,1\n2,1,3.0,1\n1,1,2.0,2\n' });
    await assert.rejects(importDir(db, repeated), (e: unknown) =>
      e instanceof InvalidLineError && e.message === `${join(repeated, 'ratings.csv')}:4: duplicate ratings row for user_id 1, movie_id 1 (first on line 2)`);
    assert.equal((await db.query('SELECT 1 FROM movies')).rows.length, 0, 'the whole import rolled back');
    assert.deepEqual(await indexes(), before);
    await importDir(db, writeDataset(tinyCsvDataset));
    assert.deepEqual(await indexes(), before);
    assert.equal((await db.query('SELECT 1 FROM ratings')).rows.length, 4);
  });

  test('a missing file is named by its path; a folder with no data set says what it expected', async () => {
    const db = await open();
    const { 'ratings.csv': _ratings, ...withoutRatings } = tinyCsvDataset;
    const dir = writeDataset(withoutRatings);
    await assert.rejects(importDir(db, dir), (e: unknown) => e instanceof DatasetNotFoundError && e.message === `missing file: ${join(dir, 'ratings.csv')}`);
    const empty = writeDataset({ 'notes.txt': 'hello' });
    await assert.rejects(importDir(db, empty), /no MovieLens data set found \(expected ratings\.csv and movies\.csv, or u\.data and u\.item/);
    assert.equal((await db.query('SELECT 1 FROM movies')).rows.length, 0);
  });
});
