import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../src/api/app-options.ts';
import type { Database } from '../../../src/data/db/database.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { forEachDatabase, type OpenTestDatabase } from '../../support/databases.ts';
import { movies, ratings, seed, testApp } from '../support/api-fixture.ts';

type Row = { user_id: number; movie_id: number; rating: number; ms: number; source: string };

/** A fresh seeded database and an app around it, for one test. */
async function withApp(open: OpenTestDatabase, deps: Partial<Omit<AppDeps, 'database'>>, use: (app: FastifyInstance, db: Database) => Promise<void>) {
  const db = await open();
  await seed(db);
  const app = await testApp(db, deps);
  try {
    await use(app, db);
  } finally {
    await app.close();
  }
}

const generate = async (app: FastifyInstance, query: string) => {
  const res = await app.inject({ method: 'POST', url: `/generate-ratings${query}` });
  return { status: res.statusCode, body: res.json() };
};

const rows = async (db: Database, where = '') =>
  (
    await db.query<Row>(
      `SELECT user_id, movie_id, rating::float8 AS rating, (extract(epoch FROM rated_at) * 1000)::float8 AS ms, source FROM ratings ${where}`,
    )
  ).rows;

const baseline = () =>
  new BaselineOnly().fit(
    Trainset.build(
      { userIds: Int32Array.from(ratings, (r) => r[0]), itemIds: Int32Array.from(ratings, (r) => r[1]), ratings: Float32Array.from(ratings, (r) => r[2]) },
      { min: 0.5, max: 5 },
    ),
  );

forEachDatabase('POST /generate-ratings', (open) => {
  test('draws real users and catalogued movies, writes them as generated now, and counts inserts apart from updates', () =>
    withApp(open, {}, async (app, db) => {
      const existing = new Set((await rows(db)).map((r) => `${r.user_id}:${r.movie_id}`));
      const started = Date.now();
      const { status, body } = await generate(app, '?batch_size=40&seed=5');
      assert.equal(status, 200, JSON.stringify(body));
      assert.deepEqual([body.requested, body.drift, body.seed, body.model], [40, 0, 5, null]);
      const written = await rows(db, `WHERE source = 'generated'`);
      assert.equal(written.length, body.generated);
      const fresh = written.filter((r) => !existing.has(`${r.user_id}:${r.movie_id}`)).length;
      assert.deepEqual([body.inserted, body.updated], [fresh, body.generated - fresh]);
      assert.ok(body.updated > 0 && body.inserted > 0, 'a small catalogue gives both');
      const users = new Set(ratings.map((r) => r[0]));
      const rated = new Set(ratings.map((r) => r[1]));
      for (const row of written) {
        assert.ok(users.has(row.user_id) && rated.has(row.movie_id), JSON.stringify(row));
        assert.ok([0.5, 2, 2.5, 3, 4, 4.5, 5].includes(row.rating), 'without a model, drawn from the real ratings');
        assert.ok(row.ms >= started - 1000 && row.ms <= Date.now() + 1000);
      }
    }));

  test('the same seed on the same data draws the same batch; no seed draws one and says which', () =>
    withApp(open, {}, async (app, db) => {
      const first = (await generate(app, '?batch_size=30&seed=77')).body;
      const batch = await rows(db, `WHERE source = 'generated' ORDER BY user_id, movie_id`);
      const other = await open();
      await seed(other);
      const twin = await testApp(other);
      try {
        assert.deepEqual((await generate(twin, '?batch_size=30&seed=77')).body, first);
        const strip = (rs: Row[]) => rs.map(({ user_id, movie_id, rating }) => [user_id, movie_id, rating]);
        assert.deepEqual(strip(await rows(other, `WHERE source = 'generated' ORDER BY user_id, movie_id`)), strip(batch));
        const unseeded = (await generate(twin, '?batch_size=5')).body;
        assert.ok(Number.isInteger(unseeded.seed) && unseeded.seed >= 0);
      } finally {
        await twin.close();
      }
    }));

  test('with a model, ratings follow its predictions plus noise of its RMSE; drift pulls them down', async () => {
    const algorithm = baseline();
    const models = { current: () => ({ name: 'b', version: '1', algorithm, rmse: 0.01 }) };
    const mean = (rs: Row[]) => rs.reduce((s, r) => s + r.rating, 0) / rs.length;
    let calm: Row[] = [];
    await withApp(open, { models }, async (app, db) => {
      assert.deepEqual((await generate(app, '?batch_size=30&seed=8')).body.model, { name: 'b', version: '1' });
      calm = await rows(db, `WHERE source = 'generated'`);
      for (const row of calm) assert.equal(row.rating, Math.round(algorithm.predict(row.user_id, row.movie_id).est * 2) / 2);
    });
    await withApp(open, { models }, async (app, db) => {
      await generate(app, '?batch_size=30&seed=8&drift=1');
      assert.ok(mean(await rows(db, `WHERE source = 'generated'`)) < mean(calm) - 1.5);
    });
  });

  test('is counted in the metrics, and only catalogued movies are drawn', () =>
    withApp(open, {}, async (app, db) => {
      await db.query(`INSERT INTO ratings (user_id, movie_id, rating, rated_at, source) VALUES (5, 424242, 4, now(), 'movielens')`);
      const metric = async () => Number(/^marquee_ratings_ingested_total\{source="generated"\} (\d+)$/m.exec((await app.inject({ url: '/metrics' })).body)?.[1]);
      const { body } = await generate(app, '?batch_size=200&seed=9');
      assert.equal(await metric(), body.generated);
      const known = new Set(movies.map((m) => m.movie_id));
      assert.ok((await rows(db, `WHERE source = 'generated'`)).every((r) => known.has(r.movie_id)));
    }));

  test('bad parameters are 400s naming the field; an empty database is a 409', () =>
    withApp(open, {}, async (app) => {
      for (const [query, field] of [
        ['?batch_size=0', 'batch_size'],
        ['?batch_size=100001', 'batch_size'],
        ['?batch_size=1.5', 'batch_size'],
        ['?batch_size=abc', 'batch_size'],
        ['?drift=-0.1', 'drift'],
        ['?drift=1.01', 'drift'],
        ['?drift=NaN', 'drift'],
        ['?seed=-1', 'seed'],
        ['?seed=2147483648', 'seed'],
        ['?size=10', 'size'],
      ]) {
        const { status, body } = await generate(app, query);
        assert.deepEqual([status, body.field], [400, field], query);
      }
      const empty = await testApp(await open());
      try {
        const { status, body } = await generate(empty, '');
        assert.equal(status, 409);
        assert.match(body.message, /no ratings of catalogued movies to imitate/);
      } finally {
        await empty.close();
      }
    }));
});
