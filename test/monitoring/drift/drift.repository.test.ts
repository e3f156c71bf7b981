import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Database } from '../../../src/data/db/database.ts';
import { DriftRepository } from '../../../src/monitoring/drift/drift.repository.ts';
import { forEachDatabase } from '../../support/databases.ts';

const DAY = 86_400_000;
const NOW = new Date('2026-03-01T00:00:00.000Z');
/** The champion was trained on ratings up to this instant. */
const TRAINED_TO = Date.parse('2026-02-01T00:00:00.000Z');

/** [user, movie, rating, epoch ms]: two training-period ratings, then one a day for five days before NOW. */
const rows: [number, number, number, number][] = [
  [1, 1, 4, TRAINED_TO - DAY],
  [1, 2, 3, TRAINED_TO],
  [2, 1, 5, NOW.getTime() - 5 * DAY],
  [2, 2, 2.5, NOW.getTime() - 4 * DAY],
  [3, 1, 1, NOW.getTime() - 3 * DAY],
  [3, 3, 4.5, NOW.getTime() - 2 * DAY],
  [4, 3, 3.5, NOW.getTime() - 2 * DAY],
];

async function seeded(db: Database): Promise<DriftRepository> {
  await db.query(`INSERT INTO movies (movie_id, title, genres) VALUES (1, 'A', '{Drama,Comedy}'), (2, 'B', '{}'), (3, 'C', '{Horror}')`);
  for (const [user, movie, rating, ms] of rows) {
    await db.query(`INSERT INTO ratings (user_id, movie_id, rating, rated_at, source) VALUES ($1, $2, $3, $4, 'api')`, [user, movie, rating, new Date(ms)]);
  }
  return new DriftRepository(db);
}

forEachDatabase('drift repository', (open) => {
  test('since_training: every rating after the last training rating, with the genres', async () => {
    const repository = await seeded(await open());
    const window = await repository.read({ kind: 'since_training' }, TRAINED_TO, NOW);
    assert.equal(window.ratings.ratings.length, 5);
    assert.equal(window.from?.getTime(), TRAINED_TO + 1);
    assert.deepEqual([...window.ratings.userIds].sort(), [2, 2, 3, 3, 4]);
    assert.deepEqual(window.genres.get(1), ['Drama', 'Comedy']);
    assert.deepEqual(window.genres.get(2), []);
  });

  test('days: ratings of the last N days before now', async () => {
    const repository = await seeded(await open());
    const window = await repository.read({ kind: 'days', days: 3 }, TRAINED_TO, NOW);
    assert.equal(window.from?.toISOString(), '2026-02-26T00:00:00.000Z');
    assert.deepEqual([...window.ratings.ratings].sort(), [1, 3.5, 4.5]);
  });

  test('last: the N most recent ratings, ties at the boundary kept', async () => {
    const repository = await seeded(await open());
    assert.deepEqual([...(await repository.read({ kind: 'last', ratings: 3 }, TRAINED_TO, NOW)).ratings.ratings].sort(), [1, 3.5, 4.5]);
    // The 2nd most recent instant is shared by two ratings: both are in.
    assert.deepEqual([...(await repository.read({ kind: 'last', ratings: 1 }, TRAINED_TO, NOW)).ratings.ratings].sort(), [3.5, 4.5]);
    const all = await repository.read({ kind: 'last', ratings: 100 }, TRAINED_TO, NOW);
    assert.equal(all.from, null);
    assert.equal(all.ratings.ratings.length, rows.length);
  });
});
