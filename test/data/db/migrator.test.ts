import assert from 'node:assert/strict';
import { test } from 'node:test';
import { migrate, MigrationError } from '../../../src/data/db/migrator.ts';
import { migrations } from '../../../src/data/migrations/index.ts';
import { forEachDatabase } from '../../support/databases.ts';

forEachDatabase('migrator', (open) => {
  test('applies every migration once and records it; a second run does nothing', async () => {
    const db = await open({ migrate: false });
    assert.deepEqual(await migrate(db), migrations.map((m) => m.version));
    assert.deepEqual(await migrate(db), []);
    const { rows } = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(rows.map((r) => r.version), migrations.map((m) => m.version));
    const tables = await db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    for (const name of ['links', 'movies', 'ratings', 'tags']) assert.ok(tables.rows.some((r) => r.t === name), name);
  });

  test('a failing migration leaves the schema and the record as they were', async () => {
    const db = await open({ migrate: false });
    const broken = [...migrations, { version: 9999, name: 'broken', sql: 'CREATE TABLE ok_table (a int); SELECT nope;' }];
    await assert.rejects(migrate(db, broken));
    const { rows } = await db.query(`SELECT 1 FROM information_schema.tables WHERE table_name IN ('ok_table', 'movies')`);
    assert.equal(rows.length, 0);
  });

  test('refuses a renamed or out-of-order migration', async () => {
    const db = await open();
    await assert.rejects(migrate(db, [{ ...migrations[0], name: 'renamed' }]), MigrationError);
    await assert.rejects(migrate(db, [...migrations].reverse().concat(migrations)), /must increase/);
  });

  test('the ratings table rejects values outside the half-star scale and unknown sources', async () => {
    const db = await open();
    const insert = (rating: number, source = 'api') =>
      db.query('INSERT INTO ratings VALUES (1, 1, $1, now(), $2)', [rating, source]);
    await insert(4.5);
    for (const bad of [0, 5.5, 6]) await assert.rejects(db.query('UPDATE ratings SET rating = $1', [bad]));
    await assert.rejects(insert(3, 'elsewhere'));
  });
});
