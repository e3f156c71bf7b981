import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { forEachDatabase } from '../../support/databases.ts';
import { getJson, movies, seededApp } from '../support/api-fixture.ts';

forEachDatabase('movies routes', (open) => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open));
  });
  after(() => app?.close());

  const get = (url: string) => getJson(app, url);

  test('GET /movies/{id} returns the movie', async () => {
    assert.deepEqual(await get('/movies/1'), { status: 200, body: movies[0] });
    assert.deepEqual((await get('/movies/7')).body, { movie_id: 7, title: 'Untitled', year: null, genres: [] });
  });

  test('GET /movies/{id} of an unknown movie is a 404 naming it', async () => {
    assert.deepEqual(await get('/movies/999'), { status: 404, body: { error: 'Not Found', message: 'movie 999 does not exist' } });
  });

  test('GET /movies/{id} rejects an id that is not a positive 32-bit integer', async () => {
    for (const id of ['abc', '0', '-3', '1.5', '2147483648']) {
      const { status, body } = await get(`/movies/${id}`);
      assert.equal(status, 400, id);
      assert.equal(body.field, 'id', id);
    }
  });

  test('GET /movies searches titles case-insensitively, with % and _ taken literally', async () => {
    const ids = async (url: string) => ((await get(url)).body.movies as { movie_id: number }[]).map((m) => m.movie_id);
    assert.deepEqual(await ids('/movies?search=HEAT'), [2, 6]);
    assert.deepEqual(await ids('/movies?search=%25'), [5]);
    assert.deepEqual(await ids('/movies?search=f_s'), [5]);
    assert.deepEqual(await ids('/movies?search=nothing-like-this'), []);
  });

  test('GET /movies filters by genre in any case and combines it with the search', async () => {
    const ids = async (url: string) => ((await get(url)).body.movies as { movie_id: number }[]).map((m) => m.movie_id);
    assert.deepEqual(await ids('/movies?genre=action'), [2, 4]);
    assert.deepEqual(await ids('/movies?genre=Sci-Fi'), [5]);
    assert.deepEqual(await ids('/movies?genre=action&search=gold'), [4]);
  });

  test('GET /movies returns 20 movies by default and honours limit', async () => {
    assert.equal((await get('/movies')).body.movies.length, movies.length);
    assert.deepEqual((await get('/movies?limit=2')).body.movies, movies.slice(0, 2));
  });

  test('GET /movies rejects a bad limit, an empty search and unknown parameters, naming them', async () => {
    for (const [query, field] of [
      ['limit=0', 'limit'],
      ['limit=101', 'limit'],
      ['limit=ten', 'limit'],
      ['search=', 'search'],
      ['genre=', 'genre'],
      ['sort=title', 'sort'],
    ]) {
      const { status, body } = await get(`/movies?${query}`);
      assert.equal(status, 400, query);
      assert.equal(body.error, 'Bad Request');
      assert.equal(body.field, field, query);
      assert.match(body.message, new RegExp(`^${field} `), query);
    }
  });
});
