import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { ServingModel } from '../../../src/api/model-holder.ts';
import type { AlgoBase } from '../../../src/engine/prediction-algorithms/algo-base.ts';
import { BaselineOnly } from '../../../src/engine/prediction-algorithms/baseline-only.ts';
import { KNNBaseline } from '../../../src/engine/prediction-algorithms/knns.ts';
import { SVD } from '../../../src/engine/prediction-algorithms/matrix-factorization.ts';
import { Trainset } from '../../../src/engine/trainset.ts';
import { forEachDatabase } from '../../support/databases.ts';
import { getJson, movies, ratings, seededApp } from '../support/api-fixture.ts';

const trainset = () =>
  Trainset.build(
    { userIds: Int32Array.from(ratings, (r) => r[0]), itemIds: Int32Array.from(ratings, (r) => r[1]), ratings: Float32Array.from(ratings, (r) => r[2]) },
    { min: 0.5, max: 5 },
  );

forEachDatabase('GET /movies/{id}/similar', (open) => {
  let serving: ServingModel | null = null;
  const use = (algorithm: AlgoBase | null) => (serving = algorithm && { name: 'm', version: '2', algorithm });
  let app: FastifyInstance;
  before(async () => {
    ({ app } = await seededApp(open, { models: { current: () => serving } }));
  });
  after(() => app?.close());

  const similar = (url: string) => getJson(app, url);

  test('a factor model ranks by the cosine of its item factors, with titles and genres', async () => {
    const svd = new SVD({ n_factors: 3, n_epochs: 20 }).fit(trainset());
    use(svd);
    const { status, body } = await similar('/movies/1/similar?n=3');
    assert.equal(status, 200);
    const expected = svd.similarItems(svd.getTrainset().innerItem(1), 3);
    assert.deepEqual(body.similar.map((s: { movie_id: number }) => s.movie_id), Array.from(expected.items, (i) => svd.getTrainset().rawItemIds[i]));
    assert.deepEqual([body.movie_id, body.model, body.method], [1, { name: 'm', version: '2' }, 'factor_cosine']);
    const first = body.similar[0];
    const movie = movies.find((m) => m.movie_id === first.movie_id)!;
    assert.deepEqual([first.title, first.genres], [movie.title, movie.genres]);
    assert.ok(Math.abs(first.similarity - expected.scores[0]) < 1e-12);
    assert.equal((await similar('/movies/1/similar')).body.similar.length, 4, 'n defaults to 10; 4 other movies are known');
    assert.deepEqual((await similar('/movies/1/similar/?n=1')).body.similar, body.similar.slice(0, 1));
  });

  test('an item-based k-NN model uses its similarities', async () => {
    const knn = new KNNBaseline({ sim: 'pearson_baseline', user_based: false, min_support: 1 }).fit(trainset());
    use(knn);
    const { status, body } = await similar('/movies/2/similar?n=2');
    assert.equal(status, 200);
    assert.equal(body.method, 'item_similarity');
    const expected = knn.similarItems(knn.getTrainset().innerItem(2), 2);
    assert.deepEqual(body.similar.map((s: { similarity: number }) => s.similarity), Array.from(expected.scores));
  });

  test('404 for a movie not in the catalogue, or one the model was not trained on', async () => {
    use(new SVD({ n_factors: 2, n_epochs: 5 }).fit(trainset()));
    assert.deepEqual(await similar('/movies/999/similar'), { status: 404, body: { error: 'Not Found', message: 'movie 999 does not exist' } });
    const unrated = await similar('/movies/6/similar');
    assert.equal(unrated.status, 404);
    assert.match(unrated.body.message, /movie 6 has no ratings in the data m v2 was trained on/);
  });

  test('409 when the model has no item neighbours; 503 before a model is loaded', async () => {
    use(new BaselineOnly().fit(trainset()));
    const none = await similar('/movies/1/similar');
    assert.equal(none.status, 409);
    assert.match(none.body.message, /m v2 cannot tell similar movies: BaselineOnly learns no similarity between movies/);
    use(null);
    const early = await similar('/movies/1/similar');
    assert.deepEqual([early.status, early.body.error], [503, 'Service Unavailable']);
  });

  test('bad ids and counts are 400s naming the field', async () => {
    for (const [url, field] of [
      ['/movies/0/similar', 'id'],
      ['/movies/abc/similar', 'id'],
      ['/movies/1/similar?n=0', 'n'],
      ['/movies/1/similar?n=101', 'n'],
      ['/movies/1/similar?n=x', 'n'],
      ['/movies/1/similar?k=3', 'k'],
    ]) {
      const { status, body } = await similar(url);
      assert.deepEqual([status, body.field], [400, field], url);
    }
  });
});
