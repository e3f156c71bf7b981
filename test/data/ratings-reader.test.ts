import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { Database } from '../../src/data/db/database.ts';
import { ratingsQuery, readRatings } from '../../src/data/ratings-reader.ts';
import { forEachDatabase } from '../support/databases.ts';

const day = (d: number) => new Date(Date.UTC(2020, 0, d));

/** users 1..3 and movies 10..12: user 1 rates all three, user 2 two, user 3 one. */
async function seed(db: Database): Promise<void> {
  const rows: [number, number, number, Date, string][] = [
    [1, 10, 4.5, day(1), 'movielens'],
    [1, 11, 3, day(2), 'movielens'],
    [1, 12, 0.5, day(3), 'api'],
    [2, 10, 5, day(4), 'generated'],
    [2, 11, 2.5, day(5), 'api'],
    [3, 10, 1, day(6), 'movielens'],
  ];
  for (const r of rows) await db.query('INSERT INTO ratings VALUES ($1, $2, $3, $4, $5)', r);
}

const pairs = (data: { userIds: Int32Array; itemIds: Int32Array }) =>
  Array.from(data.userIds, (u, k) => `${u}:${data.itemIds[k]}`);

forEachDatabase('ratings reader', (open) => {
  let db: Database;
  before(async () => {
    db = await open();
    await seed(db);
  });

  test('reads every rating into typed arrays, ordered by user then movie, times in epoch ms', async () => {
    const data = await readRatings(db);
    assert.deepEqual(pairs(data), ['1:10', '1:11', '1:12', '2:10', '2:11', '3:10']);
    assert.deepEqual(Array.from(data.ratings), [4.5, 3, 0.5, 5, 2.5, 1]);
    assert.deepEqual(Array.from(data.timestamps ?? []), [1, 2, 3, 4, 5, 6].map((d) => day(d).getTime()));
    assert.ok(data.userIds instanceof Int32Array && data.timestamps instanceof Float64Array);
  });

  test('filters by time window [from, to), by source, and by minimum ratings per user and per movie', async () => {
    assert.deepEqual(pairs(await readRatings(db, { from: day(2), to: day(5) })), ['1:11', '1:12', '2:10']);
    assert.deepEqual(pairs(await readRatings(db, { source: 'api' })), ['1:12', '2:11']);
    assert.deepEqual(pairs(await readRatings(db, { source: ['movielens', 'generated'] })), ['1:10', '1:11', '2:10', '3:10']);
    assert.deepEqual(pairs(await readRatings(db, { minUserRatings: 2 })), ['1:10', '1:11', '1:12', '2:10', '2:11']);
    assert.deepEqual(pairs(await readRatings(db, { minMovieRatings: 2 })), ['1:10', '1:11', '2:10', '2:11', '3:10']);
    assert.deepEqual(pairs(await readRatings(db, { minUserRatings: 2, minMovieRatings: 3 })), ['1:10', '2:10']);
    assert.equal((await readRatings(db, { from: day(10) })).ratings.length, 0);
  });

  test('refuses filter values that cannot be written safely into the COPY query', () => {
    assert.throws(() => ratingsQuery({ minUserRatings: 1.5 }), /minUserRatings must be a non-negative integer/);
    assert.throws(() => ratingsQuery({ from: new Date('nope') }), /from must be a valid Date/);
    assert.throws(() => ratingsQuery({ source: "api'; DROP TABLE ratings; --" as 'api' }), /unknown rating source/);
  });
});
