/** The contract every driver keeps: the same SQL, COPY and transactions on PGlite and PostgreSQL. */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { before, test } from 'node:test';
import type { Database } from '../../../src/data/db/database.ts';
import { DatabaseQueryError } from '../../../src/data/db/errors.ts';
import { forEachDatabase } from '../../support/databases.ts';

const csv = (text: string) => Readable.from([Buffer.from(text)]);

forEachDatabase('database driver', (open) => {
  // One database for the suite: each test uses its own tables.
  let db: Database;
  before(async () => {
    db = await open({ migrate: false });
  });

  test('query binds parameters and returns rows with the same types on both drivers', async () => {
    const { rows, rowCount } = await db.query<{ n: number; big: number; num: string; at: Date; arr: string[] }>(
      `SELECT $1::int AS n, count(*) AS big, 4.5::numeric(2,1) AS num, to_timestamp(0) AS at, ARRAY['a','b'] AS arr FROM (VALUES (1), (2)) v(x)`,
      [7],
    );
    assert.equal(rowCount, 1);
    assert.deepEqual(rows[0], { n: 7, big: 2, num: '4.5', at: new Date(0), arr: ['a', 'b'] });
  });

  test('exec runs several statements; copyFrom and copyTo round-trip CSV with quotes and newlines', async () => {
    await db.exec('CREATE TABLE t1 (a int, b text); CREATE INDEX t1_a ON t1 (a);');
    const loaded = await db.copyFrom('t1', ['a', 'b'], csv('1,plain\n2,"with, comma"\n3,"two\nlines"\n'));
    assert.equal(loaded, 3);
    const out = await db.copyTo('SELECT a, b FROM t1 ORDER BY a');
    assert.equal(out.toString(), '1,plain\n2,"with, comma"\n3,"two\nlines"\n');
    const chunks: Buffer[] = [];
    for await (const chunk of db.copyToStream('SELECT a FROM t1 ORDER BY a')) chunks.push(chunk);
    assert.equal(Buffer.concat(chunks).toString(), '1\n2\n3\n');
  });

  test('a COPY inside a transaction commits with it and rolls back with it', async () => {
    await db.exec('CREATE TABLE t2 (a int PRIMARY KEY)');
    await db.transaction(async (tx) => {
      await tx.copyFrom('t2', ['a'], csv('1\n2\n'));
      assert.equal((await tx.query('SELECT a FROM t2')).rowCount, 2);
    });
    await assert.rejects(
      db.transaction(async (tx) => {
        await tx.copyFrom('t2', ['a'], csv('3\n4\n'));
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.deepEqual((await db.query<{ a: number }>('SELECT a FROM t2 ORDER BY a')).rows, [{ a: 1 }, { a: 2 }]);
  });

  test('driver failures are wrapped with the query, parameters, SQLSTATE and cause', async () => {
    await db.exec('CREATE TABLE t3 (a int PRIMARY KEY)');
    await db.query('INSERT INTO t3 VALUES ($1)', [1]);
    const error = await db.query('INSERT INTO t3 VALUES ($1)', [1]).catch((e: unknown) => e);
    assert.ok(error instanceof DatabaseQueryError);
    assert.equal(error.sqlState, '23505');
    assert.equal(error.query, 'INSERT INTO t3 VALUES ($1)');
    assert.deepEqual(error.params, [1]);
    assert.ok(error.cause instanceof Error);
    const copyError = await db.copyFrom('t3', ['a'], csv('x\n')).catch((e: unknown) => e);
    assert.ok(copyError instanceof DatabaseQueryError);
    assert.equal(copyError.sqlState, '22P02');
  });

  test('copyFrom refuses a table name that is not a plain identifier', async () => {
    await assert.rejects(db.copyFrom('t; DROP TABLE x', ['a'], csv('')), /not a plain SQL identifier/);
  });
});
