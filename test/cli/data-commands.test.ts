/** `marquee start`, `import` and `stats` as a user runs them: child processes on both databases. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Database } from '../../src/data/db/database.ts';
import { openPglite } from '../../src/data/db/pglite/index.ts';
import { openPostgres } from '../../src/data/db/postgres/index.ts';
import { migrations } from '../../src/data/migrations/index.ts';
import { importDataset } from '../../src/data/movielens/import-dataset.ts';
import { directorySource } from '../../src/data/movielens/sources/directory.ts';
import { readStats } from '../../src/data/stats.ts';
import { runCli, startCli } from '../support/cli.ts';
import type { FreshTarget } from '../support/databases.ts';
import { forEachDatabase } from '../support/databases.ts';
import { tinyCsvDataset, writeDataset } from '../support/datasets.ts';
import { missingReason, sharedData } from '../support/shared-data.ts';

async function withDb<T>(target: FreshTarget, use: (db: Database) => Promise<T>): Promise<T> {
  const db = target.databaseUrl ? await openPostgres(target.databaseUrl) : await openPglite(target.pgliteDir);
  try {
    return await use(db);
  } finally {
    await db.close();
  }
}

forEachDatabase('marquee data commands', (_open, { kind, fresh }) => {
  test('start imports the bundled ml-latest-small into an empty database and prints the statistics', async () => {
    // `start` goes on to serve the API: it is stopped once the import's statistics are out.
    const target = await fresh();
    const running = startCli(['start', '--port', '0'], target.env);
    try {
      const stdout = await running.waitFor(/^rated from .*$/m, 240_000);
      assert.match(stdout, /^Imported .*ml-latest-small \(csv\) in [\d.]+ s$/m);
      assert.match(stdout, /^ratings\s+100,836$/m);
      assert.match(stdout, /^users\s+610$/m);
      assert.match(stdout, /^movies\s+9,742 \(9,724 rated\)$/m);
      assert.match(stdout, /^by source\s+movielens 100,836$/m);
    } finally {
      await running.stop();
    }
    const stats = await withDb(target, readStats);
    assert.deepEqual([stats.ratings, stats.users, stats.movies], [100_836, 610, 9_742]);
  });

  test('import ml-100k, then stats --json: 100,000 ratings, 943 users, 1,682 movies, Latin-1 titles decoded', async (t) => {
    const dir = sharedData('ml-100k');
    if (!dir) return t.skip(missingReason('ml-100k'));
    const target = await fresh();
    const result = await runCli(['import', dir], target.env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /ratings\s+100,000 read\s+100,000 new/);
    const stats = await runCli(['stats', '--json'], target.env);
    assert.equal(stats.code, 0, stats.stderr);
    const json = JSON.parse(stats.stdout) as Record<string, unknown>;
    assert.deepEqual([json.ratings, json.users, json.movies], [100_000, 943, 1_682]);
    assert.deepEqual(Object.keys(json).sort(), ['by_source', 'first_rated_at', 'last_rated_at', 'mean_rating', 'movies', 'rated_movies', 'ratings', 'users']);
    const titles = await withDb(target, (db) => db.query<{ title: string }>('SELECT title FROM movies WHERE movie_id IN (543, 1104) ORDER BY movie_id'));
    assert.deepEqual(titles.rows.map((r) => r.title), ['Misérables, Les (1995)', "C'est arrivé près de chez vous (1992)"]);
  });

  test('bad input exits with code 2 and file:line, and the database is unchanged', async () => {
    // The import function's own tests cover every kind of bad line; this checks what the user sees.
    const target = await fresh();
    await withDb(target, (db) => importDataset(db, directorySource(writeDataset(tinyCsvDataset))));
    const before = await withDb(target, readStats);
    const badRating = writeDataset({ ...tinyCsvDataset, 'ratings.csv': 'userId,movieId,rating,timestamp\n9,1,4.0,1\n9,2,6.0,1\n' });
    const cases: [string, string][] = [
      [badRating, `${join(badRating, 'ratings.csv')}:3: rating must be a number from 0.5 to 5.0 in steps of 0.5, got "6.0"`],
      ['/no/such/ml-dir', '/no/such/ml-dir: no such file or directory'],
    ];
    for (const [dir, message] of cases) {
      const result = await runCli(['import', dir], target.env);
      assert.equal(result.code, 2, `${dir}: ${result.stderr}`);
      assert.ok(result.stderr.startsWith(`marquee: ${message}`), result.stderr);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
    }
    assert.deepEqual(await withDb(target, readStats), before);
  });

  if (kind === 'postgres') {
    test('two processes migrating one new database at once: no error, each migration applied once', async () => {
      const target = await fresh({ migrated: false });
      const results = await Promise.all([runCli(['stats', '--json'], target.env), runCli(['stats', '--json'], target.env)]);
      for (const r of results) assert.equal(r.code, 0, r.stderr);
      const applied = await withDb(target, (db) => db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version'));
      assert.deepEqual(applied.rows.map((r) => r.version), migrations.map((m) => m.version));
    });
  }
});

test('a bad configuration value and an unknown command exit with code 2', async () => {
  const badPort = await runCli(['stats'], { PORT: 'eighty' });
  assert.equal(badPort.code, 2);
  assert.match(badPort.stderr, /^marquee: invalid configuration:\n {2}PORT: expected an integer from 0 to 65535, got "eighty"/);
  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);
});
