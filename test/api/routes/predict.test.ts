import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ModelHolder, ServingModel } from '../../../src/api/model-holder.ts';
import { foldInUser, rankFoldedIn } from '../../../src/engine/fold-in.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { SVD } from '../../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { bayesianAverage, movies, popularityOrder, ratings, seededApp } from '../support/api-fixture.ts';

interface Recommendation {
  movie_id: number;
  title: string;
  genres: string[];
  score: number;
  predicted_rating?: number;
}

const ids = (recommendations: Recommendation[]) => recommendations.map((r) => r.movie_id);
const ratedBy = (user: number) => new Set(ratings.filter((r) => r[0] === user).map((r) => r[1]));

async function predictionsCounted(app: FastifyInstance): Promise<Record<'personalized' | 'cold_start', number>> {
  const text = (await app.inject({ url: '/metrics' })).body;
  const count = (strategy: string) => Number(new RegExp(`^marquee_predictions_total\\{strategy="${strategy}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
  return { personalized: count('personalized'), cold_start: count('cold_start') };
}

function fitBaseline(): BaselineOnly {
  const data = {
    userIds: Int32Array.from(ratings, (r) => r[0]),
    itemIds: Int32Array.from(ratings, (r) => r[1]),
    ratings: Float32Array.from(ratings, (r) => r[2]),
  };
  return new BaselineOnly().fit(Trainset.build(data, { min: 0.5, max: 5 }));
}

forEachDatabase('POST /predict (cold start)', (open) => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open));
  });
  after(() => app?.close());

  const predict = async (payload: object, url = '/predict') => {
    const res = await app.inject({ method: 'POST', url, payload });
    return { status: res.statusCode, body: res.json() };
  };

  test('an unknown user gets the rated movies by Bayesian average, with titles and genres', async () => {
    const { status, body } = await predict({ user_id: 9 });
    assert.equal(status, 200);
    assert.equal(body.strategy, 'cold_start');
    assert.equal(body.model, null);
    assert.equal(body.user_id, 9);
    assert.deepEqual(body.details, { reason: 'no_model', user_ratings: 0 });
    assert.deepEqual(ids(body.recommendations), popularityOrder());
    for (const r of body.recommendations as Recommendation[]) {
      const movie = movies.find((m) => m.movie_id === r.movie_id)!;
      assert.equal(r.title, movie.title);
      assert.deepEqual(r.genres, movie.genres);
      assert.ok(Math.abs(r.score - bayesianAverage(r.movie_id)) < 1e-9, `score of ${r.movie_id}`);
      assert.equal(r.predicted_rating, undefined);
    }
  });

  test('top_n cuts the list', async () => {
    assert.deepEqual(ids((await predict({ user_id: 9, top_n: 2 })).body.recommendations), popularityOrder().slice(0, 2));
  });

  test('never recommends a movie the user rated, unless exclude_seen is false', async () => {
    const seen = ratedBy(1);
    assert.deepEqual(ids((await predict({ user_id: 1 })).body.recommendations), popularityOrder().filter((m) => !seen.has(m)));
    assert.deepEqual(ids((await predict({ user_id: 1, exclude_seen: false })).body.recommendations), popularityOrder());
  });

  test('genres keep movies having any of them, in any case', async () => {
    const inGenres = (...genres: string[]) =>
      popularityOrder().filter((m) => movies.find((x) => x.movie_id === m)!.genres.some((g) => genres.includes(g)));
    assert.deepEqual(ids((await predict({ user_id: 9, genres: ['comedy'] })).body.recommendations), inGenres('Comedy'));
    assert.deepEqual(
      ids((await predict({ user_id: 9, genres: ['THRILLER', 'sci-fi'] })).body.recommendations),
      inGenres('Thriller', 'Sci-Fi'),
    );
    assert.deepEqual((await predict({ user_id: 9, genres: ['Western'] })).body.recommendations, []);
  });

  test('the trailing-slash form answers the same', async () => {
    assert.deepEqual(await predict({ user_id: 9, top_n: 3 }, '/predict/'), await predict({ user_id: 9, top_n: 3 }));
  });

  test('invalid input is a 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{}, 'user_id'],
      [{ user_id: 'seven' }, 'user_id'],
      [{ user_id: -1 }, 'user_id'],
      [{ user_id: 1, top_n: 0 }, 'top_n'],
      [{ user_id: 1, top_n: 101 }, 'top_n'],
      [{ user_id: 1, exclude_seen: 'yes' }, 'exclude_seen'],
      [{ user_id: 1, genres: [] }, 'genres'],
      [{ user_id: 1, genres: 'Comedy' }, 'genres'],
      [{ user_id: 1, genres: ['Comedy', ''] }, 'genres[1]'],
      [{ user_id: 1, n: 5 }, 'n'],
    ];
    for (const [payload, field] of cases) {
      const { status, body } = await predict(payload);
      assert.equal(status, 400, JSON.stringify(payload));
      assert.equal(body.field, field, JSON.stringify(payload));
    }
  });

  test('every user without ratings gets the same answer but for the id, written as the serialiser writes it', async () => {
    const answer = (payload: object) => app.inject({ method: 'POST', url: '/predict', payload });
    const [first, other, again] = await Promise.all([answer({ user_id: 9 }), answer({ user_id: 10 }), answer({ user_id: 9 })]);
    // With a genre filter the list is built for the request and its answer serialised from the object.
    const filtered = await answer({ user_id: 9, genres: [...new Set(movies.flatMap((m) => m.genres))] });
    assert.equal(first.body, filtered.body);
    assert.equal(again.body, first.body);
    assert.equal(other.body, first.body.replace(/^\{"user_id":9,/, '{"user_id":10,'));
    for (const res of [first, other, filtered]) {
      assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
      assert.equal(res.headers['content-length'], String(Buffer.byteLength(res.body)));
    }
  });

  test('the ranking is refitted after ratings are written', async () => {
    const last = popularityOrder().at(-1)!;
    const raves = Array.from({ length: 40 }, (_, k) => ({ user_id: 100 + k, movie_id: last, rating: 5 }));
    assert.equal((await app.inject({ method: 'POST', url: '/ratings', payload: raves })).statusCode, 200);
    assert.equal((await predict({ user_id: 9 })).body.recommendations[0].movie_id, last);
  });
});

forEachDatabase('POST /predict/batch', (open) => {
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open));
  });
  after(() => app?.close());

  const batch = async (payload: object) => {
    const res = await app.inject({ method: 'POST', url: '/predict/batch', payload });
    return { status: res.statusCode, body: res.json() };
  };

  test('answers each user in the order given, each without the movies it rated', async () => {
    const { status, body } = await batch({ user_ids: [2, 9, 1], top_n: 2 });
    assert.equal(status, 200);
    assert.deepEqual(body.predictions.map((p: { user_id: number }) => p.user_id), [2, 9, 1]);
    for (const p of body.predictions as { user_id: number; strategy: string; recommendations: Recommendation[] }[]) {
      const seen = ratedBy(p.user_id);
      assert.equal(p.strategy, 'cold_start');
      assert.deepEqual(ids(p.recommendations), popularityOrder().filter((m) => !seen.has(m)).slice(0, 2));
    }
  });

  test('takes at most 1,000 users and at least one', async () => {
    const users = Array.from({ length: 1000 }, (_, k) => k + 1);
    assert.equal((await batch({ user_ids: users, top_n: 1 })).body.predictions.length, 1000);
    for (const user_ids of [[...users, 1001], []]) {
      const { status, body } = await batch({ user_ids });
      assert.equal(status, 400);
      assert.equal(body.field, 'user_ids');
    }
    assert.equal((await batch({ user_ids: [1, 'x'] })).body.field, 'user_ids[1]');
  });
});

forEachDatabase('POST /predict with a serving model', (open) => {
  const algorithm = fitBaseline();
  const models: ModelHolder = { current: () => ({ name: 'baseline', version: '3', algorithm }) };
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open, { models }));
  });
  after(() => app?.close());

  const predict = async (payload: object) => (await app.inject({ method: 'POST', url: '/predict', payload })).json();

  /** The model's own ranking of the movies `user` has not rated, by `predict`'s unclipped estimate. */
  const modelOrder = (user: number, exclude: Set<number>) =>
    popularityOrder()
      .filter((m) => !exclude.has(m))
      .sort((a, b) => algorithm.predict(user, b, NaN, false).est - algorithm.predict(user, a, NaN, false).est || a - b);

  test('a user the model knows gets its personalized top-N, with predicted ratings', async () => {
    const body = await predict({ user_id: 1 });
    assert.equal(body.strategy, 'personalized');
    assert.deepEqual(body.model, { name: 'baseline', version: '3' });
    assert.deepEqual(body.details, { reason: 'known_user', user_ratings: 3 });
    assert.deepEqual(ids(body.recommendations), modelOrder(1, ratedBy(1)));
    for (const r of body.recommendations as Recommendation[]) {
      assert.ok(Math.abs(r.score - algorithm.predict(1, r.movie_id, NaN, false).est) < 1e-9);
      assert.equal(r.predicted_rating, algorithm.predict(1, r.movie_id).est);
    }
  });

  test('a user the model does not know falls back to cold start, the answer still naming the model serving', async () => {
    const body = await predict({ user_id: 9 });
    assert.equal(body.strategy, 'cold_start');
    assert.deepEqual(body.model, { name: 'baseline', version: '3' });
    assert.deepEqual(body.details, { reason: 'too_few_ratings', user_ratings: 0 });
    assert.deepEqual(ids(body.recommendations), popularityOrder());
  });

  test('a new user with enough ratings stays on cold start when the model cannot fold users in', async () => {
    const payload = [1, 2, 3, 4, 5].map((movie_id) => ({ user_id: 60, movie_id, rating: 4 }));
    assert.equal((await app.inject({ method: 'POST', url: '/ratings', payload })).statusCode, 200);
    const body = await predict({ user_id: 60 });
    assert.deepEqual([body.strategy, body.details], ['cold_start', { reason: 'cannot_fold_in', user_ratings: 5 }]);
    assert.ok(ids(body.recommendations).every((m) => m > 5));
  });

  test('a rating written after the model was trained is excluded too', async () => {
    const [next] = modelOrder(2, ratedBy(2));
    const res = await app.inject({ method: 'POST', url: '/ratings', payload: { user_id: 2, movie_id: next, rating: 3 } });
    assert.equal(res.statusCode, 200);
    const body = await predict({ user_id: 2 });
    assert.ok(!ids(body.recommendations).includes(next));
    assert.deepEqual(ids(body.recommendations), modelOrder(2, new Set([...ratedBy(2), next])));
  });

  test('genres filter the personalized list as well', async () => {
    const body = await predict({ user_id: 3, genres: ['Comedy', 'Romance'] });
    const comedic = (m: number) => movies.find((x) => x.movie_id === m)!.genres.some((g) => g === 'Comedy' || g === 'Romance');
    assert.deepEqual(ids(body.recommendations), modelOrder(3, ratedBy(3)).filter(comedic));
  });

  test('every answer is counted by strategy in the metrics', async () => {
    const before = await predictionsCounted(app);
    await app.inject({ method: 'POST', url: '/predict/batch', payload: { user_ids: [1, 2, 9] } });
    const after = await predictionsCounted(app);
    assert.deepEqual([after.personalized - before.personalized, after.cold_start - before.cold_start], [2, 1]);
  });

  describe('GET /ready', () => {
    test('is 200 once a model is loaded and the database answers', async () => {
      const res = await app.inject({ url: '/ready' });
      assert.deepEqual([res.statusCode, res.json()], [200, { status: 'ready', reasons: [], model: { name: 'baseline', version: '3' } }]);
    });
  });
});

forEachDatabase('POST /predict as the serving model changes', (open) => {
  const algorithm = fitBaseline();
  let current: ServingModel | null = null;
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open, { models: { current: () => current } }));
  });
  after(() => app?.close());

  const predict = async (user_id: number) => {
    const body = (await app.inject({ method: 'POST', url: '/predict', payload: { user_id } })).json();
    return { model: body.model, reason: body.details.reason };
  };

  test('answers kept between requests follow the model: none, one, then another version of the same fit', async () => {
    assert.deepEqual(await predict(9), { model: null, reason: 'no_model' });
    assert.deepEqual(await predict(1), { model: null, reason: 'no_model' });
    current = { name: 'baseline', version: '1', algorithm };
    assert.deepEqual(await predict(9), { model: { name: 'baseline', version: '1' }, reason: 'too_few_ratings' });
    assert.deepEqual(await predict(1), { model: { name: 'baseline', version: '1' }, reason: 'known_user' });
    current = { name: 'baseline', version: '2', algorithm };
    assert.deepEqual(await predict(9), { model: { name: 'baseline', version: '2' }, reason: 'too_few_ratings' });
    assert.deepEqual(await predict(1), { model: { name: 'baseline', version: '2' }, reason: 'known_user' });
    current = null;
    assert.deepEqual(await predict(9), { model: null, reason: 'no_model' });
  });
});

forEachDatabase('POST /predict for a new user (fold-in)', (open) => {
  const data = {
    userIds: Int32Array.from(ratings, (r) => r[0]),
    itemIds: Int32Array.from(ratings, (r) => r[1]),
    ratings: Float32Array.from(ratings, (r) => r[2]),
  };
  const algorithm = new SVD({ n_factors: 3, n_epochs: 30, random_state: 1 }).fit(Trainset.build(data, { min: 0.5, max: 5 }));
  const models: ModelHolder = { current: () => ({ name: 'svd', version: '7', algorithm }) };
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open, { models }));
  });
  after(() => app?.close());

  const predict = async (payload: object) => (await app.inject({ method: 'POST', url: '/predict', payload })).json();
  const rate = async (movie_id: number, rating: number) =>
    assert.equal((await app.inject({ method: 'POST', url: '/ratings', payload: { user_id: 70, movie_id, rating } })).statusCode, 200);

  test('stays on cold start below FOLD_IN_MIN_RATINGS, then is folded in at the fifth rating', async () => {
    // Movies 6 and 7 have no ratings in the model's data: they count as ratings, but cannot be folded in.
    for (const [movie, rating] of [[1, 5], [2, 1], [6, 3.5], [7, 2]]) await rate(movie, rating);
    const before = await predict({ user_id: 70 });
    assert.deepEqual([before.strategy, before.details], ['cold_start', { reason: 'too_few_ratings', user_ratings: 4 }]);

    await rate(3, 4.5);
    const body = await predict({ user_id: 70 });
    assert.equal(body.strategy, 'personalized');
    assert.deepEqual(body.model, { name: 'svd', version: '7' });
    assert.deepEqual(body.details, { reason: 'folded_in', user_ratings: 5, fold_in_ratings: 3 });
    // What the engine says for the same ratings; the rated movies are left out, 4 and 5 remain.
    const folded = foldInUser(algorithm, [1, 2, 3], [5, 1, 4.5])!;
    const expected = rankFoldedIn(algorithm, folded, 10);
    assert.deepEqual(ids(body.recommendations), Array.from(expected.items, (i) => algorithm.getTrainset().rawItemIds[i]));
    assert.deepEqual(new Set(ids(body.recommendations)), new Set([4, 5]));
    assert.ok(Math.abs(body.recommendations[0].score - expected.scores[0]) < 1e-12);
  });

  test('rated movies stay out, and exclude_seen false lets them back in', async () => {
    const body = await predict({ user_id: 70, exclude_seen: false, top_n: 100 });
    assert.deepEqual(new Set(ids(body.recommendations)), new Set([1, 2, 3, 4, 5]), 'every movie the model knows');
  });
});
