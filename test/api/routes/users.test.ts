import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { forEachDatabase } from '../../support/databases.ts';
import { getJson, movies, ratings, seededApp } from '../support/api-fixture.ts';

forEachDatabase('GET /users/{id}/ratings', (open) => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open));
  });
  after(() => app?.close());

  const get = (url: string) => getJson(app, url);

  test('lists the ratings most recent first, with titles and epoch-ms timestamps', async () => {
    const expected = ratings
      .filter(([user]) => user === 1)
      .sort((a, b) => b[3] - a[3])
      .map(([, movie, rating, ms]) => ({
        movie_id: movie,
        title: movies.find((m) => m.movie_id === movie)!.title,
        rating,
        timestamp: ms,
        source: 'movielens',
      }));
    assert.deepEqual(await get('/users/1/ratings'), {
      status: 200,
      body: { user_id: 1, total: 3, limit: 100, offset: 0, ratings: expected },
    });
  });

  test('keeps half-star ratings exact', async () => {
    const { body } = await get('/users/3/ratings');
    assert.deepEqual(
      body.ratings.map((r: { rating: number }) => r.rating).sort(),
      [0.5, 4.5, 5],
    );
  });

  test('pages with limit and offset while total counts every rating', async () => {
    const { body } = await get('/users/1/ratings?limit=1&offset=1');
    assert.equal(body.total, 3);
    assert.deepEqual([body.limit, body.offset], [1, 1]);
    assert.deepEqual(body.ratings.map((r: { movie_id: number }) => r.movie_id), [2]);
    assert.deepEqual((await get('/users/1/ratings?offset=3')).body.ratings, []);
  });

  test('a user without ratings has an empty list', async () => {
    assert.deepEqual(await get('/users/9/ratings'), {
      status: 200,
      body: { user_id: 9, total: 0, limit: 100, offset: 0, ratings: [] },
    });
  });

  test('rejects a bad id, limit or offset, naming the field', async () => {
    for (const [url, field] of [
      ['/users/x/ratings', 'id'],
      ['/users/0/ratings', 'id'],
      ['/users/1/ratings?limit=0', 'limit'],
      ['/users/1/ratings?limit=1001', 'limit'],
      ['/users/1/ratings?offset=-1', 'offset'],
      ['/users/1/ratings?offset=1.5', 'offset'],
      ['/users/1/ratings?page=2', 'page'],
    ]) {
      const { status, body } = await get(url);
      assert.equal(status, 400, url);
      assert.equal(body.field, field, url);
    }
  });
});
