import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { forEachDatabase } from '../../support/databases.ts';
import { movies, ratings, seededApp } from '../support/api-fixture.ts';

forEachDatabase('GET /stats', (open) => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open));
  });
  after(() => app?.close());

  test('counts what the database holds, as `marquee stats --json` does', async () => {
    const res = await app.inject({ url: '/stats' });
    assert.equal(res.statusCode, 200);
    const times = ratings.map((r) => r[3]);
    assert.deepEqual(res.json(), {
      ratings: ratings.length,
      users: new Set(ratings.map((r) => r[0])).size,
      movies: movies.length,
      rated_movies: new Set(ratings.map((r) => r[1])).size,
      mean_rating: ratings.reduce((s, r) => s + r[2], 0) / ratings.length,
      by_source: { movielens: ratings.length },
      first_rated_at: new Date(Math.min(...times)).toISOString(),
      last_rated_at: new Date(Math.max(...times)).toISOString(),
    });
  });

  test('counts ratings written through the API under their source', async () => {
    await app.inject({ method: 'POST', url: '/ratings', payload: { user_id: 50, movie_id: 7, rating: 3 } });
    const stats = (await app.inject({ url: '/stats/' })).json();
    assert.deepEqual(stats.by_source, { api: 1, movielens: ratings.length });
    assert.equal(stats.rated_movies, new Set(ratings.map((r) => r[1])).size + 1);
  });
});
