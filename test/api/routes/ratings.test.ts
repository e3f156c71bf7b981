import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../src/data/db/database.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { seededApp, testConfig } from '../support/api-fixture.ts';

forEachDatabase('POST /ratings', (open) => {
  let db: Database;
  let app: FastifyInstance;
  before(async () => {
    ({ db, app } = await seededApp(open));
  });
  after(() => app?.close());

  const post = async (payload: unknown) => {
    const res = await app.inject({ method: 'POST', url: '/ratings', payload: payload as object });
    return { status: res.statusCode, body: res.json() };
  };
  const stored = async (userId: number) =>
    (
      await db.query<{ movie_id: number; rating: number; ms: number; source: string }>(
        `SELECT movie_id, rating::float8 AS rating, (extract(epoch FROM rated_at) * 1000)::float8 AS ms, source
         FROM ratings WHERE user_id = $1 ORDER BY movie_id`,
        [userId],
      )
    ).rows;

  test('one object is inserted with source api and the given timestamp', async () => {
    assert.deepEqual(await post({ user_id: 20, movie_id: 2, rating: 4.5, timestamp: 1_700_000_000_123 }), {
      status: 200,
      body: { inserted: 1, updated: 0 },
    });
    assert.deepEqual(await stored(20), [{ movie_id: 2, rating: 4.5, ms: 1_700_000_000_123, source: 'api' }]);
  });

  test('a timestamp left out means now', async () => {
    const before = Date.now();
    await post({ user_id: 21, movie_id: 1, rating: 3 });
    const [row] = await stored(21);
    assert.ok(row.ms >= before - 1000 && row.ms <= Date.now() + 1000, `${row.ms} is not now`);
  });

  test('an array upserts on (user, movie) and counts inserted and updated rows', async () => {
    await post({ user_id: 22, movie_id: 1, rating: 1 });
    const res = await post([
      { user_id: 22, movie_id: 1, rating: 5 },
      { user_id: 22, movie_id: 3, rating: 0.5 },
      { user_id: 1, movie_id: 1, rating: 2 },
    ]);
    assert.deepEqual(res, { status: 200, body: { inserted: 1, updated: 2 } });
    assert.deepEqual((await stored(22)).map((r) => [r.movie_id, r.rating, r.source]), [[1, 5, 'api'], [3, 0.5, 'api']]);
    // A MovieLens rating replaced through the API becomes an API rating.
    assert.deepEqual((await stored(1)).find((r) => r.movie_id === 1)?.source, 'api');
  });

  test('an unknown movie is a 400 naming its field, and nothing is written', async () => {
    assert.deepEqual(await post({ user_id: 23, movie_id: 999, rating: 4 }), {
      status: 400,
      body: { error: 'Bad Request', message: 'movie 999 does not exist', field: 'movie_id' },
    });
    const res = await post([
      { user_id: 23, movie_id: 1, rating: 4 },
      { user_id: 23, movie_id: 998, rating: 4 },
    ]);
    assert.equal(res.status, 400);
    assert.equal(res.body.field, '[1].movie_id');
    assert.deepEqual(await stored(23), []);
  });

  test('the same (user, movie) twice in one request is a 400 naming the repeat', async () => {
    const res = await post([
      { user_id: 24, movie_id: 1, rating: 4 },
      { user_id: 24, movie_id: 2, rating: 4 },
      { user_id: 24, movie_id: 1, rating: 3 },
    ]);
    assert.equal(res.status, 400);
    assert.equal(res.body.field, '[2].movie_id');
    assert.match(res.body.message, /twice.*\[0\]\.movie_id/);
    assert.deepEqual(await stored(24), []);
  });

  test('invalid values are 400s naming the JSON path of the value', async () => {
    const ok = { user_id: 25, movie_id: 1, rating: 4 };
    const cases: [unknown, string, RegExp][] = [
      [{ ...ok, rating: 7 }, 'rating', /<= 5/],
      [{ ...ok, rating: 0 }, 'rating', />= 0.5/],
      [{ ...ok, rating: 3.3 }, 'rating', /multiple of 0.5/],
      [{ ...ok, rating: '4' }, 'rating', /must be number/],
      [{ ...ok, rating: true }, 'rating', /must be number/],
      [{ ...ok, user_id: 0 }, 'user_id', />= 1/],
      [{ ...ok, movie_id: 2 ** 31 }, 'movie_id', /<=/],
      [{ ...ok, timestamp: -1 }, 'timestamp', />= 0/],
      [{ movie_id: 1, rating: 4 }, 'user_id', /^user_id is required$/],
      [{ ...ok, comment: 'great' }, 'comment', /^comment is not a known property$/],
      [[ok, { ...ok, movie_id: 2, rating: 9 }], '[1].rating', /<= 5/],
      [[ok, { user_id: 25, rating: 4 }], '[1].movie_id', /is required/],
      [[], 'body', /fewer than 1 items/],
      ['a string', 'body', /^body must be object or array$/],
      [null, 'body', /must be object or array/],
    ];
    for (const [payload, field, message] of cases) {
      const res = await app.inject({
        method: 'POST',
        url: '/ratings',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
      const body = res.json();
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      assert.equal(body.field, field, JSON.stringify(payload));
      assert.match(body.message, message, JSON.stringify(payload));
    }
    assert.deepEqual(await stored(25), []);
  });

  test('at most 10,000 ratings per request', async () => {
    const many = Array.from({ length: 10_001 }, (_, k) => ({ user_id: 1000 + k, movie_id: 1, rating: 3 }));
    const res = await post(many);
    assert.equal(res.status, 400);
    assert.equal(res.body.field, 'body');
    assert.match(res.body.message, /more than 10000 items/);
    assert.deepEqual(await post(many.slice(0, 10_000)), { status: 200, body: { inserted: 10_000, updated: 0 } });
  });
});

forEachDatabase('write access with MARQUEE_API_KEY', (open) => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open, { config: testConfig({ apiKey: 's3cret-key' }) }));
  });
  after(() => app?.close());

  const rating = { user_id: 30, movie_id: 1, rating: 4 };
  const post = (authorization?: string) =>
    app.inject({ method: 'POST', url: '/ratings', payload: rating, headers: authorization ? { authorization } : {} });

  describe('POST /ratings', () => {
    test('without the header is a 401 asking for a bearer token', async () => {
      const res = await post();
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      assert.deepEqual(res.json(), {
        error: 'Unauthorized',
        message: 'This route requires the header Authorization: Bearer <MARQUEE_API_KEY>',
      });
    });

    test('with a wrong key, of any length, is a 401', async () => {
      for (const header of ['Bearer s3cret-kez', 'Bearer s', 'Bearer s3cret-key-and-more', 'Basic s3cret-key', 's3cret-key']) {
        assert.equal((await post(header)).statusCode, 401, header);
      }
    });

    test('is refused before the body is read: a 401, not a 400, for an invalid body', async () => {
      const res = await app.inject({ method: 'POST', url: '/ratings', payload: { nonsense: true } });
      assert.equal(res.statusCode, 401);
    });

    test('with the key is accepted', async () => {
      const res = await post('Bearer s3cret-key');
      assert.deepEqual([res.statusCode, res.json()], [200, { inserted: 1, updated: 0 }]);
    });
  });

  test('reads need no key', async () => {
    assert.equal((await app.inject({ url: '/movies/1' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'POST', url: '/predict', payload: { user_id: 1 } })).statusCode, 200);
  });
});
