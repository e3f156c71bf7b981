import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossValidate } from '../../src/engine/index.ts';
import { evaluateCandidates, bestByRmse } from '../../src/pipeline/evaluate-candidates.ts';
import { loadTrainingSettings } from '../../src/pipeline/training.config.ts';
import { syntheticRatings } from '../engine/model-selection/fixtures/synthetic-ratings.ts';

const data = syntheticRatings(60, 40, 12);
const scale = { min: 1, max: 5 };
const cv = { folds: 3, seed: 0, jobs: 1 };

test('fixed candidates: the scores are the cross-validation means, fold by fold', async () => {
  const { candidates } = await loadTrainingSettings({ TRAINING_CANDIDATES: '[{"algo":"BaselineOnly"},{"algo":"KNNBasic","params":{"k":5}}]' });
  const results = await evaluateCandidates(candidates, data, scale, cv);
  const direct = await crossValidate({ algo: 'KNNBasic', params: { k: 5 } }, data, scale, { cv: 3, seed: 0, jobs: 1, measures: ['rmse', 'mae'] });
  const knn = results[1];
  assert.equal(knn.name, 'KNNBasic');
  assert.equal(knn.params.k, 5);
  assert.equal(knn.params.sim, 'msd', 'defaults are filled in');
  assert.deepEqual(knn.cv.fold_rmse, direct.folds.map((f) => f.measures.rmse));
  assert.equal(knn.cv.rmse, direct.mean.rmse);
  assert.equal(knn.cv.mae, direct.mean.mae);
  for (const r of results) {
    assert.ok(r.cv.precision_at_10 >= 0 && r.cv.precision_at_10 <= 1);
    assert.ok(r.cv.ndcg_at_10 >= 0 && r.cv.ndcg_at_10 <= 1);
    assert.ok(r.cv.fit_seconds >= 0);
  }
  assert.equal(bestByRmse(results), results.reduce((a, b) => (b.cv.rmse < a.cv.rmse ? b : a)));
});

test('a searched candidate is represented by its best point, fixed parameters applied to every point', async () => {
  const { candidates } = await loadTrainingSettings({
    TRAINING_CANDIDATES: JSON.stringify([{ algo: 'KNNBasic', name: 'knn-grid', params: { min_k: 2 }, search: { method: 'grid', grid: { k: [2, 10, 30] } } }]),
  });
  const [result] = await evaluateCandidates(candidates, data, scale, cv);
  assert.equal(result.searchPoints, 3);
  assert.equal(result.params.min_k, 2);
  const scores = await Promise.all(
    [2, 10, 30].map(async (k) => (await crossValidate({ algo: 'KNNBasic', params: { k, min_k: 2 } }, data, scale, { cv: 3, seed: 0, jobs: 1 })).mean.rmse),
  );
  const bestK = [2, 10, 30][scores.indexOf(Math.min(...scores))];
  assert.equal(result.params.k, bestK);
  assert.equal(result.cv.rmse, Math.min(...scores));
});
