import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bootstrapData } from '../../src/data/bootstrap.ts';
import { DatasetNotFoundError } from '../../src/data/movielens/errors.ts';
import { readStats } from '../../src/data/stats.ts';
import { forEachDatabase } from '../support/databases.ts';
import { tinyCsvDataset, writeDataset } from '../support/datasets.ts';

forEachDatabase('bootstrapData and stats', (open) => {
  test('imports the data directory into an empty database, and only then', async () => {
    const db = await open();
    const dataDir = writeDataset(tinyCsvDataset);
    const summary = await bootstrapData(db, { dataDir });
    assert.equal(summary?.tables.find((t) => t.table === 'ratings')?.inserted, 4);
    assert.equal(await bootstrapData(db, { dataDir }), undefined);
    assert.deepEqual(await readStats(db), {
      ratings: 4,
      users: 2,
      movies: 4,
      rated_movies: 3,
      mean_rating: 3.25,
      by_source: { movielens: 4 },
      first_rated_at: '2000-07-30T18:45:03.000Z',
      last_rated_at: '2000-07-30T18:45:06.000Z',
    });
  });

  test('stats of an empty database; a missing data directory is named', async () => {
    const db = await open();
    assert.deepEqual(await readStats(db), {
      ratings: 0, users: 0, movies: 0, rated_movies: 0, mean_rating: null, by_source: {}, first_rated_at: null, last_rated_at: null,
    });
    await assert.rejects(bootstrapData(db, { dataDir: '/nowhere/ml' }), (e: unknown) =>
      e instanceof DatasetNotFoundError && e.message.includes('MARQUEE_DATA_DIR: /nowhere/ml does not exist'));
  });
});
